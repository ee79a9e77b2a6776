//! The checked policy: what the checks produce and what generation and counting read.
//!
//! Every field is either `Copy` or a `Cow<'static, _>`, so the macro can emit a `Policy` as a
//! constant expression of borrowed `'static` data, while [`crate::check`] builds one of owned
//! data at run time. Both are the same type and compare equal when they describe the same rules.

use std::borrow::Cow;

use crate::class::Class;

/// The longest password a policy may ask for.
pub const MAX_LEN: usize = 256;

/// The most characters an alphabet may hold: generation draws one byte per character index.
pub const MAX_ALPHABET: usize = 256;

/// The most count constraints one policy may have (each is one bit of a membership mask).
pub const MAX_CONSTRAINTS: usize = 32;

/// The most rejection-loop attempts a policy may expect to need on average; a policy that
/// would need more is refused, since almost every draw would be thrown away.
pub const MAX_EXPECTED_ATTEMPTS: f64 = 1e6;

/// One operand of a count rule, as the user named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A whole class (`lower`).
    Class(Class),
    /// A quoted set of characters (`"!@#"`), each of which is in the alphabet.
    Chars(Cow<'static, str>),
}

/// A count rule after checking: the number of password characters that fall in the union of
/// `target` must lie in `min..=max`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The operands of the rule, in the order written.
    pub target: Cow<'static, [Operand]>,
    /// The least number of characters from the target (0 when only a maximum was given).
    pub min: u16,
    /// The most characters from the target (the policy's length when only a minimum was given).
    pub max: u16,
}

/// A password policy that has passed every check.
///
/// The alphabet is the concatenation of the classes' characters in [`Class::ALL`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub(crate) len: u16,
    pub(crate) classes: [Cow<'static, str>; 4],
    pub(crate) alphabet: Cow<'static, [char]>,
    pub(crate) membership: Cow<'static, [u32]>,
    pub(crate) constraints: Cow<'static, [Constraint]>,
    pub(crate) max_consecutive: Option<u16>,
    pub(crate) min_entropy: Option<f64>,
    pub(crate) entropy_bits: f64,
    pub(crate) acceptance: f64,
    pub(crate) count: Option<u128>,
}

impl Policy {
    /// Rebuilds a policy from parts that [`crate::check`] produced. For the macro's expansion
    /// only: nothing is checked here, the parts must come from a `Policy` that passed the checks.
    #[doc(hidden)]
    #[must_use]
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per field: the macro's expansion spells out a checked policy"
    )]
    pub const fn __from_checked_parts(
        len: u16,
        classes: [Cow<'static, str>; 4],
        alphabet: Cow<'static, [char]>,
        membership: Cow<'static, [u32]>,
        constraints: Cow<'static, [Constraint]>,
        max_consecutive: Option<u16>,
        min_entropy: Option<f64>,
        entropy_bits: f64,
        acceptance: f64,
        count: Option<u128>,
    ) -> Policy {
        Policy {
            len,
            classes,
            alphabet,
            membership,
            constraints,
            max_consecutive,
            min_entropy,
            entropy_bits,
            acceptance,
            count,
        }
    }

    // A policy is never empty (`len >= 1`), so `is_empty` would always be false.
    #[allow(clippy::len_without_is_empty)]
    /// The password length.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// The characters of `class` in this policy's alphabet (empty when the class is out).
    #[must_use]
    pub fn class_chars(&self, class: Class) -> &str {
        &self.classes[class.index()]
    }

    /// Every character a password may contain, class by class.
    #[must_use]
    pub fn alphabet(&self) -> &[char] {
        &self.alphabet
    }

    /// For each character of [`Policy::alphabet`], the bit set of the constraints it counts
    /// toward (bit `j` for `constraints()[j]`).
    #[must_use]
    pub fn membership(&self) -> &[u32] {
        &self.membership
    }

    /// The count constraints, in the order written.
    #[must_use]
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The longest run of one repeated character allowed, if limited.
    #[must_use]
    pub const fn max_consecutive(&self) -> Option<usize> {
        match self.max_consecutive {
            Some(n) => Some(n as usize),
            None => None,
        }
    }

    /// The entropy the policy was required to reach (`min_entropy = BITS`), if any.
    #[must_use]
    pub const fn min_entropy(&self) -> Option<f64> {
        self.min_entropy
    }

    /// Exact entropy of a password drawn uniformly from the allowed set: `log2` of the number of
    /// passwords the policy allows.
    #[must_use]
    pub const fn entropy_bits(&self) -> f64 {
        self.entropy_bits
    }

    /// The probability that `len` characters drawn uniformly from the alphabet satisfy every
    /// rule: the fraction of rejection-loop attempts that succeed.
    #[must_use]
    pub const fn acceptance_probability(&self) -> f64 {
        self.acceptance
    }

    /// The number of passwords the policy allows, when it fits in a `u128`.
    #[must_use]
    pub const fn password_count(&self) -> Option<u128> {
        self.count
    }

    /// Whether a password given as alphabet indices (`alphabet()[i]` for each `i`) satisfies
    /// every rule: its length, each constraint's bounds and the limit on repeated characters.
    ///
    /// This is the test of the rejection loop; indices outside the alphabet fail it.
    #[must_use]
    pub fn accepts_indices(&self, indices: &[u8]) -> bool {
        if indices.len() != self.len() {
            return false;
        }
        let mut counts = [0u16; MAX_CONSTRAINTS];
        let mut run = 0usize;
        let mut previous = None;
        for &index in indices {
            let Some(&mask) = self.membership.get(usize::from(index)) else {
                return false;
            };
            run = if previous == Some(index) { run + 1 } else { 1 };
            previous = Some(index);
            if self
                .max_consecutive
                .is_some_and(|limit| run > usize::from(limit))
            {
                return false;
            }
            // Visit each set bit of the mask: the constraints this character counts toward.
            let mut bits = mask;
            while bits != 0 {
                counts[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        self.constraints
            .iter()
            .zip(counts)
            .all(|(constraint, count)| (constraint.min..=constraint.max).contains(&count))
    }

    /// Whether `password` is one of the passwords this policy allows.
    ///
    /// # Examples
    /// ```
    /// let policy = secrets_policy::Policy::parse("len = 4, digits >= 2").unwrap();
    /// assert!(policy.is_satisfied_by("ab12"));
    /// assert!(!policy.is_satisfied_by("abc1"));
    /// assert!(!policy.is_satisfied_by("ab1!"));
    /// ```
    #[must_use]
    pub fn is_satisfied_by(&self, password: &str) -> bool {
        let indices: Option<Vec<u8>> = password
            .chars()
            .map(|c| {
                let position = self.alphabet.iter().position(|&a| a == c)?;
                u8::try_from(position).ok()
            })
            .collect();
        indices.is_some_and(|indices| self.accepts_indices(&indices))
    }
}
