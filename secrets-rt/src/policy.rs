//! `Policy`: a checked password policy, and the rejection loop that generates from it.

use std::fmt;
use std::str::FromStr;

use secrets_policy::{Class, Constraint, PolicyError};
use zeroize::Zeroizing;

use crate::{os, Error};

/// A password policy that has passed every check, ready to generate passwords.
///
/// Build one at compile time with [`password_policy!`](crate::password_policy), or at run time
/// with [`Policy::parse`] (the same grammar, checks and messages) or
/// [`Policy::from_passwordrules`].
///
/// # Examples
/// ```
/// use secrets_rt::{password_policy, Policy};
///
/// const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
///
/// let password = STRONG.generate();
/// assert_eq!(password.chars().count(), 10);
/// assert!(password.chars().filter(char::is_ascii_digit).count() >= 3);
/// assert!((STRONG.entropy_bits() - 57.2562).abs() < 1e-4);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    rules: secrets_policy::Policy,
}

impl Policy {
    #[doc(hidden)]
    #[must_use]
    pub const fn __from_checked(rules: secrets_policy::Policy) -> Policy {
        Policy { rules }
    }

    /// Parses and checks a policy written in the grammar of
    /// [`password_policy!`](crate::password_policy), for policies that come from configuration
    /// or the command line.
    ///
    /// # Errors
    /// Every problem the macro would report at compile time, with the same message, and the
    /// byte range of the offending rule.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Policy;
    ///
    /// let policy = Policy::parse("len = 12, symbols >= 1").unwrap();
    /// assert_eq!(policy.len(), 12);
    ///
    /// let error = Policy::parse("len = 12, digit >= 1").unwrap_err();
    /// assert!(error.message().starts_with("unknown class `digit`"));
    /// assert_eq!(error.span(), 10..15); // the unknown name itself
    /// ```
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        secrets_policy::Policy::parse(text).map(Policy::__from_checked)
    }

    /// The length of a password imported from `passwordrules` when the site's bounds allow it
    /// (Safari's 20 characters); see
    /// [`secrets_policy::Policy::PASSWORDRULES_TARGET_LEN`] for how bounds move it.
    pub const PASSWORDRULES_TARGET_LEN: usize = secrets_policy::Policy::PASSWORDRULES_TARGET_LEN;

    /// Imports a website's rules written in the `passwordrules` language of Safari and
    /// `apple/password-manager-resources` (`minlength: 8; required: lower; required: digit;`).
    ///
    /// The language gives only bounds on the length: the policy takes
    /// [`Policy::PASSWORDRULES_TARGET_LEN`] moved into them. How each property maps onto the
    /// grammar of [`Policy::parse`] is documented at
    /// [`secrets_policy::Policy::from_passwordrules`].
    ///
    /// # Errors
    /// Rules that do not parse, or that no password can satisfy, with the byte range at fault.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Policy;
    ///
    /// let site = "minlength: 8; maxlength: 12; required: lower; required: digit;";
    /// let policy = Policy::from_passwordrules(site).unwrap();
    /// assert_eq!(policy.len(), 12);
    /// let password = policy.generate();
    /// assert!(password.chars().any(|c| c.is_ascii_digit()));
    /// ```
    pub fn from_passwordrules(rules: &str) -> Result<Policy, PolicyError> {
        secrets_policy::Policy::from_passwordrules(rules).map(Policy::__from_checked)
    }

    /// The checked rules: counting, the alphabet and the constraints.
    #[must_use]
    pub const fn rules(&self) -> &secrets_policy::Policy {
        &self.rules
    }

    // A policy is never empty (`len >= 1`), so `is_empty` would always be false.
    #[allow(clippy::len_without_is_empty)]
    /// The password length, in characters.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.rules.len()
    }

    /// Every character a password may contain.
    #[must_use]
    pub fn alphabet(&self) -> &[char] {
        self.rules.alphabet()
    }

    /// The characters of `class` in the alphabet (empty when the class is left out).
    #[must_use]
    pub fn class_chars(&self, class: Class) -> &str {
        self.rules.class_chars(class)
    }

    /// The count rules, in the order written.
    #[must_use]
    pub fn constraints(&self) -> &[Constraint] {
        self.rules.constraints()
    }

    /// Exact entropy, in bits, of a password from [`Policy::generate`]: `log2` of the number of
    /// passwords the policy allows, since generation is uniform over exactly that set.
    #[must_use]
    pub const fn entropy_bits(&self) -> f64 {
        self.rules.entropy_bits()
    }

    /// The number of passwords the policy allows, when it fits in a `u128`.
    #[must_use]
    pub const fn password_count(&self) -> Option<u128> {
        self.rules.password_count()
    }

    /// The fraction of uniform draws from the alphabet that satisfy every rule; generation
    /// needs `1 / acceptance_probability()` attempts on average.
    #[must_use]
    pub const fn acceptance_probability(&self) -> f64 {
        self.rules.acceptance_probability()
    }

    /// Whether `password` is one the policy allows.
    #[must_use]
    pub fn is_satisfied_by(&self, password: &str) -> bool {
        self.rules.is_satisfied_by(password)
    }

    /// Generates a password uniformly at random among all the passwords the policy allows.
    ///
    /// This is the rejection loop of Python's recipe: draw `len` characters uniformly from the
    /// whole alphabet and keep the password only if it satisfies every rule. Every allowed
    /// password is then exactly equally likely (filling the minimums first and shuffling is
    /// not: it favours passwords with few characters of the required classes).
    ///
    /// # Panics
    /// If the operating system's random source fails; see [`Policy::try_generate`].
    #[must_use]
    pub fn generate(&self) -> String {
        os::expect_os(self.try_generate(), "Policy::generate")
    }

    /// Like [`Policy::generate`], but returns the operating system's failure instead of
    /// panicking.
    ///
    /// # Errors
    /// When the OS random source fails; no weaker source is ever used instead.
    pub fn try_generate(&self) -> Result<String, Error> {
        let alphabet = self.rules.alphabet();
        let size = alphabet.len();
        // A byte below `zone` maps to `byte % size` without bias: `zone` is the largest multiple
        // of `size` that fits in a byte, so each index has exactly `zone / size` preimages.
        // Bytes at or above `zone` are discarded.
        let zone = 256 - 256 % size;
        let batch = self.batch_len(zone);
        let mut random = Zeroizing::new(vec![0u8; batch]);
        let mut indices = Zeroizing::new(Vec::with_capacity(self.len()));
        loop {
            os::fill(&mut random)?;
            for &byte in random.iter() {
                if usize::from(byte) >= zone {
                    continue;
                }
                // `size <= 256`, so the index fits in a byte.
                indices.push((usize::from(byte) % size) as u8);
                if indices.len() < self.len() {
                    continue;
                }
                if self.rules.accepts_indices(&indices) {
                    // Sized up front: a `String` that grew would free its old buffer, holding
                    // part of the password, without wiping it.
                    let chars = indices.iter().map(|&i| alphabet[usize::from(i)]);
                    let mut password =
                        String::with_capacity(chars.clone().map(char::len_utf8).sum());
                    password.extend(chars);
                    return Ok(password);
                }
                indices.clear();
            }
        }
    }

    /// How many random bytes to ask the OS for at once: enough for a whole password, attempts
    /// and discarded bytes included, in about nine calls out of ten, so that one OS call
    /// normally serves a whole `generate`.
    fn batch_len(&self, zone: usize) -> usize {
        // Bytes per attempt: `len` kept bytes, each kept with probability `zone / 256`.
        let per_attempt = self.len() as f64 * 256.0 / zone as f64;
        // Attempts for a 90% chance of success: ln(0.1) / ln(1 - p), at least one.
        let p = self
            .rules
            .acceptance_probability()
            .clamp(f64::MIN_POSITIVE, 1.0);
        let attempts = if p >= 1.0 {
            1.0
        } else {
            (0.1f64.ln() / (-p).ln_1p()).max(1.0)
        };
        // Slack for the discarded bytes varying around their mean.
        let bytes = (per_attempt * attempts * 1.1).ceil() + 16.0;
        bytes.min(64.0 * 1024.0) as usize
    }
}

impl fmt::Display for Policy {
    /// Prints the policy back in the grammar; [`Policy::parse`] reads it back to an equal policy.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.rules, f)
    }
}

impl FromStr for Policy {
    type Err = PolicyError;

    fn from_str(text: &str) -> Result<Policy, PolicyError> {
        Policy::parse(text)
    }
}
