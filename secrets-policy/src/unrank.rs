//! Exact sampling by unranking: number the passwords a policy allows `0 .. N`, and turn a number
//! into its password.
//!
//! A uniform index below `N` (drawn by the runtime, see [`Sampler::index_from_random`]) then
//! gives a uniform password: the map is a bijection, so every password has exactly one index.
//! This is Python's recipe in another form. Python's rejection loop draws `len` characters
//! until the rules hold, which is a uniform draw among the passwords the rules allow; here the
//! uniform draw among those same passwords is made directly, with an index drawn by rejection
//! (Lemire's multiply-and-reject, as for `randbelow`), so the time is bounded by the policy, not
//! by its acceptance probability, and the OS randomness is about `log2 N` bits.
//!
//! Unranking walks a count written as a sum of non-negative terms, one term per choice: it finds
//! the term the index falls in, subtracts the terms before it, and goes on inside it. Two such
//! decompositions are used, whichever is cheaper for the policy (see [`crate::plan`]):
//!
//! - [`positions`]: the position-by-position automaton of [`crate::table::positions`], for any
//!   policy (overlapping targets, runs); its table has a row of completion counts per position.
//! - [`multinomial`]: for policies whose targets do not overlap and whose runs are free, the
//!   multinomial walk: how many characters each atom (group of interchangeable characters) takes,
//!   then which positions, then which characters. Its table has a row per atom.
//!
//! (Inclusion–exclusion, which counts some policies faster, cannot be walked: an index has no
//! place to fall in a negative term. The tests check that both decompositions count exactly what
//! the counting methods count.)
//!
//! Everything here is arithmetic on the index: no I/O, no randomness. The index and every number
//! derived from it are secret; they live in a [`Scratch`] that wipes itself when dropped, and in
//! [`Nat`]s, which wipe themselves too.
//!
//! Timing: below 2^64 (an index in one machine word) the position and sequence walks visit a
//! fixed number of moves per position, select with masks ([`masks`]), divide by reciprocals or
//! shifts and read the character by a pass over the alphabet, so their control flow and
//! arithmetic do not depend on the index; the table rows they read do (the states the password
//! passes through), which the position walk hides only for blocks small enough to read whole
//! first. The multinomial walk, and every walk above 2^64, is not constant time. The runtime's
//! security notes (SECURITY.md) say exactly which walk is claimed constant time, with the
//! measurements of `scripts/constant-time.sh`.

mod automaton;
mod masks;
mod multinomial;
mod positions;
mod relaxed;
mod sequences;

use crate::nat::Nat;
#[cfg(any(feature = "walk", not(feature = "checks")))]
use crate::nat::{self, below};
use crate::problem::{atoms_with_chars, Problem};
use crate::table::{self, Automaton};

/// The cost of building the multinomial walk's table: `(work, limbs)` (see [`multinomial::cost`]).
#[cfg(feature = "checks")]
pub(crate) fn multinomial_cost(problem: &Problem<'_>) -> (f64, f64) {
    multinomial::cost(problem)
}

/// The block `index` falls in, among `blocks` in order: `size` writes a block's size into
/// `term`; the blocks before the one returned are subtracted from `index`, which is left as the
/// index within it. `None` when the index is past every block (`index` then holds what is left
/// past them all, which a caller's next blocks continue from).
///
/// Every walk on limbs finds its move (or hub, or hub member) through this one routine. The
/// word-sized walks of [`positions`] and the multinomial walk (whose blocks' sizes come from a
/// running product of big numbers) keep their own loops: see the notes beside them.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(crate) fn find_block<B>(
    index: &mut [u64],
    term: &mut [u64],
    blocks: impl IntoIterator<Item = B>,
    mut size: impl FnMut(&B, &mut [u64]),
) -> Option<B> {
    for block in blocks {
        size(&block, term);
        if nat::cmp_limbs(index, term).is_lt() {
            return Some(block);
        }
        nat::sub_limbs(index, term);
    }
    None
}

/// A policy's unranking tables and the figures drawing an index needs.
///
/// Built once per policy (when a policy is parsed, or on the first use of a `password_policy!`
/// constant) and shared by every password drawn from it.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub struct Sampler {
    walk: Walk,
    /// `N`, the number of passwords.
    count: Nat,
    /// `2^(64 * words) mod N`: random words whose low product falls below it are rejected.
    threshold: Vec<u64>,
    len: usize,
    /// For the walk of a relaxation: the policy's run limits it leaves out, checked on each
    /// draw, and the policy's own count.
    dropped: Option<relaxed::Dropped>,
}

enum Walk {
    /// No table: Python's draw-and-reject loop, for policies whose tables would be too large
    /// and that nearly every random string satisfies (see `plan::rejection_is_cheap`).
    Rejection,
    Positions(table::positions::Table, positions::Walker),
    Sequences(table::sequences::Table, Option<Box<sequences::Padded>>),
    Multinomial(multinomial::Table),
}

impl std::fmt::Debug for Sampler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sampler")
            .field("method", &self.method_name())
            .field("relaxation", &self.walks_a_relaxation())
            .field("count_bits", &self.count.bits())
            .field("table_bytes", &self.table_bytes())
            .finish_non_exhaustive()
    }
}

impl Sampler {
    /// No table: a policy drawn by Python's draw-and-reject loop, which allows `count`
    /// passwords of `len` characters (chosen by `plan`).
    pub(crate) fn rejection(count: Nat, len: usize) -> Sampler {
        Sampler {
            walk: Walk::Rejection,
            count,
            threshold: Vec::new(),
            len,
            dropped: None,
        }
    }

    /// The position automaton's walk (no sequence limit).
    ///
    /// # Errors
    /// The count, when the policy allows fewer than two passwords: nothing to draw from (the
    /// checks refuse such a policy).
    pub(crate) fn positions(problem: &Problem<'_>) -> Result<Sampler, Nat> {
        let mut table = table::positions::Table::build(problem);
        table.compact();
        let walker = positions::Walker::of(&table, problem.len);
        Sampler::with_walk(problem, Walk::Positions(table, walker))
    }

    /// The walk of the automaton with hubs (under a sequence limit).
    ///
    /// # Errors
    /// As [`Sampler::positions`].
    pub(crate) fn sequences(problem: &Problem<'_>) -> Result<Sampler, Nat> {
        let table = table::sequences::Table::build(problem);
        let padded = sequences::Padded::of(&table).map(Box::new);
        let walk = Walk::Sequences(table, padded);
        Sampler::with_walk(problem, walk)
    }

    /// The multinomial walk: `problem` must have disjoint targets and free runs.
    ///
    /// # Errors
    /// As [`Sampler::positions`].
    pub(crate) fn multinomial(problem: &Problem<'_>) -> Result<Sampler, Nat> {
        let walk = Walk::Multinomial(multinomial::Table::build(
            problem,
            atoms_with_chars(problem.membership),
        ));
        Sampler::with_walk(problem, walk)
    }

    /// The sampler of a walk whose table is built.
    fn with_walk(problem: &Problem<'_>, walk: Walk) -> Result<Sampler, Nat> {
        let count = match &walk {
            Walk::Positions(table, ..) => table.total().clone(),
            Walk::Sequences(table, _) => table.total().clone(),
            Walk::Multinomial(table) => table.total.clone(),
            Walk::Rejection => unreachable!("a method builds a table"),
        };
        if count < Nat::from(2u64) {
            return Err(count);
        }
        let words = count.limbs().len();
        // 2^(64 words) mod N.
        let (_, threshold) = Nat::one().shl(64 * words as u64).div_rem(&count);
        let mut threshold = threshold.limbs().to_vec();
        threshold.resize(words, 0);
        Ok(Sampler {
            walk,
            count,
            threshold,
            len: problem.len,
            dropped: None,
        })
    }

    /// This sampler (the walk of `relaxed`, a relaxation of `problem`: the same policy without
    /// some of its run limits) as a sampler of `problem`, which allows `passwords` passwords:
    /// its draws are kept only when they satisfy `problem`'s run limits ([`Sampler::keeps`]).
    pub(crate) fn relaxation_of(mut self, problem: &Problem<'_>, passwords: Nat) -> Sampler {
        self.dropped = Some(relaxed::Dropped::of(problem, passwords));
        self
    }

    /// The number of passwords the policy allows: the count, or for the walk of a relaxation,
    /// the policy's own count (below the relaxation's).
    pub(crate) fn passwords(&self) -> &Nat {
        self.dropped
            .as_ref()
            .map_or(&self.count, |dropped| &dropped.passwords)
    }

    /// The probability that a password walked is kept ([`Sampler::keeps`]): the policy's count
    /// over the count walked, 1 except for the walk of a relaxation, where the plan makes it at
    /// least 1/2.
    #[doc(hidden)]
    #[must_use]
    pub fn acceptance(&self) -> f64 {
        self.passwords().ratio(&self.count)
    }

    /// Whether this sampler walks a relaxation of the policy, whose passwords
    /// [`Sampler::keeps`] checks.
    #[doc(hidden)]
    #[must_use]
    pub fn walks_a_relaxation(&self) -> bool {
        self.dropped.is_some()
    }

    /// The number of passwords walked (for the walk of a relaxation, the relaxation's; see
    /// [`Sampler::passwords`]).
    #[cfg(feature = "checks")]
    pub(crate) fn count(&self) -> &Nat {
        &self.count
    }

    /// The method this sampler walks.
    #[doc(hidden)]
    #[must_use]
    pub fn method_name(&self) -> &'static str {
        match &self.walk {
            Walk::Rejection => "rejection",
            Walk::Positions(_, walker) if walker.blocks.is_some() => "positions (blocks)",
            Walk::Positions(..) => "positions",
            Walk::Sequences(..) => "sequences",
            Walk::Multinomial(_) => "multinomial",
        }
    }

    /// Whether this policy is drawn by Python's rejection loop rather than by unranking: only
    /// for policies whose unranking tables would be too large and that a random string of the
    /// alphabet satisfies with probability at least 1/2, so that the loop takes two attempts on
    /// average (see the runtime's `CheckedPolicy::generate`). [`Sampler::index_from_random`] and
    /// [`Sampler::unrank`] do not apply then.
    #[must_use]
    pub fn by_rejection(&self) -> bool {
        matches!(self.walk, Walk::Rejection)
    }

    /// Whether the password [`Sampler::unrank`] wrote into `out` is one of the policy's: always,
    /// except for the walk of a relaxation, whose passwords that break the dropped rule are
    /// rejected (draw another index; see [`Sampler::acceptance`]).
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn keeps(&self, out: &[u8]) -> bool {
        self.dropped
            .as_ref()
            .is_none_or(|dropped| dropped.hold(out))
    }

    /// The number of passwords walked, `N`, as little-endian 64-bit words (for the walk of a
    /// relaxation, the relaxation's: an index below it is drawn, then its password is kept or
    /// not by [`Sampler::keeps`]).
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn count_words(&self) -> &[u64] {
        self.count.limbs()
    }

    /// How many 64-bit random words one attempt at an index takes: the words of `N`.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn words(&self) -> usize {
        self.threshold.len()
    }

    /// An attempt is rejected with probability below `2^-rejection_bits()`; the runtime
    /// fetches enough words up front that running out is rare.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn rejection_bits(&self) -> u32 {
        // The probability is threshold / 2^(64 words): below 2^-(leading zero bits).
        let top_nonzero = self.threshold.iter().rposition(|&limb| limb != 0);
        match top_nonzero {
            None => 64 * self.words() as u32,
            Some(i) => 64 * (self.words() - 1 - i) as u32 + self.threshold[i].leading_zeros(),
        }
    }

    /// The bytes the tables take.
    #[must_use]
    pub fn table_bytes(&self) -> usize {
        8 * match &self.walk {
            Walk::Rejection => 0,
            Walk::Positions(table, walker) => table.limbs() + walker.bytes().div_ceil(8),
            Walk::Sequences(table, padded) => {
                table.limbs()
                    + padded
                        .as_ref()
                        .map_or(0, |padded| padded.bytes().div_ceil(8))
            }
            Walk::Multinomial(table) => table.limbs(),
        }
    }

    /// A scratch space for [`Sampler::index_from_random`] and [`Sampler::unrank`], wiped when
    /// dropped. Reuse one for many passwords.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn scratch(&self) -> Scratch {
        let words = self.words();
        let limbs = if 4 * words <= INLINE_LIMBS {
            Limbs::Inline([0; INLINE_LIMBS])
        } else {
            Limbs::Heap(vec![0; 4 * words])
        };
        Scratch { limbs, words }
    }

    /// One round of Lemire's multiply-and-reject on `words()` random words: stores a uniform
    /// index below `N` in `scratch` and returns `true`, or returns `false` when the words fall in
    /// the rejected zone (draw again).
    ///
    /// With `X` the random words read as a `64 * words`-bit number, the product `X * N` splits
    /// into a high part in `[0, N)` and a low part; rounds whose low part is below
    /// `2^(64 * words) mod N` are rejected, which leaves exactly `floor(2^(64 * words) / N)` values
    /// of `X` for every index (the proof is in the crate's one copy of the method, `nat::below`).
    ///
    /// # Panics
    /// If `random` does not hold exactly `words()` words.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub fn index_from_random(&self, random: &[u64], scratch: &mut Scratch) -> bool {
        let words = self.words();
        assert_eq!(
            random.len(),
            words,
            "index_from_random: wrong number of words"
        );
        let count = self.count.limbs();
        let (index, _, product) = scratch.parts();
        if words == 1 {
            // The usual case (fewer than 2^64 passwords), in machine words.
            let kept = below::round(random[0], count[0], self.threshold[0]);
            index[0] = kept.unwrap_or(0);
            return kept.is_some();
        }
        let kept = below::round_limbs(random, count, &self.threshold, product);
        index.copy_from_slice(&product[words..]);
        kept
    }

    /// [`Sampler::index_from_random`] for a count below 2^64 (one word): the index below `N`
    /// the random word `random` gives, or `None` when it falls in the rejected zone (draw
    /// again). The same index as `index_from_random` on the same word, with no scratch space.
    ///
    /// # Panics
    /// If the count does not fit a word.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    #[inline]
    pub fn index_from_word(&self, random: u64) -> Option<u64> {
        let [count] = self.count.limbs() else {
            panic!("index_from_word: the count does not fit a word");
        };
        below::round(random, *count, self.threshold[0])
    }

    /// [`Sampler::unrank`] for a count below 2^64, the index given as a word (from
    /// [`Sampler::index_from_word`]): the same password, with no scratch space. The walk's
    /// copies of the index are wiped.
    ///
    /// # Panics
    /// If the count does not fit a word, `out` is not `len` long, or the index is not below `N`.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub fn unrank_word(&self, index: u64, out: &mut [u8]) {
        let [count] = self.count.limbs() else {
            panic!("unrank_word: the count does not fit a word");
        };
        assert_eq!(
            out.len(),
            self.len,
            "unrank_word: the output must be len long"
        );
        assert!(index < *count, "unrank_word: index out of range");
        let mut limbs = [index];
        match &self.walk {
            Walk::Positions(table, walker) => {
                positions::unrank(table, walker, &mut limbs, &mut [0], out, true);
            }
            Walk::Sequences(table, padded) => {
                sequences::unrank(table, padded.as_deref(), &mut limbs, out);
            }
            Walk::Multinomial(table) => multinomial::unrank(table, &mut limbs, out),
            Walk::Rejection => panic!("unrank_word: this policy is drawn by rejection"),
        }
        nat::wipe(&mut limbs);
    }

    /// Writes the password with the index in `scratch` (from
    /// [`Sampler::index_from_random`], or set with [`Scratch::set_index`]) into `out`, as
    /// alphabet indices (`policy.alphabet()[i]` for each `i`). The index in `scratch` is used up.
    ///
    /// # Panics
    /// If `out` is not `len` long, or the index is not below `N`.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub fn unrank(&self, scratch: &mut Scratch, out: &mut [u8]) {
        assert_eq!(out.len(), self.len, "unrank: the output must be len long");
        let (index, term, _) = scratch.parts();
        assert!(
            nat::cmp_limbs(index, self.count.limbs()).is_lt(),
            "unrank: index out of range"
        );
        match &self.walk {
            Walk::Rejection => panic!("unrank: this policy is drawn by rejection"),
            Walk::Positions(table, walker) => {
                positions::unrank(table, walker, index, term, out, true);
            }
            Walk::Sequences(table, padded) => {
                sequences::unrank(table, padded.as_deref(), index, out);
            }
            Walk::Multinomial(table) => multinomial::unrank(table, index, out),
        }
    }

    /// Whether [`Sampler::unrank`] reads the whole table before it walks (the position walk's
    /// blocks of at most 16 KiB), so that the rows it reads are in the cache whichever they
    /// are: the walk that SECURITY.md claims constant time.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    #[must_use]
    pub fn preloads(&self) -> bool {
        matches!(&self.walk, Walk::Positions(_, walker) if walker.preloads())
    }

    /// Writes the passwords of `indices` (one word each: the count must be below 2^64), one
    /// after the other, into `out` (`len` bytes each), as [`Sampler::unrank`] would one by one,
    /// but reading the table once for the group when [`Sampler::preloads`].
    ///
    /// Why the walks still find every row they read in the cache, as after a read of the table
    /// of their own: `out` is cleared first, then the table is read whole, then the walks run,
    /// reading and writing only the table, `indices`, `out` and the stack below this call, which
    /// the clearing and the read of the table already reach. No line the walks touch is new to
    /// the cache after the table is read, so none can evict a line of the table (at most
    /// 16 KiB). The caller must draw the indices before, with any OS call that takes.
    ///
    /// # Panics
    /// If the count does not fit a word, if `out` is not `len` bytes an index, or an index is
    /// not below `N`.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub fn unrank_group(&self, indices: &[u64], out: &mut [u8]) {
        let count = match self.count.limbs() {
            [count] => *count,
            _ => panic!("unrank_group: the count does not fit a word"),
        };
        assert_eq!(
            out.len(),
            indices.len() * self.len,
            "unrank_group: the output must be len long an index"
        );
        assert!(
            indices.iter().all(|&index| index < count),
            "unrank_group: index out of range"
        );
        out.fill(0);
        match &self.walk {
            Walk::Positions(_, walker) if walker.preloads() => {
                walker.preload_and_walk(indices, out, self.len);
            }
            _ => {
                let mut scratch = self.scratch();
                for (&index, out) in indices.iter().zip(out.chunks_exact_mut(self.len)) {
                    scratch.set_index(&[index]);
                    self.unrank(&mut scratch, out);
                }
            }
        }
    }
}

/// Working space for drawing and unranking an index: every number in it is derived from the
/// secret index, so it is wiped when dropped.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub struct Scratch {
    /// The index, a term and a double-width product, `words`, `words` and `2 * words` limbs, one
    /// after the other.
    limbs: Limbs,
    words: usize,
}

/// The limbs of a [`Scratch`] for indices of up to two words (fewer than 2^128 passwords):
/// in the scratch itself, so that a single password allocates none.
#[cfg(any(feature = "walk", not(feature = "checks")))]
const INLINE_LIMBS: usize = 8;

#[cfg(any(feature = "walk", not(feature = "checks")))]
enum Limbs {
    Inline([u64; INLINE_LIMBS]),
    Heap(Vec<u64>),
}

#[cfg(any(feature = "walk", not(feature = "checks")))]
impl Scratch {
    /// Sets the index to unrank: `index` little-endian words, at most `words()` of them (the
    /// rest are zero). For tests and enumeration; generation draws it with
    /// [`Sampler::index_from_random`].
    ///
    /// # Panics
    /// If `index` has more words than the scratch was made for.
    pub fn set_index(&mut self, index: &[u64]) {
        assert!(index.len() <= self.words, "set_index: index too wide");
        let (own, _, _) = self.parts();
        own.fill(0);
        own[..index.len()].copy_from_slice(index);
    }

    /// The index [`Sampler::index_from_random`] drew (or [`Scratch::set_index`] set): secret,
    /// like every copy of it, which the caller must wipe.
    #[must_use]
    pub fn index(&self) -> &[u64] {
        &self.all()[..self.words]
    }

    /// Every limb in use.
    fn all(&self) -> &[u64] {
        match &self.limbs {
            Limbs::Inline(limbs) => &limbs[..4 * self.words],
            Limbs::Heap(limbs) => limbs,
        }
    }

    /// Every limb in use, to write.
    fn all_mut(&mut self) -> &mut [u64] {
        match &mut self.limbs {
            Limbs::Inline(limbs) => &mut limbs[..4 * self.words],
            Limbs::Heap(limbs) => limbs,
        }
    }

    /// The index, a term and a product.
    fn parts(&mut self) -> (&mut [u64], &mut [u64], &mut [u64]) {
        let words = self.words;
        let (index, rest) = self.all_mut().split_at_mut(words);
        let (term, product) = rest.split_at_mut(words);
        (index, term, product)
    }
}

#[cfg(any(feature = "walk", not(feature = "checks")))]
impl Drop for Scratch {
    fn drop(&mut self) {
        nat::wipe(self.all_mut());
    }
}

#[cfg(any(feature = "walk", not(feature = "checks")))]
impl std::fmt::Debug for Scratch {
    /// Nothing of the secret contents.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}

#[cfg(all(test, feature = "checks", feature = "walk"))]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::problem::testing::{allowed_strings, random_problem, Lcg};

    /// A walk's builder.
    type Build = fn(&Problem<'_>) -> Result<Sampler, Nat>;

    /// The walks that can draw `problem`: its table's (sequences under a sequence limit, else
    /// positions), and the counts walk when its targets are disjoint.
    fn walks_of(problem: &Problem<'_>) -> Vec<Build> {
        let mut builds: Vec<Build> = vec![if problem.sequence_limit().is_some() {
            Sampler::sequences
        } else {
            Sampler::positions
        }];
        if problem.is_disjoint() {
            builds.push(Sampler::multinomial);
        }
        builds
    }

    /// Every index below the count, unranked.
    fn unrank_all(sampler: &Sampler, len: usize) -> Vec<Vec<u8>> {
        let count = sampler.count.to_u128().unwrap();
        let mut scratch = sampler.scratch();
        (0..count)
            .map(|index| {
                scratch.set_index(Nat::from(index).limbs());
                let mut out = vec![0; len];
                sampler.unrank(&mut scratch, &mut out);
                out
            })
            .collect()
    }

    /// The walk of a relaxation (of run limits, of count rules, or both) with its check is a
    /// bijection between the relaxation's indices it keeps and the policy's passwords: each of them is kept from exactly one index,
    /// so a uniform index kept is a uniform password, and the share kept is the acceptance.
    #[test]
    fn a_relaxation_keeps_each_password_of_the_policy_once() {
        let mut rng = Lcg(41);
        let (mut relaxed, mut rejecting, mut counts_dropped) = (0, 0, 0);
        for _ in 0..900 {
            let mut owned = random_problem(&mut rng);
            // Run limits on most cases, so that there is something to relax.
            if owned.max_consecutive.is_none() && rng.below(2) == 0 {
                owned.max_consecutive = Some(1 + rng.below(owned.len));
            }
            let problem = owned.problem();
            let expected: HashSet<Vec<u8>> = allowed_strings(&problem).into_iter().collect();
            for relaxation in crate::walk_choice::Relaxation::candidates(&problem) {
                let bounds = relaxation.bounds(&problem);
                let relaxed_problem = relaxation.of(&problem, &bounds);
                let build = if relaxed_problem.sequence_limit().is_some() {
                    Sampler::sequences
                } else {
                    Sampler::positions
                };
                let Ok(sampler) = build(&relaxed_problem) else {
                    continue;
                };
                counts_dropped += usize::from(relaxation.minimums | relaxation.maximums != 0);
                let walked = sampler.count.to_u128().unwrap();
                let passwords = Nat::from(expected.len() as u128);
                let sampler = sampler.relaxation_of(&problem, passwords.clone());
                assert_eq!(sampler.passwords(), &passwords);
                let kept: Vec<Vec<u8>> = unrank_all(&sampler, problem.len)
                    .into_iter()
                    .filter(|password| sampler.keeps(password))
                    .collect();
                let distinct: HashSet<Vec<u8>> = kept.iter().cloned().collect();
                assert_eq!(kept.len(), distinct.len(), "a password twice, {problem:?}");
                assert_eq!(distinct, expected, "{relaxation:?} of {problem:?}");
                let acceptance = expected.len() as f64 / walked as f64;
                assert!((sampler.acceptance() - acceptance).abs() < 1e-12);
                relaxed += 1;
                rejecting += usize::from(expected.len() < walked as usize);
            }
        }
        // The cases must reach relaxations that reject some draws, and relaxations of count
        // rules, or the test proves little.
        assert!(
            relaxed > 200 && rejecting > 100 && counts_dropped > 100,
            "{relaxed} {rejecting} {counts_dropped}"
        );
    }

    /// A group walked after one read of the table gives the passwords of the walks one by one,
    /// for the walks that read their table first and for the others.
    #[test]
    fn a_group_is_walked_as_its_indices_one_by_one() {
        let mut rng = Lcg(17);
        let (mut preloading, mut others) = (0, 0);
        for _ in 0..600 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let builds = walks_of(&problem);
            for sampler in builds.into_iter().filter_map(|build| build(&problem).ok()) {
                let expected = unrank_all(&sampler, problem.len);
                // Every index, in a shuffled order, in groups of up to five.
                let mut indices: Vec<u64> = (0..expected.len() as u64).collect();
                for i in (1..indices.len()).rev() {
                    indices.swap(i, rng.below(i + 1));
                }
                for group in indices.chunks(5) {
                    let mut out = vec![7; group.len() * problem.len];
                    sampler.unrank_group(group, &mut out);
                    for (&index, password) in group.iter().zip(out.chunks(problem.len)) {
                        assert_eq!(password, expected[index as usize], "{index} of {problem:?}");
                    }
                }
                if sampler.preloads() {
                    preloading += 1;
                } else {
                    others += 1;
                }
            }
        }
        assert!(preloading > 100 && others > 20, "{preloading} {others}");
    }

    #[test]
    fn both_walks_are_bijections_onto_the_allowed_passwords() {
        let mut rng = Lcg(11);
        let (mut by_counts, mut nonempty) = (0, 0);
        for _ in 0..600 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let len = problem.len;
            let expected: HashSet<Vec<u8>> = allowed_strings(&problem).into_iter().collect();
            if expected.len() < 2 {
                continue; // the checks refuse these; a sampler needs two passwords or more
            }
            nonempty += 1;
            let mut methods: Vec<(&str, Build)> = vec![if problem.sequence_limit().is_some() {
                ("sequences", Sampler::sequences)
            } else {
                ("positions", Sampler::positions)
            }];
            if problem.is_disjoint() {
                methods.push(("multinomial", Sampler::multinomial));
                by_counts += 1;
            }
            for (method, build) in methods {
                let sampler = build(&problem).unwrap();
                assert_eq!(
                    sampler.count.to_u128(),
                    Some(expected.len() as u128),
                    "{method:?} {problem:?}"
                );
                let all = unrank_all(&sampler, len);
                let distinct: HashSet<Vec<u8>> = all.iter().cloned().collect();
                assert_eq!(
                    distinct.len(),
                    all.len(),
                    "{method:?} repeats a password: {problem:?}"
                );
                assert_eq!(distinct, expected, "{method:?} {problem:?}");
            }
        }
        assert!(by_counts > 100 && nonempty > 300, "{by_counts} {nonempty}");
    }

    /// Every width of a walk finds the same passwords: the position walk on one and two words
    /// (`unrank_word`) and on limbs (for counts of 2^128 and more), and the sequence walk on
    /// limbs, run on small tables, must agree with the sampler's own walk (the blocks, or the
    /// sequence walk on one word) at every index.
    #[test]
    fn the_limb_walk_agrees_with_the_word_walk() {
        let mut rng = Lcg(5);
        let (mut positions_compared, mut sequences_compared) = (0, 0);
        for _ in 0..300 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let build = if problem.sequence_limit().is_some() {
                Sampler::sequences
            } else {
                Sampler::positions
            };
            let Ok(sampler) = build(&problem) else {
                continue;
            };
            let expected = unrank_all(&sampler, problem.len);
            for (i, password) in expected.iter().enumerate() {
                for width in 1..=3 {
                    let (mut index, mut term) = ([0u64; 3], [0u64; 3]);
                    index[0] = i as u64;
                    let (index, term) = (&mut index[..width], &mut term[..width]);
                    let mut out = vec![0; problem.len];
                    match &sampler.walk {
                        Walk::Positions(table, _) => {
                            let walker = positions::Walker::without_blocks(table);
                            positions::unrank(table, &walker, index, term, &mut out, true);
                        }
                        Walk::Sequences(table, _) if width > 1 => {
                            sequences::unrank(table, None, index, &mut out);
                        }
                        Walk::Sequences(..) => continue,
                        _ => unreachable!("a position or sequence walk"),
                    }
                    assert_eq!(&out, password, "index {i} width {width} of {problem:?}");
                }
            }
            if problem.sequence_limit().is_some() {
                sequences_compared += 1;
            } else {
                positions_compared += 1;
            }
        }
        assert!(
            positions_compared > 100 && sequences_compared > 20,
            "{positions_compared} {sequences_compared}"
        );
    }

    /// On counts of many limbs the position walk narrows its numbers to the current row's
    /// width: it finds the same password at every index as the walk at full width, and the
    /// passwords satisfy the policy.
    #[test]
    fn the_narrowed_limb_walk_agrees_with_the_full_width_walk() {
        // `len = 40` over 94 characters: `"a..=j" >= 3`, `"k..=t" <= 6`, `max_consecutive = 2`.
        let membership: Vec<u32> = (0..94)
            .map(|c| u32::from(c < 10) | u32::from((10..20).contains(&c)) << 1)
            .collect();
        let bounds = [(3, 40), (0, 6)];
        let problem = Problem {
            len: 40,
            membership: &membership,
            bounds: &bounds,
            max_consecutive: Some(2),
            max_sequential: None,
        };
        let sampler = Sampler::positions(&problem).unwrap();
        let Walk::Positions(table, _) = &sampler.walk else {
            unreachable!("a position walk")
        };
        let words = sampler.words();
        assert!(words >= 4, "{words}");
        let allowed = |out: &[u8]| {
            let first = out.iter().filter(|&&c| c < 10).count();
            let second = out.iter().filter(|&&c| (10..20).contains(&c)).count();
            first >= 3 && second <= 6 && out.windows(3).all(|w| !(w[0] == w[1] && w[1] == w[2]))
        };
        let mut rng = Lcg(60);
        let mut distinct = HashSet::new();
        for round in 0..2000 {
            // Random indices, and the first and last ones.
            let index: Vec<u64> = match round {
                0 => vec![0; words],
                1 => {
                    let mut last = sampler.count.limbs().to_vec();
                    nat::sub_limbs(&mut last, &[1]);
                    last
                }
                _ => loop {
                    let random: Vec<u64> = (0..words)
                        .map(|_| (0..3).fold(0u64, |w, _| w << 22 ^ rng.below(1 << 22) as u64))
                        .collect();
                    let mut scratch = sampler.scratch();
                    if sampler.index_from_random(&random, &mut scratch) {
                        break scratch.index().to_vec();
                    }
                },
            };
            let mut outs = [vec![0u8; 40], vec![0u8; 40]];
            for (narrow, out) in [true, false].into_iter().zip(&mut outs) {
                let (mut index, mut term) = (index.clone(), vec![0u64; words]);
                automaton::walk(
                    table,
                    &mut index,
                    &mut term,
                    out,
                    narrow,
                    |next, state, index, term| {
                        automaton::find_move(table, next, state, index, term).unwrap()
                    },
                );
                assert!(index.iter().all(|&limb| limb == 0), "{index:?}");
            }
            assert_eq!(outs[0], outs[1], "{index:?}");
            assert!(allowed(&outs[0]), "{:?}", outs[0]);
            distinct.insert(outs[0].clone());
        }
        assert_eq!(distinct.len(), 2000);
    }

    #[test]
    fn the_index_round_rejects_exactly_the_surplus() {
        // With 8-bit "words" this would be exhaustive; with 64-bit words, check the threshold
        // and the mapping on the words next to the rejection boundary.
        let membership = [0u32; 3];
        let problem = Problem {
            len: 3,
            membership: &membership,
            bounds: &[],
            max_consecutive: None,
            max_sequential: None,
        };
        let sampler = crate::plan::sampler(&problem);
        assert_eq!(sampler.count_words(), [27]);
        let threshold = (u64::MAX - 26) % 27; // 2^64 mod 27
        assert_eq!(sampler.threshold, [threshold]);
        let mut scratch = sampler.scratch();
        // The word 0 maps to index 0 with low part 0: rejected unless the threshold is 0.
        assert_eq!(
            sampler.index_from_random(&[0], &mut scratch),
            threshold == 0
        );
        assert!(sampler.index_from_random(&[u64::MAX], &mut scratch));
        assert_eq!(scratch.parts().0, [26]);
    }

    /// The word forms without scratch space (what a single password of a one-word count uses)
    /// draw the same index from the same word and walk it to the same password, for every walk.
    #[test]
    fn the_word_forms_draw_and_walk_as_the_scratch_forms_do() {
        let mut rng = Lcg(53);
        let (mut compared, mut rejected) = (0, 0);
        for _ in 0..300 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            let builds = walks_of(&problem);
            for sampler in builds.into_iter().filter_map(|build| build(&problem).ok()) {
                if sampler.words() != 1 {
                    continue;
                }
                let mut scratch = sampler.scratch();
                for k in 0..50 {
                    // Words anywhere, and small ones, whose low products fall in the rejected
                    // zone (below 2^64 mod N) for some counts.
                    let word = if k % 5 == 0 {
                        rng.below(64) as u64
                    } else {
                        (rng.below(1 << 31) as u64) << 33 | (rng.below(1 << 31) as u64) << 2
                    };
                    let kept = sampler.index_from_random(&[word], &mut scratch);
                    let index = sampler.index_from_word(word);
                    assert_eq!(index.is_some(), kept);
                    let Some(index) = index else {
                        rejected += 1;
                        continue;
                    };
                    assert_eq!(scratch.index(), [index]);
                    let mut expected = vec![0; problem.len];
                    sampler.unrank(&mut scratch, &mut expected);
                    let mut out = vec![0; problem.len];
                    sampler.unrank_word(index, &mut out);
                    assert_eq!(out, expected, "index {index} of {problem:?}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 5000 && rejected > 10, "{compared} {rejected}");
    }
}
