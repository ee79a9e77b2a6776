//! The checked policy: what the checks produce and what generation and counting read.
//!
//! Every field is either `Copy` or a `Cow<'static, _>`, so the macro can emit a `CheckedPolicy` as a
//! constant expression of borrowed `'static` data, while [`crate::check`] builds one of owned
//! data at run time. Both are the same type and compare equal when they describe the same rules.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::class::Class;
use crate::problem::{Problem, Sequences};
use crate::sequence;
use crate::unrank::Sampler;
use crate::walk_choice::WalkChoice;

/// The longest password a policy may ask for.
pub const MAX_LEN: usize = 256;

/// The most characters an alphabet may hold: generation draws one byte per character index.
pub const MAX_ALPHABET: usize = 256;

/// The most count constraints one policy may have (each is one bit of a membership mask).
pub const MAX_CONSTRAINTS: usize = 32;

/// One operand of a count rule, as the user named it.
///
/// Not exhaustive: the grammar may gain other kinds of operands.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// A whole class (`lower`).
    Class(Class),
    /// A quoted set of characters (`"!@#"`), each of which is in the alphabet.
    Chars(Cow<'static, str>),
}

/// A count rule after checking: the number of password characters that fall in the union of
/// `target` must lie in `min..=max`.
///
/// Not exhaustive: read its fields, but only the rule core builds one (a later release may add
/// fields).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The operands of the rule, in the order written.
    pub target: Cow<'static, [Operand]>,
    /// The least number of characters from the target (0 when only a maximum was given).
    pub min: u16,
    /// The most characters from the target (the policy's length when only a minimum was given).
    pub max: u16,
}

impl Constraint {
    /// A constraint from its parts, for the decoder of `password_policy!` constants and for
    /// tests. Not public API: nothing is checked here.
    #[doc(hidden)]
    #[must_use]
    pub const fn __from_checked_parts(
        target: Cow<'static, [Operand]>,
        min: u16,
        max: u16,
    ) -> Constraint {
        Constraint { target, min, max }
    }
}

/// Where a policy keeps its unranking tables ([`Sampler`]), built once on first use from the
/// walk its plan chose, and shared by the policy's clones (a `password_policy!` constant is
/// decoded into one such policy).
#[derive(Clone)]
pub(crate) struct SamplerCell(Arc<(WalkChoice, OnceLock<Sampler>)>);

impl SamplerCell {
    /// A cell for the walk `choice`, holding `sampler` when the checks built it already.
    pub(crate) fn new(choice: WalkChoice, sampler: Option<Sampler>) -> SamplerCell {
        SamplerCell(Arc::new((
            choice,
            sampler.map_or_else(OnceLock::new, OnceLock::from),
        )))
    }

    pub(crate) fn choice(&self) -> &WalkChoice {
        &self.0 .0
    }

    fn get(&self) -> &OnceLock<Sampler> {
        &self.0 .1
    }
}

impl std::fmt::Debug for SamplerCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.get().get() {
            Some(sampler) => sampler.fmt(f),
            None => f.write_str("Sampler(not built yet)"),
        }
    }
}

/// A password policy that has passed every check.
///
/// The alphabet is the concatenation of the classes' characters in [`Class::ALL`] order.
#[derive(Clone, Debug)]
pub struct CheckedPolicy {
    pub(crate) len: u16,
    pub(crate) classes: [Cow<'static, str>; 4],
    pub(crate) alphabet: Cow<'static, [char]>,
    pub(crate) membership: Cow<'static, [u32]>,
    pub(crate) constraints: Cow<'static, [Constraint]>,
    pub(crate) max_consecutive: Option<u16>,
    pub(crate) max_sequential: Option<u16>,
    pub(crate) min_entropy: Option<f64>,
    pub(crate) entropy_bits: f64,
    pub(crate) acceptance: f64,
    pub(crate) count: Option<u128>,
    pub(crate) sampler: SamplerCell,
}

/// Two policies are equal when their rules are: the unranking tables follow from the rules.
impl PartialEq for CheckedPolicy {
    fn eq(&self, other: &CheckedPolicy) -> bool {
        self.len == other.len
            && self.classes == other.classes
            && self.alphabet == other.alphabet
            && self.membership == other.membership
            && self.constraints == other.constraints
            && self.max_consecutive == other.max_consecutive
            && self.max_sequential == other.max_sequential
            && self.min_entropy == other.min_entropy
            && self.entropy_bits == other.entropy_bits
            && self.acceptance == other.acceptance
            && self.count == other.count
    }
}

impl CheckedPolicy {
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per field of a checked policy"
    )]
    pub(crate) const fn from_parts(
        len: u16,
        classes: [Cow<'static, str>; 4],
        alphabet: Cow<'static, [char]>,
        membership: Cow<'static, [u32]>,
        constraints: Cow<'static, [Constraint]>,
        max_consecutive: Option<u16>,
        max_sequential: Option<u16>,
        min_entropy: Option<f64>,
        entropy_bits: f64,
        acceptance: f64,
        count: Option<u128>,
        sampler: SamplerCell,
    ) -> CheckedPolicy {
        CheckedPolicy {
            len,
            classes,
            alphabet,
            membership,
            constraints,
            max_consecutive,
            max_sequential,
            min_entropy,
            entropy_bits,
            acceptance,
            count,
            sampler,
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

    /// For each character of [`CheckedPolicy::alphabet`], the bit set of the constraints it counts
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

    /// The longest run of a sequence allowed (`abc`, `987`: characters that step by one, up or
    /// down, within `a-z`, `A-Z` or `0-9`), if limited.
    #[must_use]
    pub const fn max_sequential(&self) -> Option<usize> {
        match self.max_sequential {
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
    /// rule: the fraction of attempts Python's draw-and-reject recipe keeps. Generation does
    /// not depend on it (it unranks a uniform index), except for policies drawn by rejection,
    /// where it is at least 1/2 (see [`Sampler::by_rejection`]).
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
    /// every rule: its length, each constraint's bounds and the limits on runs.
    ///
    /// Indices outside the alphabet fail it.
    #[must_use]
    pub fn accepts_indices(&self, indices: &[u8]) -> bool {
        self.accepts(&mut indices.iter().map(|&index| Some(usize::from(index))))
    }

    /// Whether `password` is one of the passwords this policy allows.
    ///
    /// The password is read once, character by character, without being copied: only the
    /// counts per constraint and the current run are kept (and wiped afterwards).
    ///
    /// # Examples
    /// ```
    /// # #[cfg(feature = "text")] { // The policy is written as text (the default `text` feature).
    /// let policy = secrets_policy::CheckedPolicy::parse("len = 4, digits >= 2").unwrap();
    /// assert!(policy.is_satisfied_by("ab12"));
    /// assert!(!policy.is_satisfied_by("abc1"));
    /// assert!(!policy.is_satisfied_by("ab1!"));
    /// # }
    /// ```
    #[must_use]
    pub fn is_satisfied_by(&self, password: &str) -> bool {
        self.accepts(&mut password.chars().map(|c| {
            // The whole alphabet is scanned for every character, whatever it is.
            self.alphabet
                .iter()
                .enumerate()
                .fold(None, |found, (i, &a)| if a == c { Some(i) } else { found })
        }))
    }

    /// The rules, checked on characters given as alphabet indices (`None` for a character
    /// outside the alphabet). Through `dyn`: one copy of the checks for both callers.
    fn accepts(&self, indices: &mut dyn Iterator<Item = Option<usize>>) -> bool {
        let mut counts = [0u16; MAX_CONSTRAINTS];
        let mut length = 0usize;
        let mut run = 0usize;
        let mut previous = None;
        let mut sequence_run = (0, 0);
        let mut allowed = true;
        for index in indices {
            length += 1;
            let Some(&mask) = index.and_then(|index| self.membership.get(index)) else {
                allowed = false;
                continue;
            };
            run = if previous == index { run + 1 } else { 1 };
            if self
                .max_consecutive
                .is_some_and(|limit| run > usize::from(limit))
            {
                allowed = false;
            }
            if let Some(limit) = self.max_sequential {
                let position =
                    |index: Option<usize>| index.and_then(|i| sequence::place(self.alphabet[i]));
                sequence_run = if previous.is_none() {
                    (0, 1)
                } else {
                    sequence::extend(
                        sequence_run,
                        sequence::step(position(previous), position(index)),
                    )
                };
                if sequence_run.1 > usize::from(limit) {
                    allowed = false;
                }
            }
            previous = index;
            // Visit each set bit of the mask: the constraints this character counts toward.
            let mut bits = mask;
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                counts[j] = counts[j].saturating_add(1);
                bits &= bits - 1;
            }
        }
        allowed &= length == self.len();
        for (j, constraint) in self.constraints.iter().enumerate() {
            allowed &= constraint.min <= counts[j] && counts[j] <= constraint.max;
        }
        zeroize::Zeroize::zeroize(&mut counts);
        allowed
    }

    /// The unranking tables, built on first use (see [`Sampler`]). Not public API (`secrets-rt`
    /// draws through it).
    #[doc(hidden)]
    #[must_use]
    pub fn sampler(&self) -> &Sampler {
        self.sampler
            .get()
            .get_or_init(|| self.with_problem(|problem| self.sampler.choice().sampler(problem)))
    }

    /// `f` of this policy as the counting and walking problem it is (the bounds as `usize`).
    pub(crate) fn with_problem<T>(&self, f: impl FnOnce(&Problem<'_>) -> T) -> T {
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(self.constraints.len());
        for constraint in self.constraints.iter() {
            bounds.push((usize::from(constraint.min), usize::from(constraint.max)));
        }
        f(&Problem {
            len: self.len(),
            membership: &self.membership,
            bounds: &bounds,
            max_consecutive: self.max_consecutive(),
            max_sequential: self.max_sequential().map(|limit| Sequences {
                limit,
                chars: &self.alphabet,
            }),
        })
    }
}
