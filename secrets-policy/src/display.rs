//! Printing a policy back in the grammar: `CheckedPolicy::parse` of the output gives an equal policy.

use std::fmt;

use crate::policy::Operand;
use crate::render::quoted_in_full as quoted;
use crate::{CheckedPolicy, Class};

impl fmt::Display for CheckedPolicy {
    /// Writes the policy as rules of the grammar, in a canonical order: `len`; each class that
    /// differs from the default (custom characters, left out, or `symbols` brought in); the
    /// count rules in the order written; `max_consecutive`; `max_sequential`; `min_entropy`. `exclude` does not
    /// appear: its effect is in the classes' characters.
    ///
    /// ```
    /// # #[cfg(feature = "text")] { // The policies are written as text (the default `text` feature).
    /// use secrets_policy::CheckedPolicy;
    ///
    /// let policy = CheckedPolicy::parse("digits >= 3, len = 10, lower >= 1, upper >= 1, lower <= 5").unwrap();
    /// assert_eq!(policy.to_string(), "len = 10, digits >= 3, lower >= 1, lower <= 5, upper >= 1");
    ///
    /// let policy = CheckedPolicy::parse("len = 12, exclude = \"0123456789\", symbols = \"!#\"").unwrap();
    /// assert_eq!(policy.to_string(), "len = 12, digits == 0, symbols = \"!#\"");
    /// assert_eq!(CheckedPolicy::parse(&policy.to_string()), Ok(policy));
    /// # }
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "len = {}", self.len)?;
        for class in Class::ALL {
            let name = class.name();
            let chars: &str = &self.classes[class.index()];
            if chars.is_empty() {
                if class.in_default_alphabet() {
                    write!(f, ", {name} == 0")?;
                }
            } else if chars != class.default_chars() {
                write!(f, ", {name} = {}", quoted(chars))?;
            } else if !class.in_default_alphabet() && !self.names(class) {
                // In the alphabet with nothing to count: a rule that only brings it in.
                write!(f, ", {name} >= 0")?;
            }
        }
        for constraint in self.constraints.iter() {
            let mut target = String::new();
            for operand in constraint.target.iter() {
                if !target.is_empty() {
                    target.push_str(" | ");
                }
                match operand {
                    Operand::Class(class) => target.push_str(class.name()),
                    Operand::Chars(chars) => target.push_str(&quoted(chars)),
                }
            }
            if constraint.min == constraint.max {
                write!(f, ", {target} == {}", constraint.min)?;
                continue;
            }
            if constraint.min > 0 {
                write!(f, ", {target} >= {}", constraint.min)?;
            }
            if constraint.max < self.len {
                write!(f, ", {target} <= {}", constraint.max)?;
            }
        }
        if let Some(limit) = self.max_consecutive {
            write!(f, ", max_consecutive = {limit}")?;
        }
        if let Some(limit) = self.max_sequential {
            write!(f, ", max_sequential = {limit}")?;
        }
        if let Some(bits) = self.min_entropy {
            // `{}` prints the shortest decimal that reads back as the same f64, never with an
            // exponent, so the grammar's numbers can hold it.
            write!(f, ", min_entropy = {bits}")?;
        }
        Ok(())
    }
}

impl CheckedPolicy {
    /// Whether a constraint names `class` as an operand (and so brings it into the alphabet).
    fn names(&self, class: Class) -> bool {
        self.constraints
            .iter()
            .any(|constraint| constraint.target.contains(&Operand::Class(class)))
    }
}
