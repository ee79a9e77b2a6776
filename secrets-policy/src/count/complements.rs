//! Counting under run limits by complements: the cluster sum of [`super::clusters`] with the
//! counters of only a few atoms, each below a cap.
//!
//! Each constraint's indicator is a difference of caps,
//!
//! ```text
//! [min <= n <= max] = [n <= max] - [n <= min - 1],
//! ```
//!
//! where `[n <= max]` is 1 when `max >= len` and a minimum of 0 has no second term. Expanding
//! the product over the constraints gives at most `2^k` signed *terms*, each counting the
//! strings whose counters all stay at or below caps. In one term, the atoms of a capped
//! constraint are *tracked*, the others *free*. With `K = K_tracked + K_free` (the pieces of
//! [`super::clusters`], each within one atom),
//!
//! ```text
//! 1 / (1 - K_tracked - K_free) = sum over j of W_free^(j + 1) * K_tracked^j,
//! W_free = 1 / (1 - K_free),
//! ```
//!
//! `W_free` counting the strings over the free atoms alone that break no run limit (never
//! negative). So a term is
//!
//! ```text
//! sum over (j, t) of D(j, t) * [x^(len - t)] W_free^(j + 1),
//! ```
//!
//! `D(j, t)` being the signed sum over sequences of `j` tracked pieces of `t` characters in all
//! whose counters stay within the caps. Tracked atoms that share no capped constraint are
//! independent: each group's sequences are counted by its own small table (its atoms' counts,
//! layer by layer in `j`; atoms that every capped constraint counts alike share one count) and
//! the groups are interleaved by binomial coefficients. The numbers
//! of `D` are only as wide as `alphabet^t`, `t` at most the sum of the caps, and the powers of
//! `W_free` are univariate: no counter vector ever meets a free piece, which is what makes
//! [`super::clusters`] slow for long policies with several minimums.
//!
//! A row of a sequence range whose characters count toward different constraints (a quoted
//! set inside a class) is a *spanning* row ([`mixed`]): its pieces may move several atoms'
//! counters and hold free characters too. Its pieces without a tracked character join
//! `K_free`; the others are tracked pieces whose length is not bounded by the caps, so the
//! table of a group that holds such a row keeps the characters in all beside the counts.
//!
//! In each term, a cap another cap implies is left out ([`without_implied`]); which caps past
//! half of `len` are flipped is chosen cap by cap ([`Flips`]); and a group alike in several
//! terms (same units, caps and capped constraints, [`GroupKey`]) builds its sums once, kept
//! until the last term that needs them, while a term whose first groups are the previous
//! term's starts from that term's interleaving of them (with the groups that more terms hold
//! put first and the terms sorted by their groups, when that is estimated cheaper).
//!
//! The terms are signed: this counts only (the walk is that of a relaxation, see
//! [`crate::plan`]).
//!
//! [`without_implied`]: shape::without_implied

mod estimate;
mod free_powers;
mod groups;
mod interleave;
mod residues;
mod shape;
mod spanning;
mod terms;

use crate::count::clusters::Limits;
use crate::count::mixed::{self, RowPieces, Split};
use crate::count::series::{atom_pieces, Value};
use crate::fast_hash::FastMap;
use crate::nat::Nat;
use crate::problem::Problem;
use estimate::{cost_of, flips, shares};
use free_powers::{free_pieces, total_of, FreeSums, Sum};
use groups::group_sequences;
use interleave::interleave;
use shape::{capped, common_prefix, group_key, GroupKey, RowKey, RowShape, Shape};
use spanning::Table;
#[cfg(test)]
use terms::ALL;
use terms::{terms, Flips, Term};

/// Whether the method applies: a run limit binds (a row whose characters count toward
/// different constraints is a spanning row, [`mixed`]).
pub(crate) fn applies(problem: &Problem<'_>) -> bool {
    problem.run_limit().is_some() || problem.sequence_limit().is_some()
}

/// The estimated cost of [`count`]: `(work, limbs)`, the work in limb operations and the memory
/// in limbs.
///
/// # Panics
/// When [`applies`] does not hold.
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let flip = flips(problem);
    cost_of(problem, flip)
}

/// The number of passwords `problem` allows, when [`applies`] holds.
///
/// # Panics
/// When it does not.
pub(crate) fn count(problem: &Problem<'_>) -> Nat {
    count_with(problem, flips(problem))
}

/// [`count`], with the caps in `flips` flipped.
fn count_with(problem: &Problem<'_>, flips: Flips) -> Nat {
    count_in_order(problem, flips, shares(problem, flips))
}

/// [`count_with`], with the groups in the order [`term_shapes`] gives for `shared`.
fn count_in_order(problem: &Problem<'_>, flips: Flips, shared: bool) -> Nat {
    let Split { atoms, spanning } = mixed::split(problem);
    let len = problem.len;
    let limits = Limits::of(problem);
    let mut pieces: Vec<Vec<Value>> = Vec::with_capacity(atoms.len());
    for (_, atom) in atom_pieces(&atoms, limits, len) {
        pieces.push(atom);
    }
    let mut masks: Vec<u32> = Vec::with_capacity(atoms.len());
    for (mask, _) in &atoms {
        masks.push(*mask);
    }
    let Some(terms) = terms(problem, flips) else {
        return Nat::zero();
    };

    let shapes = term_shapes(&terms, &masks, &spanning, len, shared);
    // A group's sums are built once and kept until the last term that needs them.
    let mut uses = group_uses(&shapes);
    let mut built: FastMap<&GroupKey, Vec<Vec<Value>>> = FastMap::default();
    // The previous term's groups, each with the interleaving of it and the groups before it:
    // a term whose first groups are alike starts from theirs.
    let mut chain: Vec<(&GroupKey, Vec<Vec<Value>>)> = Vec::new();
    let none: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
    // The spanning rows' pieces, by the way a term splits them.
    let mut row_pieces: FastMap<RowKey, RowPieces> = FastMap::default();
    // The terms' sequence sums, added up by free set (with its `K_free`): the powers of
    // `W_free` are shared.
    let mut by_free: Vec<FreeSums> = Vec::new();
    let (one, mut scratch) = (Nat::one(), Vec::new());
    for (term, shape, keys) in &shapes {
        let mut group_rows: Vec<Vec<RowShape>> = Vec::with_capacity(shape.groups.len());
        for group in &shape.groups {
            group_rows.push(shape.rows_of(group, &spanning));
        }
        let mut free_rows: Vec<RowShape> = Vec::new();
        for (index, row) in spanning.iter().enumerate() {
            if row.iter().all(|&a| shape.unit_of[a].is_none()) {
                free_rows.push(RowShape::free(index, row.len()));
            }
        }
        for row in group_rows.iter().flatten().chain(&free_rows) {
            row_pieces
                .entry(row.key())
                .or_insert_with(|| mixed::row_pieces(&row.units, &row.caps, limits, len));
        }
        let mut kept = 0;
        while kept < chain.len() && kept < keys.len() && *chain[kept].0 == keys[kept] {
            kept += 1;
        }
        chain.truncate(kept);
        for ((group, rows), key) in shape.groups.iter().zip(&group_rows).zip(keys).skip(kept) {
            let left = uses.get_mut(key).expect("counted");
            *left -= 1;
            let sums = built.entry(key).or_insert_with(|| {
                group_sums(group, rows, shape, &masks, &pieces, &row_pieces, len)
            });
            let before = chain.last().map_or(&none, |(_, sequences)| sequences);
            let sequences = interleave(before, sums);
            if *left == 0 {
                built.remove(key);
            }
            chain.push((key, sequences));
        }
        let sequences = chain.last().map_or(&none, |(_, sequences)| sequences);
        let free = shape.free();
        let at = if let Some(at) = by_free.iter().position(|known| known.free == free) {
            at
        } else {
            let mut free_series = free_pieces(&free, &pieces, len);
            for row in group_rows.iter().flatten().chain(&free_rows) {
                mixed::add_series(&mut free_series, &row_pieces[&row.key()].free);
            }
            by_free.push(FreeSums {
                free,
                free_pieces: free_series,
                sums: Vec::new(),
            });
            by_free.len() - 1
        };
        let sums = &mut by_free[at].sums;
        for (j, row) in sequences.iter().enumerate() {
            if sums.len() <= j {
                sums.push(Vec::new());
            }
            for (t, (value, negative)) in row.iter().enumerate() {
                if sums[j].len() <= t {
                    sums[j].resize(t + 1, Sum::default());
                }
                sums[j][t].add_product(value, &one, *negative != term.negative, &mut scratch);
            }
        }
    }
    total_of(by_free, len)
}

/// The terms that count something, their shapes and their groups' keys. When `shared`, they
/// are ordered so that terms share the most interleavings: in each term, the groups that more
/// terms hold come first, and the terms are sorted by their groups' keys, so that a term's
/// interleaving of its first groups is the previous term's whenever another term has it. (The
/// order of the groups changes what each interleaving costs: [`shares`] picks.)
fn term_shapes<'t>(
    terms: &'t [Term],
    masks: &[u32],
    spanning: &[Vec<usize>],
    len: usize,
    shared: bool,
) -> Vec<(&'t Term, Shape, Vec<GroupKey>)> {
    let mut shapes: Vec<(&Term, Shape, Vec<GroupKey>)> = Vec::new();
    for term in terms {
        let shape = Shape::of(term, masks, spanning);
        let mut keys = Vec::with_capacity(shape.groups.len());
        for group in &shape.groups {
            keys.push(group_key(group, &shape, masks));
        }
        if !shape.is_empty(len) {
            shapes.push((term, shape, keys));
        }
    }
    if !shared {
        return shapes;
    }
    let mut held: FastMap<GroupKey, usize> = FastMap::default();
    for (_, _, keys) in &shapes {
        for key in keys {
            *held.entry(key.clone()).or_default() += 1;
        }
    }
    for (_, shape, keys) in &mut shapes {
        // Those more terms hold first, then by key: sorted by insertion (stable; a term has
        // few groups), which needs no copy of the standard library's sort.
        let goes_before = |a: usize, b: usize| {
            let (held_a, held_b) = (held[&keys[a]], held[&keys[b]]);
            held_a > held_b || (held_a == held_b && keys[a] < keys[b])
        };
        let mut order: Vec<usize> = (0..keys.len()).collect();
        for placed in 1..order.len() {
            let mut at = placed;
            while at > 0 && goes_before(order[at], order[at - 1]) {
                order.swap(at, at - 1);
                at -= 1;
            }
        }
        let (mut groups, mut ordered) = (Vec::new(), Vec::new());
        for &i in &order {
            groups.push(shape.groups[i].clone());
            ordered.push(keys[i].clone());
        }
        (shape.groups, *keys) = (groups, ordered);
    }
    shapes.sort_by(|a, b| a.2.cmp(&b.2));
    shapes
}

/// How many terms need each group's sums: not those that start from the previous term's
/// interleaving of it.
fn group_uses<'k>(shapes: &'k [(&Term, Shape, Vec<GroupKey>)]) -> FastMap<&'k GroupKey, usize> {
    let mut uses: FastMap<&GroupKey, usize> = FastMap::default();
    let mut previous: &[GroupKey] = &[];
    for (_, _, keys) in shapes {
        for key in &keys[common_prefix(previous, keys)..] {
            *uses.entry(key).or_default() += 1;
        }
        previous = keys;
    }
    uses
}

/// A group's sums over sequences of its tracked pieces (each unit's, and each spanning row's
/// in `rows`).
fn group_sums(
    group: &[usize],
    rows: &[RowShape],
    shape: &Shape,
    masks: &[u32],
    pieces: &[Vec<Value>],
    row_pieces: &FastMap<RowKey, RowPieces>,
    len: usize,
) -> Vec<Vec<Value>> {
    let mut unit_pieces: Vec<Vec<Value>> = Vec::with_capacity(group.len());
    for &unit in group {
        unit_pieces.push(free_pieces(&shape.units[unit], pieces, len));
    }
    if rows.is_empty() {
        return group_sequences(group, shape, masks, &unit_pieces);
    }
    let mut with_pieces: Vec<(&RowShape, &RowPieces)> = Vec::with_capacity(rows.len());
    for row in rows {
        with_pieces.push((row, &row_pieces[&row.key()]));
    }
    let table = Table {
        group,
        shape,
        capped: capped(group, masks, &shape.caps),
        len,
    };
    table.sequences(&unit_pieces, &with_pieces)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::clusters;
    use crate::problem::testing::{allowed_strings, random_run_limited_problems, Lcg};

    /// What the terms of `problem` reach: a unit of several atoms, a cap left out because
    /// another implies it, a group alike in an earlier term, and a term that starts from the
    /// previous term's interleaving.
    fn reached(problem: &Problem<'_>, flips: Flips) -> [bool; 4] {
        let Split { atoms, spanning } = mixed::split(problem);
        let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
        let mut reached = [false; 4];
        let mut seen: Vec<GroupKey> = Vec::new();
        let mut previous: Vec<GroupKey> = Vec::new();
        for term in terms(problem, flips).into_iter().flatten() {
            let shape = Shape::of(&term, &masks, &spanning);
            if shape.is_empty(problem.len) {
                continue;
            }
            reached[0] |= shape.units.iter().any(|unit| unit.len() > 1);
            reached[1] |= shape.caps.iter().flatten().count() < term.caps.iter().flatten().count();
            let keys: Vec<GroupKey> = shape
                .groups
                .iter()
                .map(|group| group_key(group, &shape, &masks))
                .collect();
            let kept = common_prefix(&previous, &keys);
            reached[2] |= keys[kept..].iter().any(|key| seen.contains(key));
            reached[3] |= kept > 0;
            seen.extend(keys.iter().cloned());
            previous = keys;
        }
        reached
    }

    #[test]
    fn complements_count_what_brute_force_counts() {
        let mut applied = 0;
        // Units, caps left out, groups built once and interleavings kept must be reached, or
        // the test proves little.
        let mut reached_by = [0; 4];
        for owned in random_run_limited_problems(67, 2000) {
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            applied += 1;
            let expected = allowed_strings(&problem).len() as u128;
            for flips in [0, ALL, 0b0101_0101, flips(&problem)] {
                let counted = count_with(&problem, flips).to_u128();
                assert_eq!(counted, Some(expected), "{flips}, {problem:?}");
                // Both orders of the groups.
                let other = count_in_order(&problem, flips, !shares(&problem, flips));
                assert_eq!(other.to_u128(), Some(expected), "{flips}, {problem:?}");
                for (n, reached) in reached_by.iter_mut().zip(reached(&problem, flips)) {
                    *n += usize::from(reached);
                }
            }
        }
        assert!(applied > 400, "{applied}");
        assert!(
            reached_by[0] > 50 && reached_by[1] > 100 && reached_by[2] > 50 && reached_by[3] > 50,
            "{reached_by:?}"
        );
    }

    /// The brute-force cases above reach terms whose tracked atoms share a unit.
    #[test]
    fn the_cases_reach_units_of_several_atoms() {
        let mut shared = 0;
        for owned in random_run_limited_problems(67, 2000) {
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            let Split { atoms, spanning } = mixed::split(&problem);
            let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
            for term in terms(&problem, 0).into_iter().flatten() {
                let shape = Shape::of(&term, &masks, &spanning);
                if shape.units.iter().any(|unit| unit.len() > 1) {
                    shared += 1;
                }
            }
        }
        assert!(shared > 20, "{shared}");
    }

    /// The brute-force cases above reach rows that span atoms, split by a term between tracked
    /// and free characters, and tracked by several units.
    #[test]
    fn the_cases_reach_spanning_rows() {
        let (mut spanning_problems, mut split_rows, mut shared_rows) = (0, 0, 0);
        for owned in random_run_limited_problems(67, 2000) {
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            let Split { atoms, spanning } = mixed::split(&problem);
            if spanning.is_empty() {
                continue;
            }
            spanning_problems += 1;
            let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
            for term in terms(&problem, 0).into_iter().flatten() {
                let shape = Shape::of(&term, &masks, &spanning);
                for group in &shape.groups {
                    for row in shape.rows_of(group, &spanning) {
                        split_rows += usize::from(row.units.contains(&None));
                        shared_rows += usize::from(row.present.len() > 1);
                    }
                }
            }
        }
        assert!(
            spanning_problems > 50 && split_rows > 50 && shared_rows > 10,
            "{spanning_problems} {split_rows} {shared_rows}"
        );
    }

    /// Against the position automaton on policies whose quoted sets split a sequence range
    /// between constraints (rows that span atoms), with minimums and maximums on both.
    #[test]
    fn spanning_rows_count_what_the_position_table_counts() {
        let (base, chars) = crate::problem::testing::printable();
        let mut rng = Lcg(29);
        for case in 0..6 {
            let len = 14 + rng.below(12);
            // A quoted set of a few letters and digits, as constraint 4.
            let quoted: Vec<usize> = (0..3 + rng.below(4))
                .map(|_| {
                    if case % 2 == 0 {
                        rng.below(26)
                    } else {
                        52 + rng.below(10)
                    }
                })
                .collect();
            let membership: Vec<u32> = base
                .iter()
                .enumerate()
                .map(|(i, &mask)| mask | u32::from(quoted.contains(&i)) << 4)
                .collect();
            let bounds: Vec<(usize, usize)> = (0..5)
                .map(|j| {
                    let min = rng.below(3);
                    let max = if j == 4 || rng.below(3) == 0 {
                        (min + 2 + rng.below(len / 2)).min(len)
                    } else {
                        len
                    };
                    (min, max)
                })
                .collect();
            let repeats = (rng.below(2) == 0).then(|| 1 + rng.below(2));
            let problem = Problem {
                len,
                membership: &membership,
                bounds: &bounds,
                max_consecutive: repeats,
                max_sequential: Some(crate::problem::Sequences {
                    limit: 2 + rng.below(2),
                    chars: &chars,
                }),
            };
            assert!(!mixed::split(&problem).spanning.is_empty());
            let by_complements = count_with(&problem, 0);
            assert!(by_complements == count_with(&problem, ALL), "{problem:?}");
            assert!(by_complements == count(&problem), "{problem:?}");
            assert!(
                by_complements == crate::count::by_positions(&problem),
                "positions, {problem:?}"
            );
        }
    }

    /// On policies whose groups have large caps (two classes under maximums near a third of
    /// `len` or more, one with a minimum too): the count with the interleavings by residues,
    /// which they reach, is the count with every interleaving the direct way.
    #[test]
    fn interleavings_by_residues_count_as_the_direct_way() {
        let (membership, chars) = crate::problem::testing::printable();
        for (len, bounds, repeats, sequences) in [
            (
                130,
                vec![(0, 40), (2, 60), (3, 130), (1, 130)],
                Some(1),
                Some(3),
            ),
            (
                150,
                vec![(4, 44), (0, 130), (0, 53), (5, 150)],
                None,
                Some(2),
            ),
        ] {
            let problem = crate::problem::testing::problem_over(
                len,
                &membership,
                &bounds,
                repeats,
                sequences,
                &chars,
            );
            interleave::tests::BY_RESIDUES.set(0);
            let by_residues = count(&problem);
            assert!(interleave::tests::BY_RESIDUES.get() > 0, "{problem:?}");
            interleave::tests::DIRECT.set(true);
            let direct = count(&problem);
            interleave::tests::DIRECT.set(false);
            assert!(by_residues == direct, "{problem:?}");
            assert!(!direct.is_zero(), "{problem:?}");
        }
    }

    /// Against the position automaton on policies whose quoted set of capitals splits their
    /// row, with a digits maximum past half of `len`: flipped, the terms track the whole row,
    /// whose pieces and table stop at the caps.
    #[test]
    fn tracked_spanning_rows_count_what_the_position_table_counts() {
        let (base, chars) = crate::problem::testing::printable();
        let mut rng = Lcg(83);
        for _ in 0..3 {
            let len = 20 + rng.below(12);
            let quoted: Vec<usize> = (0..4 + rng.below(3)).map(|_| 26 + rng.below(26)).collect();
            let membership: Vec<u32> = base
                .iter()
                .enumerate()
                .filter(|&(_, &mask)| mask != 0b0001)
                .map(|(i, &mask)| mask | u32::from(quoted.contains(&i)) << 4)
                .collect();
            let bounds = [
                (0, 0),
                (2 + rng.below(4), len),
                (1, len - 6 - rng.below(len / 4)),
                (2 + rng.below(4), len),
                (1 + rng.below(2), len),
            ];
            let problem = Problem {
                len,
                membership: &membership,
                bounds: &bounds,
                max_consecutive: Some(2),
                max_sequential: Some(crate::problem::Sequences {
                    limit: 3,
                    chars: &chars[26..],
                }),
            };
            assert!(!mixed::split(&problem).spanning.is_empty());
            let by_complements = count_with(&problem, ALL);
            assert!(by_complements == count_with(&problem, 0), "{problem:?}");
            assert!(
                by_complements == crate::count::by_positions(&problem),
                "positions, {problem:?}"
            );
        }
    }

    /// Against the cluster sum and the position automaton on policies too long to enumerate:
    /// minimums, maximums, a union (`lower | upper`) and both run limits.
    #[test]
    fn complements_count_what_the_other_methods_count() {
        let (mut membership, chars) = crate::problem::testing::printable();
        let mut rng = Lcg(71);
        for case in 0..12 {
            let len = 40 + rng.below(81);
            let union = case % 3 == 0;
            let constraints = if union { 5 } else { 4 };
            for mask in &mut membership {
                *mask &= 0b1111;
                if union && *mask & 0b0011 != 0 {
                    *mask |= 0b10000;
                }
            }
            let bounds: Vec<(usize, usize)> = (0..constraints)
                .map(|_| {
                    let min = rng.below(4);
                    let max = if rng.below(4) == 0 {
                        min + rng.below(len)
                    } else {
                        len
                    };
                    (min, max.min(len))
                })
                .collect();
            let repeats = (rng.below(3) != 0).then(|| 1 + rng.below(3));
            let sequences = (repeats.is_none() || rng.below(2) == 0).then(|| 2 + rng.below(3));
            let problem = crate::problem::testing::problem_over(
                len,
                &membership,
                &bounds,
                repeats,
                sequences,
                &chars,
            );
            assert!(applies(&problem));
            let by_complements = count_with(&problem, 0);
            assert!(by_complements == count_with(&problem, ALL), "{problem:?}");
            assert!(by_complements == count(&problem), "{problem:?}");
            assert!(
                by_complements == clusters::count(&problem),
                "clusters, {problem:?}"
            );
            if len <= 60 {
                assert!(
                    by_complements == crate::count::by_positions(&problem),
                    "positions, {problem:?}"
                );
            }
        }
    }
}
