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

use crate::count::clusters::{self, Limits, Signed};
use crate::count::division::{Coefficients, Divisor};
use crate::count::layers::{self, Layer};
use crate::count::mixed::{self, RowPieces, Split};
use crate::count::series::{add_product, atom_pieces, pieces_cost, Value};
use crate::fast_hash::FastMap;
use crate::nat::{self, mul_small_add, Nat};
use crate::problem::Problem;
use crate::table::count_width;

/// A signed sum in limbs that grow as needed: products are added without allocating.
#[derive(Clone, Default)]
struct Sum {
    added: Vec<u64>,
    subtracted: Vec<u64>,
}

impl Sum {
    /// `self += a * b`, for a product of sign `negative`.
    fn add_product(&mut self, a: &Nat, b: &Nat, negative: bool, scratch: &mut Vec<u64>) {
        let (a, b) = (a.limbs(), b.limbs());
        if a.is_empty() || b.is_empty() {
            return;
        }
        let part = if negative {
            &mut self.subtracted
        } else {
            &mut self.added
        };
        let (product, factor) = if let [factor] = b {
            (a, Some(*factor))
        } else {
            scratch.clear();
            scratch.resize(a.len() + b.len(), 0);
            nat::mul_limbs(a, b, scratch);
            (&scratch[..], None)
        };
        // Room for the product and a carry, with the top limb clear: the sum cannot overflow.
        let room = part.len().max(product.len() + 2);
        part.resize(room, 0);
        if part.last() != Some(&0) {
            part.push(0);
        }
        if let Some(factor) = factor {
            mul_small_add(part, product, factor);
        } else {
            let carry = nat::add_limbs(part, product);
            debug_assert!(!carry, "the top limb was clear");
        }
    }

    /// The value and whether it is negative.
    fn settle(mut self) -> Value {
        let width = self.added.len().max(self.subtracted.len());
        self.added.resize(width, 0);
        self.subtracted.resize(width, 0);
        if nat::cmp_limbs(&self.added, &self.subtracted).is_ge() {
            nat::sub_limbs(&mut self.added, &self.subtracted);
            (Nat::from_limbs(self.added), false)
        } else {
            nat::sub_limbs(&mut self.subtracted, &self.added);
            let value = Nat::from_limbs(self.subtracted);
            let negative = !value.is_zero();
            (value, negative)
        }
    }
}

/// A cap of one term: `[n <= cap]` on a constraint's characters, or on the others'
/// (`complement`).
#[derive(Clone, Copy)]
struct Cap {
    cap: usize,
    complement: bool,
}

impl Cap {
    /// Whether the characters of an atom of membership `mask` count toward constraint `j`'s
    /// cap.
    fn counts(self, mask: u32, j: usize) -> bool {
        (mask >> j & 1 == 1) != self.complement
    }
}

/// One term of the expansion: its sign and the constraints' caps (`None`: not capped).
struct Term {
    negative: bool,
    caps: Vec<Option<Cap>>,
}

/// `[n <= cap]` on a constraint's characters as signed capped indicators: 1 when the cap is at
/// least `len`; past half of `len` when `flip`, `1 - [n_others <= len - cap - 1]` (the others'
/// characters being `len - n`), which keeps every cap at most half of `len`.
fn expand(cap: usize, len: usize, flip: bool) -> Vec<(bool, Option<Cap>)> {
    if cap >= len {
        vec![(false, None)]
    } else if flip && len - cap - 1 < cap {
        vec![
            (false, None),
            (
                true,
                Some(Cap {
                    cap: len - cap - 1,
                    complement: true,
                }),
            ),
        ]
    } else {
        vec![(
            false,
            Some(Cap {
                cap,
                complement: false,
            }),
        )]
    }
}

/// Which caps past half of `len` are flipped: bit `2j` for constraint `j`'s maximum, bit
/// `2j + 1` for the cap below its minimum (a membership mask has 32 bits: 32 constraints).
type Flips = u64;

/// Every cap flipped.
#[cfg(test)]
const ALL: Flips = u64::MAX;

/// The terms of the expansion (the caps past half of `len` in `flips` flipped), or `None` when
/// a constraint's minimum is above its maximum (no password).
fn terms(problem: &Problem<'_>, flips: Flips) -> Option<Vec<Term>> {
    let mut terms = vec![Term {
        negative: false,
        caps: Vec::new(),
    }];
    for (j, &(min, max)) in problem.bounds.iter().enumerate() {
        if min > max {
            return None;
        }
        let flip = |which: usize| flips >> (2 * j + which) & 1 == 1;
        // [min <= n <= max] = [n <= max] - [n <= min - 1].
        let mut options = expand(max, problem.len, flip(0));
        if min > 0 {
            for (negative, cap) in expand(min - 1, problem.len, flip(1)) {
                options.push((!negative, cap));
            }
        }
        let mut next = Vec::with_capacity(terms.len() * options.len());
        for term in terms {
            for &(negative, cap) in &options {
                let mut caps = term.caps.clone();
                caps.push(cap);
                next.push(Term {
                    negative: term.negative != negative,
                    caps,
                });
            }
        }
        terms = next;
    }
    Some(terms)
}

/// A term's shape: its caps less those another cap implies ([`without_implied`]), each atom's
/// cap (`None`: free), and the tracked atoms in groups that share no capped constraint, each
/// group's atoms by *unit*: atoms that every capped constraint counts alike share one counter
/// (a capped union of classes is one counter, not one per class; a cap past half of `len`
/// flipped onto the other classes is one counter for them), their pieces added up. `groups`
/// holds each unit's first atom, `units` its atoms.
struct Shape {
    caps: Vec<Option<Cap>>,
    atom_caps: Vec<Option<usize>>,
    groups: Vec<Vec<usize>>,
    units: Vec<Vec<usize>>,
    /// Each tracked atom's unit (its first atom).
    unit_of: Vec<Option<usize>>,
}

/// Puts `atoms` in one group: every atom of their groups takes the first one's group.
fn join(group_of: &mut [usize], atoms: &[usize]) {
    let Some(&first) = atoms.first() else {
        return;
    };
    let joined = group_of[first];
    for &a in atoms {
        let old = group_of[a];
        for g in group_of.iter_mut() {
            if *g == old {
                *g = joined;
            }
        }
    }
}

impl Shape {
    fn of(term: &Term, masks: &[u32], spanning: &[Vec<usize>]) -> Shape {
        let caps = without_implied(&term.caps, masks);
        let mut atom_caps: Vec<Option<usize>> = Vec::with_capacity(masks.len());
        for &mask in masks {
            let mut least: Option<usize> = None;
            for (j, cap) in caps.iter().enumerate() {
                let Some(cap) = cap else {
                    continue;
                };
                match least {
                    Some(l) if l <= cap.cap => {}
                    _ if cap.counts(mask, j) => least = Some(cap.cap),
                    _ => {}
                }
            }
            atom_caps.push(least);
        }
        // Groups: atoms joined by a capped constraint they both count toward.
        let mut group_of: Vec<usize> = (0..masks.len()).collect();
        for (j, cap) in caps.iter().enumerate() {
            let Some(cap) = cap else {
                continue;
            };
            let mut members: Vec<usize> = Vec::new();
            for (a, &mask) in masks.iter().enumerate() {
                if cap.counts(mask, j) {
                    members.push(a);
                }
            }
            join(&mut group_of, &members);
        }
        // A row that spans atoms joins the groups of its tracked atoms: its pieces move them all.
        for row in spanning {
            let mut tracked: Vec<usize> = Vec::new();
            for &a in row {
                if atom_caps[a].is_some() {
                    tracked.push(a);
                }
            }
            join(&mut group_of, &tracked);
        }
        // The capped constraints that count each atom: atoms alike in all share a unit.
        let signature = |a: usize| -> Vec<bool> {
            let mut counted = Vec::with_capacity(caps.len());
            for (j, cap) in caps.iter().enumerate() {
                counted.push(matches!(cap, Some(cap) if cap.counts(masks[a], j)));
            }
            counted
        };
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut units: Vec<Vec<usize>> = vec![Vec::new(); masks.len()];
        let mut leaders: Vec<usize> = Vec::new();
        for a in 0..masks.len() {
            if atom_caps[a].is_none() {
                continue;
            }
            if let Some(g) = leaders.iter().position(|&l| l == group_of[a]) {
                let mut alike = None;
                for &u in &groups[g] {
                    if signature(u) == signature(a) {
                        alike = Some(u);
                        break;
                    }
                }
                if let Some(unit) = alike {
                    units[unit].push(a);
                } else {
                    groups[g].push(a);
                    units[a].push(a);
                }
            } else {
                leaders.push(group_of[a]);
                groups.push(vec![a]);
                units[a].push(a);
            }
        }
        let mut unit_of = vec![None; masks.len()];
        for group in &groups {
            for &unit in group {
                for &a in &units[unit] {
                    unit_of[a] = Some(unit);
                }
            }
        }
        Shape {
            caps,
            atom_caps,
            groups,
            units,
            unit_of,
        }
    }

    /// The spanning rows with a tracked character in `group`, each character's unit as an
    /// index in the row's own units, and those units (indices in `group`) with their caps.
    fn rows_of(&self, group: &[usize], spanning: &[Vec<usize>]) -> Vec<RowShape> {
        let in_group = |a: usize| -> Option<usize> {
            let unit = self.unit_of[a]?;
            group.iter().position(|&u| u == unit)
        };
        let mut rows = Vec::new();
        for (index, row) in spanning.iter().enumerate() {
            let mut present: Vec<usize> = Vec::new();
            for &a in row {
                if let Some(i) = in_group(a) {
                    present.push(i);
                }
            }
            if present.is_empty() {
                continue;
            }
            present.sort_unstable();
            present.dedup();
            let mut units = Vec::with_capacity(row.len());
            for &a in row {
                units.push(in_group(a).map(|i| present.binary_search(&i).expect("present")));
            }
            let mut caps = Vec::with_capacity(present.len());
            for &i in &present {
                caps.push(self.atom_caps[group[i]].expect("tracked"));
            }
            rows.push(RowShape {
                index,
                units,
                present,
                caps,
            });
        }
        rows
    }

    /// The free atoms (no capped constraint counts them).
    fn free(&self) -> Vec<usize> {
        let mut free = Vec::new();
        for (a, cap) in self.atom_caps.iter().enumerate() {
            if cap.is_none() {
                free.push(a);
            }
        }
        free
    }

    /// The most characters the tracked atoms take: each unit's cap, added up.
    fn tracked_room(&self) -> usize {
        let mut room = 0;
        for group in &self.groups {
            for &unit in group {
                room += self.atom_caps[unit].expect("tracked");
            }
        }
        room
    }

    /// Whether the term counts nothing: the tracked atoms cannot fill the password alone.
    fn is_empty(&self, len: usize) -> bool {
        self.free().is_empty() && self.tracked_room() < len
    }
}

/// `caps` less each cap that another one kept implies: one counting every atom it counts (and
/// maybe more) with a cap no higher. A term's value does not change: a password within the
/// other caps is within it. (A spanning row's characters are each in an atom, so the atoms
/// decide for the rows too.)
fn without_implied(caps: &[Option<Cap>], masks: &[u32]) -> Vec<Option<Cap>> {
    let counted = |j: usize, cap: Cap| -> Vec<bool> {
        let mut counted = Vec::with_capacity(masks.len());
        for &mask in masks {
            counted.push(cap.counts(mask, j));
        }
        counted
    };
    let mut kept = caps.to_vec();
    for j in 0..kept.len() {
        let Some(cap) = kept[j] else {
            continue;
        };
        let mine = counted(j, cap);
        let mut implied = false;
        for (i, other) in kept.iter().enumerate() {
            let Some(other) = *other else {
                continue;
            };
            if i != j && other.cap <= cap.cap {
                let theirs = counted(i, other);
                let mut covers = true;
                for (a, &counts) in mine.iter().enumerate() {
                    covers &= !counts || theirs[a];
                }
                if covers {
                    implied = true;
                    break;
                }
            }
        }
        if implied {
            kept[j] = None;
        }
    }
    kept
}

/// A spanning row within one group of a term: the row (its index), each character's unit (an
/// index in `present`, or `None` for a free character), the group's units it holds (indices
/// in the group) and their caps.
struct RowShape {
    index: usize,
    units: Vec<Option<usize>>,
    present: Vec<usize>,
    caps: Vec<usize>,
}

/// What identifies a spanning row's pieces in a term: the row, its characters' units and
/// their caps.
type RowKey = (usize, Vec<Option<usize>>, Vec<usize>);

impl RowShape {
    /// A spanning row with no tracked character in the term.
    fn free(index: usize, size: usize) -> RowShape {
        RowShape {
            index,
            units: vec![None; size],
            present: Vec::new(),
            caps: Vec::new(),
        }
    }

    /// The key of its pieces: the same row with the same units and caps has the same pieces.
    fn key(&self) -> RowKey {
        (self.index, self.units.clone(), self.caps.clone())
    }
}

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

/// The caps past half of `len` whose flipping makes [`count`] cheapest: a flip keeps a cap
/// small, but doubles its terms and tracks the other atoms together. Each choice is tried when
/// there are at most [`FLIPS_TRIED`] such caps, else all or none.
fn flips(problem: &Problem<'_>) -> Flips {
    let len = problem.len;
    let past_half = |cap: usize| cap < len && len - cap - 1 < cap;
    let mut flippable: Vec<u32> = Vec::new();
    for (j, &(min, max)) in problem.bounds.iter().enumerate() {
        if past_half(max) {
            flippable.push(2 * j as u32);
        }
        if min > 0 && past_half(min - 1) {
            flippable.push(2 * j as u32 + 1);
        }
    }
    let choices: Vec<Flips> = if flippable.len() > FLIPS_TRIED {
        vec![0, Flips::MAX]
    } else {
        let mut choices = Vec::new();
        for choice in 0..1u64 << flippable.len() {
            let mut flips: Flips = 0;
            for (i, &bit) in flippable.iter().enumerate() {
                if choice >> i & 1 == 1 {
                    flips |= 1 << bit;
                }
            }
            choices.push(flips);
        }
        choices
    };
    // The first of the cheapest.
    let mut cheapest: Option<(f64, Flips)> = None;
    for flips in choices {
        let work = cost_of(problem, flips).0;
        match cheapest {
            Some((least, _)) if work.total_cmp(&least).is_ge() => {}
            _ => cheapest = Some((work, flips)),
        }
    }
    match cheapest {
        Some((_, flips)) => flips,
        None => 0,
    }
}

/// The most caps past half of `len` whose flips [`flips`] tries one by one.
const FLIPS_TRIED: usize = 3;

/// [`cost`], with the caps in `flips` flipped: that of the cheaper order of the groups
/// ([`shares`]).
fn cost_of(problem: &Problem<'_>, flips: Flips) -> (f64, f64) {
    let (atom_order, shared_first) = (
        cost_in_order(problem, flips, false),
        cost_in_order(problem, flips, true),
    );
    if shared_first.0 < atom_order.0 {
        shared_first
    } else {
        atom_order
    }
}

/// Whether [`count_with`] puts the groups that more terms hold first ([`term_shapes`]): when
/// that is estimated cheaper than the atoms' order.
fn shares(problem: &Problem<'_>, flips: Flips) -> bool {
    cost_in_order(problem, flips, true).0 < cost_in_order(problem, flips, false).0
}

/// [`cost_of`], with the groups in the order [`term_shapes`] gives for `shared`.
fn cost_in_order(problem: &Problem<'_>, flips: Flips, shared: bool) -> (f64, f64) {
    let Split { atoms, spanning } = mixed::split(problem);
    let mut masks: Vec<u32> = Vec::with_capacity(atoms.len());
    for (mask, _) in &atoms {
        masks.push(*mask);
    }
    let len = problem.len;
    let alphabet = problem.membership.len();
    let width = count_width(alphabet, len);
    let limits = Limits::of(problem);
    // The fixed-width sums of the pieces do cheaper limb operations than the groups' tables,
    // which hash a state at every push and set the method's rate.
    let mut work = KERNEL * pieces_cost(&atoms, limits, len);
    // The spanning rows' pieces, once for each way a term splits them.
    let mut rows_counted: Vec<RowKey> = Vec::new();
    let mut row_cost = |row: &RowShape, work: &mut f64| {
        if !rows_counted.contains(&row.key()) {
            rows_counted.push(row.key());
            *work += mixed::row_pieces_cost(row.units.len(), &row.caps, limits, len);
        }
    };
    let mut memory: f64 = 0.0;
    let Some(terms) = terms(problem, flips) else {
        return (work, 0.0);
    };
    // The most pieces in a sequence, by free set: the powers of `W_free` computed.
    let mut powers: FastMap<Vec<usize>, (usize, bool)> = FastMap::default();
    let mut listed_left = STATES_LISTED;
    // The groups' sums built so far: a group alike in another term is not built again, and
    // its sums are kept until then (`stored`, in limbs, for those needed again; each with
    // whether it is counted there).
    let mut built: FastMap<GroupKey, (BuiltSums, bool)> = FastMap::default();
    let mut stored = 0.0;
    // The previous term's groups: the interleaving of the first ones alike is kept (`chain`,
    // the most limbs the kept interleavings of one term take).
    let mut previous: Vec<GroupKey> = Vec::new();
    let mut chain: f64 = 0.0;
    for (_, shape, keys) in term_shapes(&terms, &masks, &spanning, len, shared) {
        let mut free_inside = false;
        for (index, row) in spanning.iter().enumerate() {
            if row.iter().all(|&a| shape.unit_of[a].is_none()) {
                row_cost(&RowShape::free(index, row.len()), &mut work);
                free_inside = true;
            }
        }
        let kept = common_prefix(&previous, &keys);
        // The characters of the groups interleaved so far and the entries `(j, t)` of their
        // sums; while no group's row holds free characters (`plain`), `t` is at most the
        // characters and the entries are as [`interleave_cost`] counts them, else `t` goes up
        // to `len`.
        let mut interleaved = 0.0;
        let mut entries = 1.0;
        let mut plain = true;
        let mut term_chain = 0.0;
        for (i, (group, key)) in shape.groups.iter().zip(&keys).enumerate() {
            let sums = if let Some((sums, kept_for_later)) = built.get_mut(key) {
                if i >= kept && !*kept_for_later {
                    *kept_for_later = true;
                    stored += sums.limbs;
                }
                *sums
            } else {
                let sums = group_cost(
                    (group, key),
                    &shape,
                    &spanning,
                    (len, alphabet),
                    (&mut work, &mut memory, &mut listed_left),
                    &mut row_cost,
                );
                built.insert(key.clone(), (sums, false));
                sums
            };
            free_inside |= sums.holds_free;
            let room = sums.room;
            if i >= kept {
                work += sums.interleave_cost((interleaved, entries, plain), alphabet, len);
            }
            plain &= !sums.holds_free;
            interleaved += room;
            entries = if sums.spanning {
                (entries * sums.entries).min((interleaved + 1.0) * (len as f64 + 1.0))
            } else {
                (entries * sums.entries).min(pairs(interleaved).max(entries))
            };
            let entry_width = if plain {
                count_width(alphabet, interleaved as usize)
            } else {
                count_width(alphabet, len)
            };
            term_chain += entries * (entry_width + NAT_LIMBS);
        }
        chain = chain.max(term_chain);
        previous = keys;
        let room = shape.tracked_room().min(len);
        work += entries * (width + 4.0);
        let free = shape.free();
        let rows = free_inside || free.iter().any(|&a| atoms[a].1.iter().any(|&(_, row)| row));
        let entry = powers.entry(free).or_insert((0, rows));
        entry.0 = entry.0.max(room);
    }
    memory += stored + chain;
    let (divisions, division_memory) = divisions_cost(&powers, problem);
    (work + divisions, memory.max(division_memory))
}

/// The estimated cost of the divisions of [`count_with`] (`(work, limbs)`), given for each free
/// set the most tracked characters and whether its pieces do not repeat (rows).
fn divisions_cost(
    powers: &FastMap<Vec<usize>, (usize, bool)>,
    problem: &Problem<'_>,
) -> (f64, f64) {
    let len = problem.len;
    let alphabet = problem.membership.len();
    let width = count_width(alphabet, len);
    let (mut work, mut memory) = (0.0, 0.0_f64);
    // Each power is one more division by `1 - K_free` ([`Divisor::divide`]): for `j` pieces,
    // to degree `len - j`, `j` up to the tracked characters. Without repeating pieces, each
    // degree is counted by [`row_divisions`]. When the pieces repeat every `q` (single
    // characters: `q` is `max_consecutive + 1`, or 1; no free atom: 1), each limb position of
    // a coefficient (half the widest on average) takes `q` one-limb products and the series'
    // terms one by one, each a few times a product of the rows' sums, then is settled.
    let period = problem.run_limit().map_or(1.0, |limit| limit as f64 + 1.0);
    let by_rows = row_divisions(alphabet, len, problem.run_limit().is_some());
    // Free sets of atoms alike (the same components: the same pieces) take the powers once
    // ([`alike_added`]); with spanning rows, whose pieces join some terms' `K_free`, each free
    // set is counted apart (the count may still find some alike).
    let Split { atoms, spanning } = mixed::split(problem);
    let mut alike: FastMap<AlikeKey<'_>, (Vec<usize>, (usize, bool))> = FastMap::default();
    for (index, (free, &(room, rows))) in powers.iter().enumerate() {
        let key = if spanning.is_empty() {
            let mut components: Vec<&[(usize, bool)]> =
                free.iter().map(|&a| atoms[a].1.as_slice()).collect();
            components.sort_unstable();
            (None, components)
        } else {
            (Some(index), Vec::new())
        };
        let entry = alike.entry(key).or_insert((free.clone(), (room, rows)));
        entry.1 .0 = entry.1 .0.max(room);
        entry.1 .1 |= rows;
    }
    for (free, (room, rows)) in alike.values() {
        let divisions = if *rows && !free.is_empty() {
            (len - room..=len)
                .map(|degree| by_rows[degree])
                .sum::<f64>()
        } else {
            let terms = if free.is_empty() { 1.0 } else { period };
            (*room as f64 + 1.0) * len as f64 * ((4.0 * terms + 10.0) * width / 2.0 + 20.0)
        };
        // Then each sum `D(j, t)` (as wide as a count of `t` characters) times the power's
        // coefficient `len - t`.
        let room = *room as f64;
        let products = pairs(room) * (count_width(alphabet, room as usize) / 2.0 + 1.0) * width;
        work += DIVISION * divisions + products;
        memory = memory.max(4.0 * len as f64 * width + (room + 1.0).powi(2) * width);
    }
    (work, memory)
}

/// The key under which [`divisions_cost`] counts a free set's powers: its atoms' components,
/// sorted (atoms alike have the same pieces), or the free set's own place when spanning rows
/// may join its pieces.
type AlikeKey<'a> = (Option<usize>, Vec<&'a [(usize, bool)]>);

/// The entries `(j, t)` with `j <= t <= r` of a group's sums (a piece has a character or more).
fn pairs(r: f64) -> f64 {
    (r + 1.0) * (r + 2.0) / 2.0
}

/// What a number takes beside its limbs (its vector's pointer, length and capacity), in limbs.
const NAT_LIMBS: f64 = 3.0;

/// What [`cost_of`] knows of a group's sums once it has estimated their table: their room (the
/// most tracked characters), their entries `(j, t)`, the work of multiplying two entries when
/// groups are interleaved, the limbs they take, whether the group holds spanning rows and
/// whether one holds free characters (`t` up to `len`).
#[derive(Clone, Copy)]
struct BuiltSums {
    room: f64,
    entries: f64,
    product: f64,
    limbs: f64,
    spanning: bool,
    holds_free: bool,
}

impl BuiltSums {
    /// The estimated work of interleaving these sums with those of the groups before them:
    /// `interleaved` characters in `entries` entries, `plain` while none held free characters.
    fn interleave_cost(
        &self,
        (interleaved, entries, plain): (f64, f64, bool),
        alphabet: usize,
        len: usize,
    ) -> f64 {
        INTERLEAVE * self.interleave_ops((interleaved, entries, plain), alphabet, len)
    }

    /// [`BuiltSums::interleave_cost`] in limb operations.
    fn interleave_ops(
        &self,
        (interleaved, entries, plain): (f64, f64, bool),
        alphabet: usize,
        len: usize,
    ) -> f64 {
        if self.spanning {
            entries * self.entries * self.product
        } else if interleaved == 0.0 {
            0.0
        } else if plain {
            interleave_cost(alphabet, interleaved as usize, self.room as usize)
        } else {
            // Entries up to `len` characters (half as wide on average) times the group's.
            let w = count_width(alphabet, self.room as usize);
            entries * self.entries * ((count_width(alphabet, len) / 2.0 + 1.0) * w + 8.0)
        }
    }
}

/// The estimated cost of building `group`'s sums in a term of `shape` (added to `work`, its
/// peak memory to `memory`; `listed_left` the states [`GroupTable`] may still list), and what
/// the sums are like.
fn group_cost(
    (group, key): (&[usize], &GroupKey),
    shape: &Shape,
    spanning: &[Vec<usize>],
    (len, alphabet): (usize, usize),
    (work, memory, listed_left): (&mut f64, &mut f64, &mut f64),
    row_cost: &mut impl FnMut(&RowShape, &mut f64),
) -> BuiltSums {
    let rows = shape.rows_of(group, spanning);
    if !rows.is_empty() {
        for row in &rows {
            row_cost(row, work);
        }
        let table = Table::cost(group, shape, &rows, len, alphabet);
        *work += table.work;
        *memory = memory.max(table.memory);
        return BuiltSums {
            room: table.room,
            entries: table.entries,
            product: table.product,
            limbs: table.entries * (count_width(alphabet, len) + NAT_LIMBS),
            spanning: true,
            holds_free: table.holds_free,
        };
    }
    let mut caps: Vec<f64> = Vec::with_capacity(group.len());
    for &a in group {
        caps.push(shape.atom_caps[a].expect("tracked") as f64);
    }
    let mut room: f64 = caps.iter().sum();
    let mut states: f64 = caps.iter().map(|cap| cap + 1.0).product();
    // Each state is reached in layers up to its characters, and pushes each atom's pieces up to
    // the room its caps leave. A push clones and hashes the state. The states are those within
    // every cap, listed when they are few ([`GroupTable`]); else about half as many layers as
    // the characters and half the caps.
    let mut pushes = states * (room / 2.0 + 1.0) * (room / 2.0 + 1.0);
    if states <= *listed_left {
        *listed_left -= states;
        let mut atom_caps: Vec<usize> = Vec::with_capacity(group.len());
        for &a in group {
            atom_caps.push(shape.atom_caps[a].expect("tracked"));
        }
        let table = GroupTable::of(&atom_caps, &key.2);
        (states, pushes, room) = (table.states, table.pushes, table.most as f64);
    }
    let w = count_width(alphabet, room as usize);
    *work += GROUPS * pushes * (w + 16.0 + 2.0 * caps.len() as f64);
    *memory = memory.max(4.0 * states * w);
    BuiltSums {
        room,
        entries: pairs(room),
        product: w * w + 8.0,
        limbs: pairs(room) * (w + NAT_LIMBS),
        spanning: false,
        holds_free: false,
    }
}

/// The estimated work of [`interleave`] for sums of up to `first` and `second` characters, in
/// limb operations: each entry `(j1, t1)` of the first (`j1 <= t1`: a piece has a character or
/// more) is multiplied by a binomial coefficient (below `2^(first + second)`) for each `j2`,
/// and the product by each entry `(j2, t2)` of the second, as wide as counts of `t1` and `t2`
/// characters, plus some bookkeeping per product; then each entry of the result is settled,
/// and has its binomial coefficient.
fn interleave_cost(alphabet: usize, first: usize, second: usize) -> f64 {
    let binomial = ((first + second) as f64 / 64.0).floor() + 1.0;
    // Over the entries of a sum: their number, and their limbs added up.
    let entries = |r: usize| -> (f64, f64) {
        let (mut n, mut limbs) = (0.0, 0.0);
        for t in 0..=r {
            let row = t as f64 + 1.0;
            (n, limbs) = (n + row, limbs + row * count_width(alphabet, t));
        }
        (n, limbs)
    };
    let (first_entries, first_limbs) = entries(first);
    let (second_entries, second_limbs) = entries(second);
    let scaled = first_limbs + binomial * first_entries;
    // The sums settled, and the binomial coefficients, one per entry of the result.
    let (out_entries, out_limbs) = entries(first + second);
    (second as f64 + 1.0) * first_limbs * binomial
        + scaled * second_limbs
        + 8.0 * first_entries * second_entries
        + 2.0 * out_limbs
        + out_entries * (binomial + 40.0)
}

/// What a group's sums depend on: each of its units' atoms and cap, and the capped constraints
/// the group counts toward (see [`capped`]). The spanning rows in the group, and how the term
/// splits them, follow from its units' atoms and caps (a row's tracked atoms are all in one
/// group, its other characters free).
type GroupKey = (
    Vec<Vec<usize>>,
    Vec<Option<usize>>,
    Vec<(usize, Vec<usize>)>,
);

/// How many of the first keys of `a` and `b` are alike.
fn common_prefix(a: &[GroupKey], b: &[GroupKey]) -> usize {
    let mut alike = 0;
    while alike < a.len() && alike < b.len() && a[alike] == b[alike] {
        alike += 1;
    }
    alike
}

fn group_key(group: &[usize], shape: &Shape, masks: &[u32]) -> GroupKey {
    let mut units = Vec::with_capacity(group.len());
    let mut caps = Vec::with_capacity(group.len());
    for &unit in group {
        units.push(shape.units[unit].clone());
        caps.push(shape.atom_caps[unit]);
    }
    (units, caps, capped(group, masks, &shape.caps))
}

/// The most counter vectors (for each group, the product of its caps plus one) [`cost`] lists
/// over all terms to find the states within the caps, instead of bounding them by the product:
/// the estimate stays a small part of the parse.
const STATES_LISTED: f64 = 32_768.0;

/// What a limb operation of the fixed-width sums of [`atom_pieces`] costs, relative to one of
/// the groups' tables, which hash and clone a state at each push and set the method's
/// rate in [`crate::plan`]: set at or above the ratio `measure_ns` (in `crate::plan`'s tests)
/// shows between policies under `max_sequential`, whose work is nearly all fixed-width sums,
/// and the method's rate.
const KERNEL: f64 = 0.6;

/// What a limb operation of a group's table ([`group_sequences`]) costs relative to the
/// method's rate: its states are indexed densely and its numbers are summed in place in
/// fixed-width layers ([`layers`]). Set with a margin above the ratio of the tables' time to
/// their estimate (timed apart, on the survey's refused policies) to the method's time per
/// estimated operation.
const GROUPS: f64 = 0.4;

/// [`GROUPS`] for the table of a group that holds spanning rows ([`Table`]), whose states
/// also have the characters in all.
const TABLE: f64 = 1.0;

/// [`GROUPS`] for [`interleave`], whose products are summed in place in fixed-width parts.
const INTERLEAVE: f64 = 0.5;

/// The capped constraints `group` counts toward among `caps`: each one's cap and the indices in
/// `group` of its atoms.
fn capped(group: &[usize], masks: &[u32], caps: &[Option<Cap>]) -> Vec<(usize, Vec<usize>)> {
    let mut capped = Vec::new();
    for (j, cap) in caps.iter().enumerate() {
        let Some(cap) = cap else {
            continue;
        };
        let mut members: Vec<usize> = Vec::new();
        for (i, &a) in group.iter().enumerate() {
            if cap.counts(masks[a], j) {
                members.push(i);
            }
        }
        if !members.is_empty() {
            capped.push((cap.cap, members));
        }
    }
    capped
}

/// The characters the atoms `members` (indices in `counts`) take.
fn used(counts: &[usize], members: &[usize]) -> usize {
    let mut used = 0;
    for &m in members {
        used += counts[m];
    }
    used
}

/// The room the caps of `capped` that count atom `a` leave it at `counts` (none: 0), at most
/// its own cap.
fn room_left(capped: &[(usize, Vec<usize>)], counts: &[usize], a: usize, atom_cap: usize) -> usize {
    let mut room: Option<usize> = None;
    for (cap, members) in capped {
        if members.contains(&a) {
            let left = cap - used(counts, members);
            room = Some(match room {
                Some(room) if room <= left => room,
                _ => left,
            });
        }
    }
    match room {
        Some(room) => room.min(atom_cap),
        None => 0,
    }
}

/// Whether `counts[..=i]` is within every cap of `capped` (its atoms up to `i`, which come
/// first in each list).
fn within_caps(capped: &[(usize, Vec<usize>)], counts: &[usize], i: usize) -> bool {
    for (cap, members) in capped {
        let mut set = 0;
        while set < members.len() && members[set] <= i {
            set += 1;
        }
        if used(&counts[..=i], &members[..set]) > *cap {
            return false;
        }
    }
    true
}

/// The table of [`group_sequences`], counted without its numbers: its states (counter vectors
/// within every cap), the pieces they push over their layers, and the most characters.
struct GroupTable {
    states: f64,
    pushes: f64,
    most: usize,
}

impl GroupTable {
    fn of(atom_caps: &[usize], capped: &[(usize, Vec<usize>)]) -> GroupTable {
        let mut table = GroupTable {
            states: 0.0,
            pushes: 0.0,
            most: 0,
        };
        let mut counts = vec![0; atom_caps.len()];
        table.visit(atom_caps, capped, &mut counts, 0);
        table
    }

    /// Every state extending `counts[..i]`.
    fn visit(
        &mut self,
        atom_caps: &[usize],
        capped: &[(usize, Vec<usize>)],
        counts: &mut [usize],
        i: usize,
    ) {
        if i == counts.len() {
            let characters: usize = counts.iter().sum();
            // As in `group_sequences`: each atom's pieces up to the room under its caps.
            let mut rooms = 0;
            for (a, &atom_cap) in atom_caps.iter().enumerate() {
                rooms += room_left(capped, counts, a, atom_cap);
            }
            self.states += 1.0;
            // A state of `t` characters may be reached in every layer up to `t`.
            self.pushes += (characters as f64 + 1.0) * rooms as f64;
            self.most = self.most.max(characters);
            return;
        }
        for count in 0..=atom_caps[i] {
            counts[i] = count;
            if !within_caps(capped, counts, i) {
                break;
            }
            self.visit(atom_caps, capped, counts, i + 1);
        }
        counts[i] = 0;
    }
}

/// The estimated work of [`Divisor::divide`] to each degree up to `len`, in limb operations
/// added up over the degrees, when the pieces do not repeat (atoms with a row of a sequence
/// range): coefficient `n` gathers `K(l) * out[n - l]` for each `l`, as many limb products as
/// the pieces' limbs times the limbs of `out[n - l]` (as wide as `alphabet^(n - l)`), in a sum
/// for each limb position, limb of the pieces and sign, then settles its positions.
///
/// The pieces grow with `l`: under a sequence limit, by at most half a bit a character, and a
/// bit with a repeat limit too (measured on rows of 10 and 26 characters at `len = 256`).
fn row_divisions(alphabet: usize, len: usize, repeats: bool) -> Vec<f64> {
    let limbs = |n: usize| count_width(alphabet, n);
    let bits = if repeats { 1.0 } else { 0.5 };
    let piece_limbs = |l: usize| (l as f64 * bits / 64.0).floor() + 1.0;
    let mut total = 0.0;
    let mut by_degree = Vec::with_capacity(len + 1);
    for n in 0..=len {
        let products: f64 = (1..=n).map(|l| piece_limbs(l) * limbs(n - l)).sum();
        let sums = 2.0 * piece_limbs(n) * limbs(n);
        total += products + GATHER * sums + 4.0 * limbs(n) + 20.0;
        by_degree.push(total);
    }
    by_degree
}

/// What starting one sum of [`Divisor::divide`] (one limb position of a coefficient, one limb
/// of the pieces, one sign) costs, in limb products.
const GATHER: f64 = 8.0;

/// What a limb product of [`Divisor::divide`] costs, relative to a limb operation of the
/// groups' tables, which hash and clone a state at each push and set the method's rate in
/// [`crate::plan`]: set at or above the ratio `measure_ns` (in `crate::plan`'s tests) shows
/// between policies whose work is nearly all divisions and the method's rate.
const DIVISION: f64 = 0.25;

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

/// The count: each free set's sequence sums times the powers of its `W_free`, the sums of
/// free sets with the same pieces ([`alike_added`]) taking the powers once.
fn total_of(by_free: Vec<FreeSums>, len: usize) -> Nat {
    #[cfg(test)]
    if tests::APART.get() {
        return powers_total(tests::apart(&by_free), len);
    }
    powers_total(alike_added(by_free), len)
}

/// The free sets' sums, settled, those of free sets whose pieces `K_free` are the same added
/// up: their `W_free` is the same, so `sum over j of (D + D')_j W^(j + 1)` counts both terms'
/// strings with one walk of the powers. Classes alike under the run limits (`lower` and
/// `upper`: two rows of 26 letters) make such free sets whenever the terms track one where
/// others track the other.
fn alike_added(by_free: Vec<FreeSums>) -> Vec<(Vec<Value>, Vec<Vec<Value>>)> {
    let mut alike: Vec<(Vec<Value>, Vec<Vec<Sum>>)> = Vec::new();
    let (one, mut scratch) = (Nat::one(), Vec::new());
    for FreeSums {
        free_pieces, sums, ..
    } in by_free
    {
        let Some((_, into)) = alike.iter_mut().find(|(pieces, _)| *pieces == free_pieces) else {
            alike.push((free_pieces, sums));
            continue;
        };
        for (j, row) in sums.into_iter().enumerate() {
            if into.len() <= j {
                into.push(Vec::new());
            }
            for (t, sum) in row.into_iter().enumerate() {
                if into[j].len() <= t {
                    into[j].resize(t + 1, Sum::default());
                }
                let (value, negative) = sum.settle();
                into[j][t].add_product(&value, &one, negative, &mut scratch);
            }
        }
    }
    alike
        .into_iter()
        .map(|(pieces, sums)| {
            let sums = sums
                .into_iter()
                .map(|row| row.into_iter().map(Sum::settle).collect())
                .collect();
            (pieces, sums)
        })
        .collect()
}

/// The sum over free sets of `sum over (j, t) of D(j, t) * [x^(len - t)] W_free^(j + 1)`,
/// for each free set's pieces and settled sums `D`.
fn powers_total(by_free: Vec<(Vec<Value>, Vec<Vec<Value>>)>, len: usize) -> Nat {
    let mut total = Sum::default();
    let mut scratch = Vec::new();
    for (free_pieces, sums) in by_free {
        let period = clusters::period(&free_pieces);
        // power: W_free^(j + 1), from W_free^j (W_free^0 = 1).
        let divisor = Divisor::new(&free_pieces, period);
        let mut power = Coefficients::one(len);
        let mut next = Coefficients::one(len);
        for (j, row) in sums.iter().enumerate() {
            divisor.divide(&power, len.saturating_sub(j), &mut next);
            std::mem::swap(&mut power, &mut next);
            for (t, (value, negative)) in row.iter().enumerate() {
                if t <= len && !value.is_zero() && len - t < power.len() {
                    total.add_product(value, &power.get(len - t), *negative, &mut scratch);
                }
            }
        }
    }
    let (total, negative) = total.settle();
    assert!(!negative || total.is_zero(), "a count is never negative");
    total
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

/// The sequence sums of the terms with one free set, and that set's pieces `K_free`.
struct FreeSums {
    free: Vec<usize>,
    free_pieces: Vec<Value>,
    sums: Vec<Vec<Sum>>,
}

/// The table of a group that holds spanning rows ([`mixed`]): their tracked pieces may also
/// hold free characters, so a state is the units' counts and the characters in all, and a
/// row's pieces move several units at once.
struct Table<'a> {
    group: &'a [usize],
    shape: &'a Shape,
    capped: Vec<(usize, Vec<usize>)>,
    len: usize,
}

/// The estimate of a [`Table`]: its work in limb operations, its memory in limbs, its room
/// (the most tracked characters), its entries `(j, t)` and the work of multiplying two entries
/// when groups are interleaved, and whether a row holds free characters (`t` up to `len`).
struct TableCost {
    work: f64,
    memory: f64,
    room: f64,
    entries: f64,
    product: f64,
    holds_free: bool,
}

impl Table<'_> {
    /// The estimated cost of the table of `group`, which holds the spanning `rows`.
    fn cost(
        group: &[usize],
        shape: &Shape,
        rows: &[RowShape],
        len: usize,
        alphabet: usize,
    ) -> TableCost {
        let (mut room, mut codes) = (0, 1.0);
        for &a in group {
            let cap = shape.atom_caps[a].expect("tracked");
            room += cap;
            codes *= cap as f64 + 1.0;
        }
        let room = room.min(len) as f64;
        // A state is the counts and the characters in all (only `t = 0` with no count), reached
        // in layers up to its counts. It pushes each unit's pieces up to the room left, and each
        // row's tracked pieces that fit within the caps (a pair of count vectors, the state's and
        // the piece's, whose sum is within them) at every length it leaves when the row holds
        // free characters (half of `len` on average), else at one.
        let holds_free = rows.iter().any(|row| row.units.contains(&None));
        let lengths = if holds_free { len as f64 + 1.0 } else { 1.0 };
        let states = 1.0 + (codes - 1.0) * lengths;
        let mut pushes = states * room / 2.0;
        for row in rows {
            let row_codes: f64 = row.caps.iter().map(|&cap| cap as f64 + 1.0).product();
            let pairs: f64 = row
                .caps
                .iter()
                .map(|&cap| (cap as f64 + 1.0) * (cap as f64 + 2.0) / 2.0)
                .product();
            let others = codes / row_codes;
            let from_none = (row_codes - 1.0) * lengths;
            let from_some = (pairs - 2.0 * row_codes + 1.0) * lengths * (lengths / 2.0).max(1.0);
            pushes += others * (from_none + from_some);
        }
        let w = count_width(alphabet, len) / 2.0 + 1.0;
        TableCost {
            work: TABLE * pushes * (room / 2.0 + 1.0) * (w + 16.0 + 2.0 * group.len() as f64),
            memory: 4.0 * states * w,
            room,
            entries: (room + 1.0) * lengths.max(room + 1.0),
            product: w * w + 8.0,
            holds_free,
        }
    }

    /// Whether `counts` (by unit of the group) are within every cap.
    fn within(&self, counts: &[u16]) -> bool {
        for (cap, members) in &self.capped {
            let mut used = 0;
            for &m in members {
                used += usize::from(counts[m]);
            }
            if used > *cap {
                return false;
            }
        }
        for (i, &unit) in self.group.iter().enumerate() {
            if usize::from(counts[i]) > self.shape.atom_caps[unit].expect("tracked") {
                return false;
            }
        }
        true
    }

    /// The signed sums over sequences of the group's pieces (each unit's, each row's tracked
    /// ones) within the caps: `[j][t]` for `j` pieces of `t` characters in all. A state is a
    /// count vector ([`GroupStates`]) and the characters in all, indexed densely.
    fn sequences(
        &self,
        unit_pieces: &[Vec<Value>],
        rows: &[(&RowShape, &RowPieces)],
    ) -> Vec<Vec<Value>> {
        let (group, len) = (self.group, self.len);
        let units = group.len();
        // Each row's tracked pieces, as steps of the group's counts.
        let mut steps: Vec<(Vec<u16>, &Vec<Value>)> = Vec::new();
        for (row, pieces) in rows {
            for (vector, series) in &pieces.tracked {
                let mut step = vec![0u16; units];
                for (k, &i) in row.present.iter().enumerate() {
                    step[i] = vector[k];
                }
                steps.push((step, series));
            }
        }
        let mut atom_caps: Vec<usize> = Vec::with_capacity(units);
        for &unit in group {
            atom_caps.push(self.shape.atom_caps[unit].expect("tracked"));
        }
        let states = GroupStates::of(&atom_caps, &self.capped);
        // Each state's move by each step: the state it reaches, or `None` past a cap.
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(states.len() * steps.len());
        let mut to = vec![0u16; units];
        for state in 0..states.len() {
            let counts = states.counts(state);
            for (step, _) in &steps {
                for (i, count) in to.iter_mut().enumerate() {
                    *count = counts[i] + step[i];
                }
                moved.push(if self.within(&to) {
                    Some(states.index(states.code_of(&to)))
                } else {
                    None
                });
            }
        }
        let width = layers::width_for(
            unit_pieces
                .iter()
                .map(Vec::as_slice)
                .chain(steps.iter().map(|(_, series)| series.as_slice())),
            len,
        );
        // Each step's pieces that are not zero, by length.
        let mut step_pieces: Vec<Vec<(usize, &Value)>> = Vec::with_capacity(steps.len());
        for (_, series) in &steps {
            let mut nonzero = Vec::new();
            for (l, piece) in series.iter().enumerate().skip(1) {
                if !piece.0.is_zero() {
                    nonzero.push((l, piece));
                }
            }
            step_pieces.push(nonzero);
        }
        // The characters in all are part of the state only when a row's pieces hold free
        // characters: else they are the state's counts.
        let holds_free = rows.iter().any(|(row, _)| row.units.contains(&None));
        let lengths = if holds_free { len + 1 } else { 1 };
        let at = |state: usize, t: usize| state * lengths + if holds_free { t } else { 0 };
        let characters = |i: usize| {
            if holds_free {
                i % lengths
            } else {
                usize::from(states.characters[i])
            }
        };
        let mut layer = Layer::zeros(states.len() * lengths, width);
        let mut next = Layer::zeros(states.len() * lengths, width);
        let mut row = Layer::zeros(len + 1, width);
        layer.set_one(at(0, 0));
        let mut value = vec![0u64; width];
        let mut sums: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
        loop {
            next.clear();
            for &i in layer.written() {
                if layer.is_zero(i) {
                    continue;
                }
                let (state, t) = (i / lengths, characters(i));
                value.copy_from_slice(layer.get(i));
                for (u, pieces) in unit_pieces.iter().enumerate() {
                    let room = usize::from(states.rooms[state * units + u]).min(len - t);
                    for (l, piece) in pieces.iter().enumerate().take(room + 1).skip(1) {
                        if piece.0.is_zero() {
                            continue;
                        }
                        let to = states.index(states.codes[state] + l * states.strides[u]);
                        next.add_product(at(to, t + l), &value, piece);
                    }
                }
                for (k, pieces) in step_pieces.iter().enumerate() {
                    let Some(to) = moved[state * steps.len() + k] else {
                        continue;
                    };
                    for &(l, piece) in pieces.iter().take_while(|&&(l, _)| l <= len - t) {
                        next.add_product(at(to, t + l), &value, piece);
                    }
                }
            }
            let Some(sums_of_layer) = by_characters(&next, &mut row, characters) else {
                break;
            };
            sums.push(sums_of_layer);
            std::mem::swap(&mut layer, &mut next);
        }
        sums
    }
}

/// The signed sums over sequences of pieces of `group`'s units within the caps of `shape`:
/// `[j][t]` for `j` pieces of `t` characters in all. The states (count vectors within every
/// cap) are listed once and indexed densely; each layer `j` is one [`Layer`].
fn group_sequences(
    group: &[usize],
    shape: &Shape,
    masks: &[u32],
    unit_pieces: &[Vec<Value>],
) -> Vec<Vec<Value>> {
    let mut atom_caps: Vec<usize> = Vec::with_capacity(group.len());
    for &unit in group {
        atom_caps.push(shape.atom_caps[unit].expect("tracked"));
    }
    let states = GroupStates::of(&atom_caps, &capped(group, masks, &shape.caps));
    let most = states.most;
    let width = layers::width_for(unit_pieces.iter().map(Vec::as_slice), most);
    let mut layer = Layer::zeros(states.len(), width);
    let mut next = Layer::zeros(states.len(), width);
    let mut row = Layer::zeros(most + 1, width);
    layer.set_one(0);
    let mut value = vec![0u64; width];
    let mut sums: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
    loop {
        next.clear();
        for &state in layer.written() {
            if layer.is_zero(state) {
                continue;
            }
            value.copy_from_slice(layer.get(state));
            for (i, pieces) in unit_pieces.iter().enumerate() {
                let room = usize::from(states.rooms[state * group.len() + i]);
                for (l, piece) in pieces.iter().enumerate().take(room + 1).skip(1) {
                    if piece.0.is_zero() {
                        continue;
                    }
                    let to = states.index(states.codes[state] + l * states.strides[i]);
                    next.add_product(to, &value, piece);
                }
            }
        }
        let characters = |state: usize| usize::from(states.characters[state]);
        let Some(sums_of_layer) = by_characters(&next, &mut row, characters) else {
            break;
        };
        sums.push(sums_of_layer);
        std::mem::swap(&mut layer, &mut next);
    }
    sums
}

/// A layer's sums by the characters in all of each state (`characters`), summed in `row`;
/// `None` when every state is zero (the table ends).
fn by_characters(
    layer: &Layer,
    row: &mut Layer,
    characters: impl Fn(usize) -> usize,
) -> Option<Vec<Value>> {
    row.clear();
    let mut reached = 0;
    for &i in layer.written() {
        if !layer.is_zero(i) {
            let t = characters(i);
            row.add(t, layer.get(i));
            reached = reached.max(t + 1);
        }
    }
    if reached == 0 {
        return None;
    }
    let mut sums = Vec::with_capacity(reached);
    for t in 0..reached {
        sums.push(row.value(t));
    }
    Some(sums)
}

/// The states of a group's table: its units' count vectors within every cap, in order of their
/// codes (mixed radix, the first unit lowest), with their characters and each unit's room (the
/// most characters one more piece of it may add).
struct GroupStates {
    codes: Vec<usize>,
    /// Each state's count vector, `units` counts a state.
    vectors: Vec<u16>,
    characters: Vec<u16>,
    rooms: Vec<u16>,
    strides: Vec<usize>,
    /// Each code's state, when the codes are few enough for a table; else found by search.
    table: Option<Vec<u32>>,
    most: usize,
}

/// The most codes [`GroupStates`] indexes by a table (beyond it, by binary search).
const CODES_TABLED: usize = 1 << 20;

impl GroupStates {
    fn of(atom_caps: &[usize], capped: &[(usize, Vec<usize>)]) -> GroupStates {
        let mut strides = Vec::with_capacity(atom_caps.len());
        let mut radix = 1usize;
        for &cap in atom_caps {
            strides.push(radix);
            radix = radix.saturating_mul(cap + 1);
        }
        let mut states = GroupStates {
            codes: Vec::new(),
            vectors: Vec::new(),
            characters: Vec::new(),
            rooms: Vec::new(),
            strides,
            table: None,
            most: 0,
        };
        let mut counts = vec![0; atom_caps.len()];
        states.visit(atom_caps, capped, &mut counts, 0);
        // Listed with the first unit outermost: sorted, the codes can be searched.
        let mut order: Vec<usize> = (0..states.codes.len()).collect();
        order.sort_unstable_by_key(|&i| states.codes[i]);
        let units = atom_caps.len();
        let mut sorted = GroupStates {
            codes: Vec::with_capacity(order.len()),
            vectors: Vec::with_capacity(states.vectors.len()),
            characters: Vec::with_capacity(order.len()),
            rooms: Vec::with_capacity(states.rooms.len()),
            ..states
        };
        for &i in &order {
            sorted.codes.push(states.codes[i]);
            sorted.characters.push(states.characters[i]);
            let (from, to) = (i * units, (i + 1) * units);
            sorted.rooms.extend_from_slice(&states.rooms[from..to]);
            sorted.vectors.extend_from_slice(&states.vectors[from..to]);
        }
        let mut states = sorted;
        if radix <= CODES_TABLED {
            let mut table = vec![u32::MAX; radix];
            for (i, &code) in states.codes.iter().enumerate() {
                table[code] = i as u32;
            }
            states.table = Some(table);
        }
        states
    }

    fn len(&self) -> usize {
        self.codes.len()
    }

    /// The count vector of `state`.
    fn counts(&self, state: usize) -> &[u16] {
        let units = self.strides.len();
        &self.vectors[state * units..(state + 1) * units]
    }

    /// The code of a count vector.
    fn code_of(&self, counts: &[u16]) -> usize {
        let mut code = 0;
        for (i, &count) in counts.iter().enumerate() {
            code += usize::from(count) * self.strides[i];
        }
        code
    }

    /// The state of `code`, which is within the caps.
    fn index(&self, code: usize) -> usize {
        match &self.table {
            Some(table) => table[code] as usize,
            None => self.codes.binary_search(&code).expect("within the caps"),
        }
    }

    /// Every state extending `counts[..i]`.
    fn visit(
        &mut self,
        atom_caps: &[usize],
        capped: &[(usize, Vec<usize>)],
        counts: &mut [usize],
        i: usize,
    ) {
        if i == counts.len() {
            let characters: usize = counts.iter().sum();
            let mut code = 0;
            for (i, &count) in counts.iter().enumerate() {
                code += count * self.strides[i];
                self.vectors.push(count as u16);
            }
            self.codes.push(code);
            self.characters.push(characters as u16);
            self.most = self.most.max(characters);
            // The room left under every cap that counts the unit.
            for (a, &atom_cap) in atom_caps.iter().enumerate() {
                self.rooms
                    .push(room_left(capped, counts, a, atom_cap) as u16);
            }
            return;
        }
        for count in 0..=atom_caps[i] {
            counts[i] = count;
            if !within_caps(capped, counts, i) {
                break;
            }
            self.visit(atom_caps, capped, counts, i + 1);
        }
        counts[i] = 0;
    }
}

/// The sequences of two independent sets of pieces interleaved: `[j][t]` sums over the ways to
/// split `j` pieces and `t` characters between them, times the ways to interleave the pieces
/// (a binomial coefficient).
///
/// Each row `j` of the result is summed in place: for each entry `t`, an added and a subtracted
/// part of a fixed width that holds any of its sums, laid out once, so that a product is one
/// pass of multiply-adds with no number allocated, grown or wiped.
fn interleave(first: &[Vec<Value>], second: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let pieces = first.len() + second.len() - 1;
    let binomials = binomials(pieces);
    // The entries that are not zero, by row: `(t, limbs, negative)`.
    let nonzero = |sums: &[Vec<Value>]| -> Vec<Vec<(usize, Vec<u64>, bool)>> {
        let mut rows = Vec::with_capacity(sums.len());
        for row in sums {
            let mut entries = Vec::new();
            for (t, (value, negative)) in row.iter().enumerate() {
                if !value.is_zero() {
                    entries.push((t, value.limbs().to_vec(), *negative));
                }
            }
            rows.push(entries);
        }
        rows
    };
    let (first, second) = (nonzero(first), nonzero(second));
    // The widest entry of each `t`, of either side.
    let widest = |rows: &[Vec<(usize, Vec<u64>, bool)>]| -> Vec<usize> {
        let mut widest: Vec<usize> = Vec::new();
        for row in rows {
            for &(t, ref limbs, _) in row {
                if widest.len() <= t {
                    widest.resize(t + 1, 0);
                }
                widest[t] = widest[t].max(limbs.len());
            }
        }
        widest
    };
    // The last row holds the widest coefficient, and is never empty.
    let mut binomial_width = 1;
    for coefficient in &binomials[pieces] {
        binomial_width = binomial_width.max(coefficient.limbs().len());
    }
    let (first_widest, second_widest) = (widest(&first), widest(&second));
    let offsets = entry_offsets(&first_widest, &second_widest, binomial_width);
    let total = offsets.last().copied().unwrap_or(0);
    let mut added = vec![0u64; total];
    let mut subtracted = vec![0u64; total];
    let mut first_width = 0;
    for &width in &first_widest {
        first_width = first_width.max(width);
    }
    let mut scaled = vec![0u64; first_width + binomial_width];
    let mut sums: Vec<Vec<Value>> = Vec::with_capacity(pieces);
    for j in 0..pieces {
        let mut reached = 0;
        for j1 in j.saturating_sub(second.len() - 1)..=j.min(first.len() - 1) {
            let ways = binomials[j][j1].limbs();
            for (t1, a, a_negative) in &first[j1] {
                // `a` times the ways, unless there is one.
                let a: &[u64] = if ways == [1] {
                    a
                } else {
                    let product = &mut scaled[..a.len() + ways.len()];
                    nat::mul_limbs(a, ways, product);
                    let significant = product
                        .iter()
                        .rposition(|&limb| limb != 0)
                        .map_or(0, |i| i + 1);
                    &scaled[..significant]
                };
                for (t2, b, b_negative) in &second[j - j1] {
                    let t = t1 + t2;
                    reached = reached.max(t + 1);
                    let part = if a_negative == b_negative {
                        &mut added[offsets[t]..offsets[t + 1]]
                    } else {
                        &mut subtracted[offsets[t]..offsets[t + 1]]
                    };
                    // The shorter number as the factors.
                    let (value, factors) = if a.len() >= b.len() {
                        (a, &b[..])
                    } else {
                        (&b[..], a)
                    };
                    for (k, &factor) in factors.iter().enumerate() {
                        add_product(&mut part[k..], value, factor);
                    }
                }
            }
        }
        let mut row = Vec::with_capacity(reached);
        for t in 0..reached {
            let range = offsets[t]..offsets[t + 1];
            let (plus, minus) = (&mut added[range.clone()], &mut subtracted[range]);
            let value = if nat::cmp_limbs(plus, minus).is_ge() {
                nat::sub_limbs(plus, minus);
                (Nat::from_limbs(plus.to_vec()), false)
            } else {
                nat::sub_limbs(minus, plus);
                (Nat::from_limbs(minus.to_vec()), true)
            };
            plus.fill(0);
            minus.fill(0);
            row.push(value);
        }
        sums.push(row);
    }
    sums
}

/// Where each entry `t` of an interleaving's row starts in its parts (and, last, their length),
/// given the widest entry of each `t` of either side: the widest product into the entry
/// (binomial coefficient included) and a limb for the carries of fewer than 2^64 products.
fn entry_offsets(first_widest: &[usize], second_widest: &[usize], binomial: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = vec![0; first_widest.len() + second_widest.len()];
    for (t1, &w1) in first_widest.iter().enumerate() {
        for (t2, &w2) in second_widest.iter().enumerate() {
            if w1 > 0 && w2 > 0 {
                let width = &mut widths[t1 + t2];
                *width = (*width).max(w1 + binomial + w2 + 1);
            }
        }
    }
    let mut offsets = Vec::with_capacity(widths.len() + 1);
    let mut total = 0;
    for &width in &widths {
        offsets.push(total);
        total += width;
    }
    offsets.push(total);
    offsets
}

/// Pascal's triangle up to row `n`.
fn binomials(n: usize) -> Vec<Vec<Nat>> {
    let mut rows: Vec<Vec<Nat>> = vec![vec![Nat::one()]];
    for i in 1..=n {
        let above = &rows[i - 1];
        let mut row = vec![Nat::one(); i + 1];
        for k in 1..i {
            let mut sum = above[k - 1].clone();
            sum.add_assign(&above[k]);
            row[k] = sum;
        }
        rows.push(row);
    }
    rows
}

/// The pieces of `atoms` added up: `K_free` for the free atoms, a unit's for its atoms.
fn free_pieces(free: &[usize], pieces: &[Vec<Value>], len: usize) -> Vec<Value> {
    let mut sum: Vec<Signed> = vec![Signed::default(); len + 1];
    for &atom in free {
        for (l, (value, negative)) in pieces[atom].iter().enumerate() {
            sum[l].add_product(value, &Nat::one(), *negative);
        }
    }
    let mut settled = Vec::with_capacity(sum.len());
    for signed in sum {
        settled.push(signed.settle());
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;
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

    /// A group's states are those within every cap, each found again from its code, by table
    /// or (past [`CODES_TABLED`] codes) by search, with its characters and rooms.
    #[test]
    fn group_states_are_the_vectors_within_the_caps() {
        for (atom_caps, tabled) in [(vec![3, 5, 2], true), (vec![1100, 1100, 4], false)] {
            // A cap of 6 on the first two units together.
            let capped = vec![(6, vec![0, 1])];
            let states = GroupStates::of(&atom_caps, &capped);
            assert_eq!(states.table.is_some(), tabled);
            let mut expected = 0;
            for a in 0..=atom_caps[0].min(6) {
                for b in 0..=atom_caps[1].min(6 - a) {
                    for c in 0..=atom_caps[2] {
                        expected += 1;
                        let counts = [a as u16, b as u16, c as u16];
                        let state = states.index(states.code_of(&counts));
                        assert_eq!(states.counts(state), counts);
                        assert_eq!(usize::from(states.characters[state]), a + b + c);
                        let rooms = &states.rooms[state * 3..state * 3 + 3];
                        let shared = (6 - a - b) as u16;
                        assert_eq!(rooms[0], shared.min(atom_caps[0] as u16));
                        assert_eq!(rooms[1], shared.min(atom_caps[1] as u16));
                        // A unit under no cap of the group's has no room (as in the tables).
                        assert_eq!(rooms[2], 0);
                    }
                }
            }
            assert_eq!(states.len(), expected);
            assert_eq!(states.codes[0], 0);
        }
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

    thread_local! {
        /// Whether [`total_of`] takes each free set's powers apart (the walk before
        /// [`alike_added`]), as the reference of [`alike_free_sets_count_as_each_apart`].
        pub(super) static APART: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Each free set's pieces and settled sums, none added to another's.
    pub(super) fn apart(by_free: &[FreeSums]) -> Vec<(Vec<Value>, Vec<Vec<Value>>)> {
        by_free
            .iter()
            .map(|sums| {
                let settled = sums
                    .sums
                    .iter()
                    .map(|row| row.iter().cloned().map(Sum::settle).collect())
                    .collect();
                (sums.free_pieces.clone(), settled)
            })
            .collect()
    }

    /// On real policies with classes alike (`lower` and `upper` under the same limits, and
    /// here under the same minimums, so that terms pair up): the count with alike free sets
    /// added is the count with each free set's powers taken apart.
    #[test]
    fn alike_free_sets_count_policies_as_each_apart() {
        for text in [
            "len = 256, lower >= 16, upper >= 16, digits >= 16, symbols >= 16, max_sequential = 3",
            "len = 120, lower >= 3, upper >= 5, digits >= 2, symbols <= 40, max_consecutive = 1, \
             max_sequential = 2",
        ] {
            let policy = crate::CheckedPolicy::parse(text).expect("accepted");
            policy.with_problem(|problem| {
                assert!(applies(problem), "{text}");
                let alike = count(problem);
                APART.set(true);
                let each = count(problem);
                APART.set(false);
                assert!(alike == each, "{text}");
                assert!(!alike.is_zero(), "{text}");
            });
        }
    }

    /// Free sets whose pieces are the same take the powers once: the total of their added sums
    /// is the total of each free set's powers taken apart (the walk before [`alike_added`]),
    /// on the pieces of real classes (`lower` and `upper` alike, digits, symbols) under both
    /// run limits and random sums (signed sums are added in the counts of the other tests).
    #[test]
    fn alike_free_sets_count_as_each_apart() {
        let mut rng = Lcg(15);
        let len = 90;
        for repeats in [None, Some(1)] {
            let limits = Limits {
                repeats,
                sequences: Some(3),
            };
            let atoms: Vec<(u32, Vec<(usize, bool)>)> = vec![
                (1, vec![(26, true)]),
                (2, vec![(26, true)]),
                (4, vec![(10, true)]),
                (8, vec![(32, false)]),
            ];
            let pieces: Vec<Vec<Value>> = atom_pieces(&atoms, limits, len)
                .into_iter()
                .map(|(_, pieces)| pieces)
                .collect();
            // Every free set but the full one, each with random sums `D(j, t)`, `j <= t <= room`.
            let random_sums = |rng: &mut Lcg| -> Vec<Vec<Sum>> {
                let room = 1 + rng.below(12);
                let scratch = &mut Vec::new();
                (0..=room)
                    .map(|j| {
                        (0..=room)
                            .map(|t| {
                                let mut sum = Sum::default();
                                if t >= j {
                                    let limbs = (0..=t / 8)
                                        .map(|_| rng.below(1 << 30) as u64 * 0x1_0000_0001)
                                        .collect();
                                    let value = Nat::from_limbs(limbs);
                                    // Positive: each free set's total alone is a count.
                                    sum.add_product(&value, &Nat::one(), false, scratch);
                                }
                                sum
                            })
                            .collect()
                    })
                    .collect()
            };
            let by_free: Vec<FreeSums> = (0..15u32)
                .map(|set| {
                    let free: Vec<usize> = (0..4).filter(|&a| set >> a & 1 == 1).collect();
                    FreeSums {
                        free_pieces: free_pieces(&free, &pieces, len),
                        free,
                        sums: random_sums(&mut rng),
                    }
                })
                .collect();
            let apart = apart(&by_free);
            let mut apart_total = Nat::zero();
            for one in apart {
                apart_total.add_assign(&powers_total(vec![one], len));
            }
            let alike = alike_added(by_free);
            // `lower` and `upper` alike: the sets {0}, {1}; {0, 2}, {1, 2}; ... pair up.
            assert_eq!(alike.len(), 11, "{repeats:?}");
            assert!(apart_total == powers_total(alike, len), "{repeats:?}");
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
            let problem = Problem {
                len,
                membership: &membership,
                bounds: &bounds,
                max_consecutive: repeats,
                max_sequential: sequences.map(|limit| crate::problem::Sequences {
                    limit,
                    chars: &chars,
                }),
            };
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
