//! The four character classes of the grammar.

use crate::alphabet;

/// A named character class.
///
/// The alphabet of a policy is the union of its classes' characters; classes never share a
/// character, so every character of a password belongs to exactly one class.
///
/// Not exhaustive: the grammar may name more classes in a later release.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// `lower`: `a` to `z`.
    Lower,
    /// `upper`: `A` to `Z`.
    Upper,
    /// `digits`: `0` to `9`.
    Digits,
    /// `symbols`: Python's `string.punctuation`, 32 characters.
    Symbols,
}

impl Class {
    /// Every class, in the order the alphabet lists them.
    pub const ALL: [Class; 4] = [Class::Lower, Class::Upper, Class::Digits, Class::Symbols];

    /// The class's name in the grammar.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Class::Lower => "lower",
            Class::Upper => "upper",
            Class::Digits => "digits",
            Class::Symbols => "symbols",
        }
    }

    /// The class named `name`, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|class| class.name() == name)
    }

    /// The class's characters unless a rule replaces them.
    #[must_use]
    pub const fn default_chars(self) -> &'static str {
        match self {
            Class::Lower => alphabet::ASCII_LOWERCASE,
            Class::Upper => alphabet::ASCII_UPPERCASE,
            Class::Digits => alphabet::DIGITS,
            Class::Symbols => alphabet::PUNCTUATION,
        }
    }

    /// Whether the class is in the alphabet when no rule names it (as in Python's recipes,
    /// letters and digits are; symbols are not).
    #[must_use]
    pub const fn in_default_alphabet(self) -> bool {
        !matches!(self, Class::Symbols)
    }

    /// The class's position in [`Class::ALL`].
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }
}
