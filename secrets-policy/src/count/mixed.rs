//! Components that span atoms, for [`super::complements`]: a row of a sequence range whose
//! characters count toward different constraints (a quoted set such as `"aknsw"` or `"12"`
//! splits its class's row), so that one cluster moves the counters of several atoms.
//!
//! In one term of the complements, each character of such a row is free or belongs to a
//! tracked unit. Marking each tracked character with its unit's variable `y_u`, the row's
//! strings that break no run limit are counted by `W_c(x, y)`, and its pieces are
//! `K_c = 1 - 1 / W_c`, as for a component within one atom (the cluster method holds for any
//! weights of the characters). A unit's counter never exceeds its cap, so both series are
//! truncated there: the coefficient of `y^v` in `1 / W_c` depends only on those of `W_c` at or
//! below `v`. The pieces without a tracked character (`v = 0`) join the free series; the others
//! are tracked pieces that may also hold free characters.

use crate::count::clusters::{atom_of, places, AtomComponents, Limits};
use crate::count::layers::signed;
use crate::count::series::{Accumulator, Value};
use crate::nat::{self, Nat};
use crate::problem::Problem;

/// The atoms (masks in order of first appearance) with their components within one atom, and
/// the components that span atoms: for each, the atom of each of its characters, in the row's
/// order.
pub(crate) struct Split {
    pub(crate) atoms: Vec<AtomComponents>,
    pub(crate) spanning: Vec<Vec<usize>>,
}

/// The components of `problem`'s alphabet (as [`super::clusters::components`]), keeping the rows
/// whose characters count toward different constraints apart.
pub(crate) fn split(problem: &Problem<'_>) -> Split {
    let (places, at) = places(problem);
    let mut atoms: Vec<AtomComponents> = Vec::new();
    // Every atom first, in order of first appearance, so that indices match the alphabet's.
    for &mask in problem.membership {
        atom_of(mask, &mut atoms);
    }
    let mut spanning = Vec::new();
    for (i, &mask) in problem.membership.iter().enumerate() {
        let Some((range, offset)) = places[i] else {
            let atom = atom_of(mask, &mut atoms);
            atoms[atom].1.push((1, false));
            continue;
        };
        if offset > 0 && at.contains_key(&(range, offset - 1)) {
            continue; // counted with the component's first character
        }
        let mut row = vec![atom_of(mask, &mut atoms)];
        while let Some(&next) = at.get(&(range, offset + row.len() as u8)) {
            row.push(atom_of(problem.membership[next], &mut atoms));
        }
        if row.iter().all(|&atom| atom == row[0]) {
            atoms[row[0]].1.push((row.len(), row.len() > 1));
        } else {
            spanning.push(row);
        }
    }
    Split { atoms, spanning }
}

/// The pieces of a spanning row in one term: `free`, those with no tracked character (by
/// length), and `tracked`, the others by the count `v` of each unit's characters (a code over
/// `caps`, [`Vectors`]) and length.
pub(crate) struct RowPieces {
    pub(crate) free: Vec<Value>,
    pub(crate) tracked: Vec<(Vec<u16>, Vec<Value>)>,
}

/// Count vectors within caps, coded in mixed radix (the first unit lowest).
pub(crate) struct Vectors<'a> {
    pub(crate) caps: &'a [usize],
}

impl Vectors<'_> {
    pub(crate) fn codes(&self) -> usize {
        self.caps.iter().map(|cap| cap + 1).product()
    }

    pub(crate) fn decode(&self, mut code: usize) -> Vec<u16> {
        let mut vector = Vec::with_capacity(self.caps.len());
        for cap in self.caps {
            vector.push((code % (cap + 1)) as u16);
            code /= cap + 1;
        }
        vector
    }

    /// Every code with its tracked characters (the sum of its counts), in order of those.
    fn by_tracked(&self) -> Vec<(usize, usize)> {
        let mut by_tracked = Vec::with_capacity(self.codes());
        for code in 0..self.codes() {
            let tracked: usize = self.decode(code).iter().map(|&v| usize::from(v)).sum();
            by_tracked.push((tracked, code));
        }
        by_tracked.sort_unstable();
        by_tracked
    }

    /// The code of `vector` plus one character of `unit`, or `None` past its cap.
    fn step(&self, code: usize, unit: usize) -> Option<usize> {
        let radix: usize = self.caps[..unit].iter().map(|cap| cap + 1).product();
        let digit = code / radix % (self.caps[unit] + 1);
        (digit < self.caps[unit]).then_some(code + radix)
    }

    /// The code of `a + b`, or `None` past a cap (the reference inverse's pairs, in tests).
    #[cfg(test)]
    fn add(&self, a: usize, b: usize) -> Option<usize> {
        let (a, b) = (self.decode(a), self.decode(b));
        let mut code = 0;
        for unit in (0..self.caps.len()).rev() {
            let digit = usize::from(a[unit]) + usize::from(b[unit]);
            if digit > self.caps[unit] {
                return None;
            }
            code = code * (self.caps[unit] + 1) + digit;
        }
        Some(code)
    }
}

/// The pieces of a row whose characters are each free (`None`) or of a tracked unit, under
/// `caps` (one per unit), up to `x^len` (computed to `x^k` only, `k` the caps' sum, when every
/// character is tracked: no longer piece stays within the caps).
///
/// By Goulden and Jackson's cluster method, a row's pieces are its characters and its
/// clusters: `K_c = sum over c of x y_c + C(x, y)`, `C` summing over words covered by marked
/// forbidden runs, each overlapping the next, with sign `(-1)^marks`. A forbidden run is
/// [`RunKind`]'s, and two runs of different kinds share at most one character, so a cluster
/// grows from the character it ends at and the kind of its last run: a run of the same kind
/// starts later and ends one to `span` characters further, one of another kind starts at that
/// character. The sums only add and subtract, in limbs of a fixed width that holds every
/// result (two's complement: what overflows in between cancels).
pub(crate) fn row_pieces(
    units: &[Option<usize>],
    caps: &[usize],
    limits: Limits,
    len: usize,
) -> RowPieces {
    let vectors = Vectors { caps };
    let codes = vectors.codes();
    let size = units.len();
    // A row of tracked characters only has no piece longer than its caps allow.
    let most = longest_piece(units, caps, len);
    let kinds = RunKind::of(limits, most);
    // The code after one more character, for each code and character (`NONE` past a cap).
    let vectors = &vectors;
    let mut steps: Vec<usize> = Vec::with_capacity(codes * units.len());
    for code in 0..codes {
        for unit in units {
            steps.push(match unit {
                Some(unit) => vectors.step(code, *unit).unwrap_or(NONE),
                None => code,
            });
        }
    }
    let width = cluster_width(size, &kinds, most);
    let spans = kinds.iter().map(|kind| kind.span).max().unwrap_or(0);
    // The clusters of the next `spans + 1` lengths, by (character, kind, code), in a ring.
    let per_layer = size * kinds.len() * codes * width;
    let mut ring = vec![0u64; (spans + 1) * per_layer];
    let at = |n: usize, c: usize, kind: usize, code: usize| {
        n % (spans + 1) * per_layer + ((c * kinds.len() + kind) * codes + code) * width
    };
    // The run of `kind` from character `c` (code `code`) for `steps` more characters: where it
    // ends, or `None` when it leaves the row or a cap.
    let walk = |kind: &RunKind, mut c: usize, mut code: usize, count: usize| {
        for _ in 0..count {
            c = c.checked_add_signed(kind.step).filter(|&c| c < size)?;
            code = steps[code * size + c];
            if code == NONE {
                return None;
            }
        }
        Some((c, code))
    };
    let mut pieces: Vec<Vec<u64>> = vec![vec![0u64; codes * width]; most + 1];
    // One character, and the clusters of one run.
    for (c, &code) in steps.iter().enumerate().take(size) {
        if code == NONE {
            continue;
        }
        if most >= 1 {
            add_one(&mut pieces[1][code * width..(code + 1) * width]);
        }
        for (k, kind) in kinds.iter().enumerate() {
            if let Some((end, to)) = walk(kind, c, code, kind.span) {
                if kind.span < most {
                    let i = at(kind.span + 1, end, k, to);
                    sub_one(&mut ring[i..i + width]);
                }
            }
        }
    }
    let by_tracked = vectors.by_tracked();
    let mut value = vec![0u64; width];
    for (n, sums) in pieces.iter_mut().enumerate().take(most + 1).skip(2) {
        let reached = reached_at(&by_tracked, n, units.contains(&None));
        for c in 0..size {
            for k in 0..kinds.len() {
                for &(_, code) in reached {
                    let i = at(n, c, k, code);
                    if ring[i..i + width].iter().all(|&limb| limb == 0) {
                        continue;
                    }
                    value.copy_from_slice(&ring[i..i + width]);
                    ring[i..i + width].fill(0);
                    nat::add_limbs(&mut sums[code * width..(code + 1) * width], &value);
                    // One more run: of the same kind, ending 1 to `span` further; of another,
                    // starting here.
                    for (other, kind) in kinds.iter().enumerate() {
                        let extensions = if other == k {
                            1..=kind.span
                        } else {
                            kind.span..=kind.span
                        };
                        for extension in extensions {
                            if n + extension > most {
                                break;
                            }
                            let Some((end, to)) = walk(kind, c, code, extension) else {
                                break;
                            };
                            let j = at(n + extension, end, other, to);
                            nat::sub_limbs(&mut ring[j..j + width], &value);
                        }
                    }
                }
            }
        }
    }
    let series = |code: usize| series_of(&pieces, code * width..(code + 1) * width, len);
    let free = series(0);
    let mut tracked = Vec::new();
    for v in 1..codes {
        let series = series(v);
        if series.iter().any(|(value, _)| !value.is_zero()) {
            tracked.push((vectors.decode(v), series));
        }
    }
    RowPieces { free, tracked }
}

/// The codes a cluster of `n` characters may reach, from `by_tracked` ([`Vectors::by_tracked`]):
/// those of at most `n` tracked characters, or of exactly `n` in a row with no free character.
fn reached_at(by_tracked: &[(usize, usize)], n: usize, holds_free: bool) -> &[(usize, usize)] {
    let first = if holds_free {
        0
    } else {
        by_tracked.partition_point(|&(tracked, _)| tracked < n)
    };
    let end = by_tracked.partition_point(|&(tracked, _)| tracked <= n);
    &by_tracked[first..end]
}

/// The pieces of one code (its `limbs` in each length's sums) as a series up to `x^len`: past
/// the lengths computed, every piece is zero.
fn series_of(pieces: &[Vec<u64>], limbs: std::ops::Range<usize>, len: usize) -> Vec<Value> {
    let mut series = Vec::with_capacity(len + 1);
    for layer in pieces {
        let piece = &layer[limbs.clone()];
        if piece.iter().all(|&limb| limb == 0) {
            series.push((Nat::zero(), false));
        } else {
            series.push(signed(piece));
        }
    }
    series.resize(len + 1, (Nat::zero(), false));
    series
}

/// The longest piece of a row whose characters are each free (`None`) or of a tracked unit
/// under `caps`, up to `len`: a row of tracked characters only has at most its caps' sum.
fn longest_piece(units: &[Option<usize>], caps: &[usize], len: usize) -> usize {
    if units.contains(&None) {
        len
    } else {
        caps.iter().sum::<usize>().min(len)
    }
}

/// No code: a cap is passed.
const NONE: usize = usize::MAX;

/// A kind of forbidden run in a row: `span + 1` characters each `step` from the one before
/// (0: a repeat, beyond `max_consecutive`; 1 or -1: a sequence up or down, beyond
/// `max_sequential`).
struct RunKind {
    step: isize,
    span: usize,
}

impl RunKind {
    /// The kinds of forbidden runs under `limits` that fit in `len` characters.
    fn of(limits: Limits, len: usize) -> Vec<RunKind> {
        let mut kinds = Vec::new();
        if let Some(span) = limits.repeats.filter(|&span| span < len) {
            kinds.push(RunKind { step: 0, span });
        }
        if let Some(span) = limits.sequences.filter(|&span| span < len) {
            kinds.push(RunKind { step: 1, span });
            kinds.push(RunKind { step: -1, span });
        }
        kinds
    }
}

/// The limbs that hold every sum of [`row_pieces`] with its sign: the clusters of each length
/// counted without signs or caps, a bound on any signed sum of them.
fn cluster_width(size: usize, kinds: &[RunKind], len: usize) -> usize {
    // `unsigned[n][kind]`: the clusters of `n` characters whose last run is of `kind`, over
    // every last character (a character has at most one neighbour of each step).
    let mut unsigned = vec![vec![0.0_f64; kinds.len()]; len + 1];
    let mut most = size as f64;
    for (k, kind) in kinds.iter().enumerate() {
        if kind.span < len {
            unsigned[kind.span + 1][k] += size as f64;
        }
    }
    for n in 2..=len {
        most = most.max(unsigned[n].iter().sum());
        for k in 0..kinds.len() {
            let count = unsigned[n][k];
            for (other, kind) in kinds.iter().enumerate() {
                let first = if other == k { 1 } else { kind.span };
                for extension in first..=kind.span {
                    if n + extension <= len {
                        unsigned[n + extension][other] += count;
                    }
                }
            }
        }
    }
    // A sign bit, and a margin for rounding.
    (most.log2().max(0.0) as usize + 3) / 64 + 1
}

/// `limbs += 1`, wrapping.
fn add_one(limbs: &mut [u64]) {
    nat::add_limbs(limbs, &[1]);
}

/// `limbs -= 1`, wrapping.
fn sub_one(limbs: &mut [u64]) {
    nat::sub_limbs(limbs, &[1]);
}

/// The estimated work of [`row_pieces`] for a row whose characters are each free (`None`) or
/// of a tracked unit under `caps`, in limb operations: for each length, character, kind of run
/// and code within reach (a row of tracked characters only reaches each code at one length), a
/// sum read, cleared and added and, for each run that may follow, a walk of its characters and
/// a subtraction.
pub(crate) fn row_pieces_cost(
    units: &[Option<usize>],
    caps: &[usize],
    limits: Limits,
    len: usize,
) -> f64 {
    // In floating point: a row of many units has more vectors than a `usize` holds.
    let codes: f64 = caps.iter().map(|&cap| cap as f64 + 1.0).product();
    let size = units.len() as f64;
    let most = longest_piece(units, caps, len);
    let kinds = RunKind::of(limits, most);
    let width = cluster_width(units.len(), &kinds, most) as f64;
    let follows: f64 = kinds
        .iter()
        .map(|kind| {
            let span = kind.span as f64;
            // The runs after one of this kind: its own extensions, one of each other kind.
            span * (span + 1.0) / 2.0 + kinds.len() as f64 - 1.0 + span * (width + 2.0)
        })
        .sum();
    // A code is read at each length from its tracked characters on, or at that one alone in a
    // row of tracked characters only.
    let lengths = if units.contains(&None) {
        most as f64
    } else {
        1.0
    };
    let read = lengths * size * codes * kinds.len() as f64 * width;
    let reached = lengths * size * codes;
    ROWS * (read + reached * (kinds.len() as f64 * (width + 2.0) + follows) + codes * size)
}

/// What a limb operation of [`row_pieces`] costs relative to the method's rate in
/// [`crate::plan`]: most sums it reads are zero (a code out of reach at that length, a run
/// that leaves the row) and skipped in one comparison. Set with a margin above the ratio of
/// the rows' pieces' time to their estimate (timed apart, on the survey's policies whose quoted
/// sets split a sequence range) to the method's time per estimated operation.
const ROWS: f64 = 0.5;

/// Adds `series` into `sum`, coefficient by coefficient.
pub(crate) fn add_series(sum: &mut [Value], series: &[Value]) {
    let mut accumulator = Accumulator::default();
    let one = [1u64];
    for (total, (value, negative)) in sum.iter_mut().zip(series) {
        if value.is_zero() {
            continue;
        }
        let products = [
            (total.0.limbs(), &one[..], total.1),
            (value.limbs(), &one[..], *negative),
        ];
        *total = accumulator.sum_of(&products);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::series;
    use crate::nat::Nat;

    /// A row whose characters are all free has the pieces of a component within one atom.
    #[test]
    fn a_free_row_has_the_pieces_of_one_atom() {
        for (repeats, sequences) in [(None, Some(2)), (Some(1), Some(3)), (Some(2), Some(2))] {
            let limits = Limits { repeats, sequences };
            let row = row_pieces(&[None; 7], &[], limits, 40);
            let atoms: Vec<AtomComponents> = vec![(1, vec![(7, true)])];
            let expected = series::atom_pieces(&atoms, limits, 40).remove(0).1;
            assert_eq!(row.free, expected);
            assert!(row.tracked.is_empty());
        }
    }

    /// [`row_pieces`] as `1 - 1 / W` of the row's automaton `W`: the reference it is checked
    /// against.
    fn row_pieces_by_inverse(
        units: &[Option<usize>],
        caps: &[usize],
        limits: Limits,
        len: usize,
    ) -> RowPieces {
        let vectors = Vectors { caps };
        let codes = vectors.codes();
        let words = row_words(units, &vectors, limits, len);
        // V = 1 / W: V(0, 0) = 1; V(l, v) = -sum over i >= 1 and u <= v of W(i, u) V(l - i, v - u).
        let mut sum = Accumulator::default();
        let mut sums: Vec<Vec<(usize, usize)>> = vec![Vec::new(); codes];
        for u in 0..codes {
            for w in 0..codes {
                if let Some(v) = vectors.add(u, w) {
                    sums[v].push((u, w));
                }
            }
        }
        let mut inverse: Vec<Vec<Value>> = vec![vec![(Nat::zero(), false); codes]; len + 1];
        inverse[0][0] = (Nat::one(), false);
        for l in 1..=len {
            for v in 0..codes {
                let products: Vec<(&[u64], &[u64], bool)> = (1..=l)
                    .flat_map(|i| {
                        let (words, inverse) = (&words[i], &inverse[l - i]);
                        sums[v].iter().map(move |&(u, w)| {
                            let (factor, negative) = &inverse[w];
                            (words[u].limbs(), factor.limbs(), *negative)
                        })
                    })
                    .collect();
                let (value, negative) = sum.sum_of(&products);
                let zero = value.is_zero();
                inverse[l][v] = (value, !negative && !zero);
            }
        }
        // K = 1 - V: K(l, v) = -V(l, v) past (0, 0).
        let piece = |l: usize, v: usize| -> Value {
            if l == 0 {
                return (Nat::zero(), false);
            }
            let (value, negative) = &inverse[l][v];
            (value.clone(), !negative && !value.is_zero())
        };
        let free = (0..=len).map(|l| piece(l, 0)).collect();
        let tracked = (1..codes)
            .map(|v| (vectors.decode(v), (0..=len).map(|l| piece(l, v)).collect()))
            .filter(|(_, series): &(Vec<u16>, Vec<Value>)| {
                series.iter().any(|(value, _)| !value.is_zero())
            })
            .collect();
        RowPieces { free, tracked }
    }

    /// `W(n, v)`: the strings of `n` characters over the row that break no run limit, with `v`
    /// characters of each unit (up to its cap), for `n` up to `len`.
    fn row_words(
        units: &[Option<usize>],
        vectors: &Vectors<'_>,
        limits: Limits,
        len: usize,
    ) -> Vec<Vec<Nat>> {
        let size = units.len();
        let codes = vectors.codes();
        let repeats = limits.repeats.unwrap_or(usize::MAX);
        let sequences = limits.sequences.unwrap_or(usize::MAX);
        let repeat_cap = if limits.repeats.is_some() { repeats } else { 1 };
        let runs = sequences.min(len).max(1) - 1;
        let per_char = repeat_cap + 2 * runs;
        // States: (character, run slot, vector code), as in `series`' automaton.
        let state = |c: usize, slot: usize, code: usize| (c * per_char + slot) * codes + code;
        let sequence_slot = |up: bool, k: usize| repeat_cap + usize::from(!up) * runs + (k - 2);
        let reached = |code: usize, c: usize| match units[c] {
            Some(unit) => vectors.step(code, unit),
            None => Some(code),
        };
        let states = size * per_char * codes;
        let mut layer: Vec<Nat> = vec![Nat::zero(); states];
        let mut words: Vec<Vec<Nat>> = vec![vec![Nat::zero(); codes]; len + 1];
        words[0][0] = Nat::one();
        for c in 0..size {
            if let Some(code) = reached(0, c) {
                layer[state(c, 0, code)] = Nat::one();
            }
        }
        for (n, words) in words.iter_mut().enumerate().skip(1) {
            if n > 1 {
                let mut next: Vec<Nat> = vec![Nat::zero(); states];
                // Per vector: all strings, and those ending at each character.
                let mut all: Vec<Nat> = vec![Nat::zero(); codes];
                let mut totals: Vec<Nat> = vec![Nat::zero(); size * codes];
                for c in 0..size {
                    for slot in 0..per_char {
                        for code in 0..codes {
                            let count = &layer[state(c, slot, code)];
                            if count.is_zero() {
                                continue;
                            }
                            all[code].add_assign(count);
                            totals[c * codes + code].add_assign(count);
                            let repeat = if slot < repeat_cap { slot + 2 } else { 2 };
                            if repeat <= repeats {
                                if let Some(to) = reached(code, c) {
                                    next[state(c, repeat.min(repeat_cap) - 1, to)]
                                        .add_assign(count);
                                }
                            }
                            for up in [true, false] {
                                let to_char = if up { c + 1 } else { c.wrapping_sub(1) };
                                if to_char >= size {
                                    continue;
                                }
                                let k = match slot.checked_sub(repeat_cap) {
                                    Some(s) if (s < runs) == up => s % runs.max(1) + 3,
                                    _ => 2,
                                };
                                if k <= sequences {
                                    if let Some(to) = reached(code, to_char) {
                                        let slot = sequence_slot(up, k.min(runs + 1));
                                        next[state(to_char, slot, to)].add_assign(count);
                                    }
                                }
                            }
                        }
                    }
                }
                for c in 0..size {
                    for code in 0..codes {
                        let Some(to) = reached(code, c) else {
                            continue;
                        };
                        let mut fresh = all[code].clone();
                        for m in [c.checked_sub(1), Some(c), Some(c + 1)]
                            .into_iter()
                            .flatten()
                            .filter(|&m| m < size)
                        {
                            fresh.sub_assign(&totals[m * codes + code]);
                        }
                        next[state(c, 0, to)].add_assign(&fresh);
                    }
                }
                layer = next;
            }
            for (i, count) in layer.iter().enumerate() {
                if !count.is_zero() {
                    words[i % codes].add_assign(count);
                }
            }
        }
        words
    }

    /// Random run limits: each present half the time, at least one of them.
    fn random_limits(rng: &mut crate::problem::testing::Lcg) -> Limits {
        let repeats = (rng.below(2) == 0).then(|| 1 + rng.below(3));
        let sequences = (repeats.is_none() || rng.below(2) == 0).then(|| 1 + rng.below(4));
        Limits { repeats, sequences }
    }

    /// The row's pieces by its clusters, checked equal to those of the inverse of its automaton.
    fn pieces_matching_the_inverse(
        units: &[Option<usize>],
        caps: &[usize],
        limits: Limits,
        len: usize,
    ) -> RowPieces {
        let by_clusters = row_pieces(units, caps, limits, len);
        let by_inverse = row_pieces_by_inverse(units, caps, limits, len);
        assert_eq!(
            by_clusters.free, by_inverse.free,
            "{units:?} {caps:?} {len}"
        );
        assert_eq!(
            by_clusters.tracked, by_inverse.tracked,
            "{units:?} {caps:?} {len}"
        );
        by_clusters
    }

    /// The clusters' pieces are those of the inverse of the row's automaton, on rows of random
    /// units and caps under both run limits.
    #[test]
    fn row_pieces_are_the_inverse_of_the_rows_words() {
        let mut rng = crate::problem::testing::Lcg(53);
        let mut tracked = 0;
        for _ in 0..60 {
            let size = 2 + rng.below(12);
            let unit_count = 1 + rng.below(3);
            let units: Vec<Option<usize>> = (0..size)
                .map(|_| (rng.below(4) != 0).then(|| rng.below(unit_count)))
                .collect();
            let caps: Vec<usize> = (0..unit_count).map(|_| rng.below(6)).collect();
            let limits = random_limits(&mut rng);
            let len = 1 + rng.below(40);
            tracked += pieces_matching_the_inverse(&units, &caps, limits, len)
                .tracked
                .len();
        }
        assert!(tracked > 100, "{tracked}");
    }

    /// A row whose characters are all tracked has no piece longer than its caps' sum, which
    /// [`row_pieces`] stops at: its pieces are still those of the inverse, up to `len`.
    #[test]
    fn a_tracked_row_stops_at_its_caps() {
        let mut rng = crate::problem::testing::Lcg(59);
        let mut stopped = 0;
        for _ in 0..40 {
            let size = 2 + rng.below(12);
            let unit_count = 1 + rng.below(3);
            let units: Vec<Option<usize>> =
                (0..size).map(|_| Some(rng.below(unit_count))).collect();
            let caps: Vec<usize> = (0..unit_count).map(|_| rng.below(7)).collect();
            let limits = random_limits(&mut rng);
            let len = 1 + rng.below(30);
            stopped += usize::from(longest_piece(&units, &caps, len) < len);
            let pieces = pieces_matching_the_inverse(&units, &caps, limits, len);
            assert_eq!(pieces.free.len(), len + 1);
        }
        assert!(stopped > 20, "{stopped}");
    }

    #[test]
    fn vectors_step_and_add_within_caps() {
        let vectors = Vectors { caps: &[2, 1] };
        assert_eq!(vectors.codes(), 6);
        assert_eq!(vectors.step(0, 0), Some(1));
        assert_eq!(vectors.step(2, 0), None);
        assert_eq!(vectors.step(2, 1), Some(5));
        assert_eq!(vectors.add(1, 4), Some(5));
        assert_eq!(vectors.add(2, 2), None);
    }
}
