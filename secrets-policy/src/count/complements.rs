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
//! layer by layer in `j`) and the groups are interleaved by binomial coefficients. The numbers
//! of `D` are only as wide as `alphabet^t`, `t` at most the sum of the caps, and the powers of
//! `W_free` are univariate: no counter vector ever meets a free piece, which is what makes
//! [`super::clusters`] slow for long policies with several minimums.
//!
//! The terms are signed: this counts only (the walk is that of a relaxation, see
//! [`crate::plan`]).

use crate::count::clusters::{self, atom_pieces, components, Limits, Signed};
use crate::fast_hash::FastMap;
use crate::nat::{self, mul_small_add, Nat};
use crate::problem::Problem;
use crate::table::count_width;

/// A settled signed number: its magnitude and whether it is negative.
type Value = (Nat, bool);

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
/// `2j + 1` for the cap below its minimum.
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
            options.extend(
                expand(min - 1, problem.len, flip(1))
                    .into_iter()
                    .map(|(negative, cap)| (!negative, cap)),
            );
        }
        terms = terms
            .into_iter()
            .flat_map(|term| {
                options.iter().map(move |&(negative, cap)| {
                    let mut caps = term.caps.clone();
                    caps.push(cap);
                    Term {
                        negative: term.negative != negative,
                        caps,
                    }
                })
            })
            .collect();
    }
    Some(terms)
}

/// A term's shape: its caps less those another cap implies, each atom's cap (`None`: free), and
/// the tracked atoms in groups that share no capped constraint. Tracked atoms that every cap
/// counts alike are one atom for the sequences (`merged`: its first atom stands for them all,
/// with their pieces added up; the others are in no group).
struct Shape {
    caps: Vec<Option<Cap>>,
    atom_caps: Vec<Option<usize>>,
    groups: Vec<Vec<usize>>,
    merged: Vec<Vec<usize>>,
}

impl Shape {
    fn of(term: &Term, masks: &[u32]) -> Shape {
        let caps = without_implied(&term.caps, masks);
        let atom_caps: Vec<Option<usize>> = masks
            .iter()
            .map(|&mask| {
                caps.iter()
                    .enumerate()
                    .filter_map(|(j, &cap)| cap.filter(|cap| cap.counts(mask, j)))
                    .map(|cap| cap.cap)
                    .min()
            })
            .collect();
        // Groups: atoms joined by a capped constraint they both count toward.
        let mut group_of: Vec<usize> = (0..masks.len()).collect();
        for (j, cap) in caps.iter().enumerate() {
            let Some(cap) = cap else {
                continue;
            };
            let members: Vec<usize> = (0..masks.len())
                .filter(|&a| cap.counts(masks[a], j))
                .collect();
            if let Some(&first) = members.first() {
                let joined = group_of[first];
                for &a in &members {
                    let old = group_of[a];
                    for g in &mut group_of {
                        if *g == old {
                            *g = joined;
                        }
                    }
                }
            }
        }
        // The caps that count each atom, as bits: atoms with the same bits are merged.
        let counted_by = |a: usize| -> u64 {
            caps.iter().enumerate().fold(0, |bits, (j, cap)| {
                bits | u64::from(cap.is_some_and(|cap| cap.counts(masks[a], j))) << j
            })
        };
        let mut merged: Vec<Vec<usize>> = vec![Vec::new(); masks.len()];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut leaders: Vec<usize> = Vec::new();
        for a in (0..masks.len()).filter(|&a| atom_caps[a].is_some()) {
            let bits = counted_by(a);
            let alike = (0..a).find(|&b| !merged[b].is_empty() && counted_by(b) == bits);
            if let Some(b) = alike {
                merged[b].push(a);
                continue;
            }
            merged[a].push(a);
            if let Some(g) = leaders.iter().position(|&l| l == group_of[a]) {
                groups[g].push(a);
            } else {
                leaders.push(group_of[a]);
                groups.push(vec![a]);
            }
        }
        Shape {
            caps,
            atom_caps,
            groups,
            merged,
        }
    }

    /// The pieces of each atom for the sequences: those of a merged atom added up.
    fn pieces<'p>(
        &self,
        pieces: &'p [Vec<Value>],
        len: usize,
    ) -> std::borrow::Cow<'p, [Vec<Value>]> {
        if self.merged.iter().all(|members| members.len() <= 1) {
            return std::borrow::Cow::Borrowed(pieces);
        }
        let mut merged = pieces.to_vec();
        for (a, members) in self.merged.iter().enumerate() {
            if members.len() > 1 {
                merged[a] = free_pieces(members, pieces, len);
            }
        }
        std::borrow::Cow::Owned(merged)
    }

    /// The free atoms (no capped constraint counts them).
    fn free(&self) -> Vec<usize> {
        (0..self.atom_caps.len())
            .filter(|&a| self.atom_caps[a].is_none())
            .collect()
    }

    /// The most characters the tracked atoms take (a merged atom's cap bounds its atoms' sum).
    fn tracked_room(&self) -> usize {
        self.groups
            .iter()
            .flatten()
            .filter_map(|&a| self.atom_caps[a])
            .sum()
    }

    /// Whether the term counts nothing: the tracked atoms cannot fill the password alone.
    fn is_empty(&self, len: usize) -> bool {
        self.free().is_empty() && self.tracked_room() < len
    }
}

/// `caps` less each cap that another one kept implies: one counting every atom it counts (and
/// maybe more) with a cap no higher. A term's value does not change: a password within the
/// other caps is within it.
fn without_implied(caps: &[Option<Cap>], masks: &[u32]) -> Vec<Option<Cap>> {
    let counted = |j: usize, cap: Cap| -> Vec<bool> {
        masks.iter().map(|&mask| cap.counts(mask, j)).collect()
    };
    let mut kept = caps.to_vec();
    for j in 0..kept.len() {
        let Some(cap) = kept[j] else {
            continue;
        };
        let mine = counted(j, cap);
        let implied = (0..kept.len()).any(|i| {
            i != j
                && kept[i].is_some_and(|other| {
                    other.cap <= cap.cap
                        && mine.iter().zip(counted(i, other)).all(|(&a, b)| !a || b)
                })
        });
        if implied {
            kept[j] = None;
        }
    }
    kept
}

/// Whether the method applies: as for [`clusters`] (each component of a run limit inside one
/// atom).
pub(crate) fn applies(problem: &Problem<'_>) -> bool {
    clusters::applies(problem)
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
    let flippable: Vec<u32> = problem
        .bounds
        .iter()
        .enumerate()
        .flat_map(|(j, &(min, max))| {
            [
                past_half(max).then_some(2 * j as u32),
                (min > 0 && past_half(min - 1)).then_some(2 * j as u32 + 1),
            ]
        })
        .flatten()
        .collect();
    let choices: Vec<Flips> = if flippable.len() > FLIPS_TRIED {
        vec![0, Flips::MAX]
    } else {
        (0..1u64 << flippable.len())
            .map(|choice| {
                flippable
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| choice >> i & 1 == 1)
                    .fold(0, |flips, (_, &bit)| flips | 1 << bit)
            })
            .collect()
    };
    choices
        .into_iter()
        .map(|flips| (cost_of(problem, flips).0, flips))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(0, |(_, flips)| flips)
}

/// The most caps past half of `len` whose flips [`flips`] tries one by one.
const FLIPS_TRIED: usize = 3;

/// [`cost`], with the caps in `flips` flipped.
fn cost_of(problem: &Problem<'_>, flip: Flips) -> (f64, f64) {
    let atoms = components(problem).expect("the cluster method applies");
    let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
    let len = problem.len;
    let alphabet = problem.membership.len();
    let width = count_width(alphabet, len);
    let mut work = pieces_cost(&atoms, problem);
    let mut memory: f64 = 0.0;
    let Some(terms) = terms(problem, flip) else {
        return (work, 0.0);
    };
    // The most pieces in a sequence, by free set: the powers of `W_free` computed.
    let mut powers: FastMap<Vec<usize>, (usize, bool)> = FastMap::default();
    // The groups' tables built so far (their states and characters): a group alike in another
    // term is not built again.
    let mut built: FastMap<GroupKey, (f64, f64)> = FastMap::default();
    let mut listed_left = STATES_LISTED;
    // The previous term's groups: the interleaving of the first ones alike is kept.
    let mut previous: Vec<GroupKey> = Vec::new();
    for term in &terms {
        let shape = Shape::of(term, &masks);
        if shape.is_empty(len) {
            continue;
        }
        let keys: Vec<GroupKey> = shape
            .groups
            .iter()
            .map(|group| group_key(group, &shape, &masks))
            .collect();
        let kept = common_prefix(&previous, &keys);
        // The characters of the groups interleaved so far: their sums have about `r^2 / 2`
        // entries `(j, t)`, each multiplied by each of the next group's.
        let mut interleaved = 0.0;
        for (i, (group, key)) in shape.groups.iter().zip(&keys).enumerate() {
            if let Some(&(states, room)) = built.get(key) {
                memory = memory.max(4.0 * states * count_width(alphabet, room as usize));
                if interleaved > 0.0 && i >= kept {
                    work += interleave_cost(alphabet, interleaved as usize, room as usize);
                }
                interleaved += room;
                continue;
            }
            let caps: Vec<f64> = group
                .iter()
                .map(|&a| shape.atom_caps[a].expect("tracked") as f64)
                .collect();
            let mut room: f64 = caps.iter().sum();
            let mut states: f64 = caps.iter().map(|cap| cap + 1.0).product();
            // Each state is reached in layers up to its characters, and pushes each atom's
            // pieces up to the room its caps leave. A push clones and hashes the state. The
            // states are those within every cap, listed when they are few ([`GroupTable`]);
            // else about half as many layers as the characters and half the caps.
            let mut pushes = states * (room / 2.0 + 1.0) * (room / 2.0 + 1.0);
            if states <= listed_left {
                listed_left -= states;
                let atom_caps: Vec<usize> = group
                    .iter()
                    .map(|&a| shape.atom_caps[a].expect("tracked"))
                    .collect();
                let table = GroupTable::of(&atom_caps, &capped(group, &masks, &shape.caps));
                (states, pushes, room) = (table.states, table.pushes, table.most as f64);
            }
            let w = count_width(alphabet, room as usize);
            work += pushes * (w + 16.0 + 2.0 * caps.len() as f64);
            memory = memory.max(4.0 * states * w);
            built.insert(key.clone(), (states, room));
            if interleaved > 0.0 && i >= kept {
                work += interleave_cost(alphabet, interleaved as usize, room as usize);
            }
            interleaved += room;
        }
        previous = keys;
        let sequences = (interleaved + 1.0) * (interleaved + 2.0) / 2.0;
        let room = shape.tracked_room().min(len);
        work += sequences * (width + 4.0);
        let free = shape.free();
        let rows = free.iter().any(|&a| atoms[a].1.iter().any(|&(_, row)| row));
        let entry = powers.entry(free).or_insert((0, rows));
        entry.0 = entry.0.max(room);
    }
    // Each power is one more division by `1 - K_free` ([`divide`]): for `j` pieces, to degree
    // `len - j`, `j` up to the tracked characters. Without repeating pieces, each degree is
    // counted by [`row_divisions`]. When the pieces repeat every `q` (single characters: `q` is
    // `max_consecutive + 1`, or 1; no free atom: 1), each division is bounded by `len`
    // coefficients of `q + 3` terms, each a one-limb multiply-add half the widest on average,
    // and a settled sum.
    let period = problem.run_limit().map_or(1.0, |limit| limit as f64 + 1.0);
    let by_rows = row_divisions(alphabet, len);
    for (free, (room, rows)) in &powers {
        work += if *rows && !free.is_empty() {
            (len - room..=len)
                .map(|degree| by_rows[degree])
                .sum::<f64>()
        } else {
            let terms = if free.is_empty() { 3.0 } else { period + 3.0 };
            (*room as f64 + 1.0) * len as f64 * (terms * (width / 2.0 + 4.0) + 16.0)
        };
        memory = memory.max(4.0 * len as f64 * width + (*room as f64 + 1.0).powi(2) * width);
    }
    (work, memory)
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
        (0..=r).fold((0.0, 0.0), |(n, limbs), t| {
            let row = t as f64 + 1.0;
            (n + row, limbs + row * count_width(alphabet, t))
        })
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

/// The most counter vectors (for each group, the product of its caps plus one) [`cost`] lists
/// over all terms to find the states within the caps, instead of bounding them by the product:
/// the estimate stays a small part of the parse.
const STATES_LISTED: f64 = 32_768.0;

/// What a group's sums depend on: for each of its atoms, the atoms it stands for and its cap,
/// and the capped constraints the group counts toward (see [`capped`]).
type GroupKey = (
    Vec<Vec<usize>>,
    Vec<Option<usize>>,
    Vec<(usize, Vec<usize>)>,
);

/// How many of the first keys of `a` and `b` are alike.
fn common_prefix(a: &[GroupKey], b: &[GroupKey]) -> usize {
    a.iter().zip(b).take_while(|(a, b)| a == b).count()
}

fn group_key(group: &[usize], shape: &Shape, masks: &[u32]) -> GroupKey {
    (
        group.iter().map(|&a| shape.merged[a].clone()).collect(),
        group.iter().map(|&a| shape.atom_caps[a]).collect(),
        capped(group, masks, &shape.caps),
    )
}

/// The capped constraints `group` counts toward among `caps`: each one's cap and the indices in
/// `group` of its atoms.
fn capped(group: &[usize], masks: &[u32], caps: &[Option<Cap>]) -> Vec<(usize, Vec<usize>)> {
    caps.iter()
        .enumerate()
        .filter_map(|(j, cap)| {
            let cap = (*cap)?;
            let members: Vec<usize> = (0..group.len())
                .filter(|&i| cap.counts(masks[group[i]], j))
                .collect();
            (!members.is_empty()).then_some((cap.cap, members))
        })
        .collect()
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
        let used = |counts: &[usize], members: &[usize]| -> usize {
            members.iter().map(|&m| counts[m]).sum()
        };
        if i == counts.len() {
            let characters: usize = counts.iter().sum();
            // As in `group_sequences`: each atom's pieces up to the room under its caps.
            let rooms: usize = (0..counts.len())
                .map(|a| {
                    capped
                        .iter()
                        .filter(|(_, members)| members.contains(&a))
                        .map(|(cap, members)| cap - used(counts, members))
                        .min()
                        .unwrap_or(0)
                        .min(atom_caps[a])
                })
                .sum();
            self.states += 1.0;
            // A state of `t` characters may be reached in every layer up to `t`.
            self.pushes += (characters as f64 + 1.0) * rooms as f64;
            self.most = self.most.max(characters);
            return;
        }
        for count in 0..=atom_caps[i] {
            counts[i] = count;
            let within = capped.iter().all(|(cap, members)| {
                used(
                    &counts[..=i],
                    &members[..members.partition_point(|&m| m <= i)],
                ) <= *cap
            });
            if !within {
                break;
            }
            self.visit(atom_caps, capped, counts, i + 1);
        }
        counts[i] = 0;
    }
}

/// The estimated work of [`divide`] to each degree up to `len`, in limb operations, when the
/// pieces do not repeat (atoms with a row of a sequence range): coefficient `n` adds the
/// series' coefficient and, for each shorter length `l`, a one-limb multiple of `out[n - l]`
/// (as wide as `alphabet^(n - l)`), then settles its sum.
fn row_divisions(alphabet: usize, len: usize) -> Vec<f64> {
    let limbs = |n: usize| count_width(alphabet, n);
    // The limbs of `out[m]` for every `m < n`.
    let mut below = 0.0;
    let mut total = 0.0;
    let mut by_degree = Vec::with_capacity(len + 1);
    for n in 0..=len {
        total += below + 4.0 * n as f64 + 3.0 * limbs(n) + 20.0;
        by_degree.push(total);
        below += limbs(n);
    }
    by_degree
}

/// The estimated work of [`atom_pieces`], in limb operations: each shape of component, its
/// automaton over the rows (a state per character, direction and run, each a map entry), and
/// inverting its series.
fn pieces_cost(atoms: &[clusters::AtomComponents], problem: &Problem<'_>) -> f64 {
    let len = problem.len as f64;
    let width = count_width(problem.membership.len(), problem.len);
    let runs =
        problem.sequence_limit().map_or(0, |s| 2 * s.limit) + problem.run_limit().unwrap_or(1);
    let mut shapes: Vec<(usize, bool)> = atoms.iter().flat_map(|(_, c)| c.clone()).collect();
    shapes.sort_unstable();
    shapes.dedup();
    shapes
        .iter()
        .map(|&(size, _)| {
            len * (size * (runs + 1)) as f64 * (width + 100.0)
                + len * len / 2.0 * (width * width / 4.0 + 4.0)
        })
        .sum()
}

/// The number of passwords `problem` allows, when [`applies`] holds.
///
/// # Panics
/// When it does not.
pub(crate) fn count(problem: &Problem<'_>) -> Nat {
    count_with(problem, flips(problem))
}

/// [`count`], with the caps in `flip` flipped.
fn count_with(problem: &Problem<'_>, flip: Flips) -> Nat {
    let atoms = components(problem).expect("the cluster method applies");
    let len = problem.len;
    let pieces: Vec<Vec<Value>> = atom_pieces(&atoms, Limits::of(problem), len)
        .into_iter()
        .map(|(_, pieces)| pieces)
        .collect();
    let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
    let Some(terms) = terms(problem, flip) else {
        return Nat::zero();
    };

    // The terms' sequence sums, added up by free set: the powers of `W_free` are shared.
    let mut by_free: Vec<(Vec<usize>, Vec<Vec<Signed>>)> = Vec::new();
    // Each group's sums, built once for all the terms where it is alike.
    let mut built: FastMap<GroupKey, Vec<Vec<Value>>> = FastMap::default();
    // The previous term's groups, each with the interleaving of it and the groups before it:
    // a term whose first groups are alike starts from theirs.
    let mut chain: Vec<(GroupKey, Vec<Vec<Value>>)> = Vec::new();
    let none: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
    for term in &terms {
        let shape = Shape::of(term, &masks);
        if shape.is_empty(len) {
            continue;
        }
        let term_pieces = shape.pieces(&pieces, len);
        let keys: Vec<GroupKey> = shape
            .groups
            .iter()
            .map(|group| group_key(group, &shape, &masks))
            .collect();
        let previous: Vec<GroupKey> = chain.iter().map(|(key, _)| key.clone()).collect();
        chain.truncate(common_prefix(&previous, &keys));
        for (group, key) in shape.groups.iter().zip(keys).skip(chain.len()) {
            let sums = built
                .entry(key.clone())
                .or_insert_with(|| group_sequences(group, &shape, &masks, &term_pieces));
            let before = chain.last().map_or(&none, |(_, sequences)| sequences);
            let sequences = interleave(before, sums);
            chain.push((key, sequences));
        }
        let sequences = chain.last().map_or(&none, |(_, sequences)| sequences);
        let free = shape.free();
        let at = if let Some(at) = by_free.iter().position(|(known, _)| *known == free) {
            at
        } else {
            by_free.push((free, Vec::new()));
            by_free.len() - 1
        };
        let sums = &mut by_free[at].1;
        for (j, row) in sequences.iter().enumerate() {
            if sums.len() <= j {
                sums.push(Vec::new());
            }
            for (t, (value, negative)) in row.iter().enumerate() {
                if sums[j].len() <= t {
                    sums[j].resize(t + 1, Signed::default());
                }
                sums[j][t].add_product(value, &Nat::one(), *negative != term.negative);
            }
        }
    }
    let mut total = Signed::default();
    for (free, sums) in by_free {
        let sums: Vec<Vec<Value>> = sums
            .into_iter()
            .map(|row| row.into_iter().map(Signed::settle).collect())
            .collect();
        let free_pieces = free_pieces(&free, &pieces, len);
        let period = clusters::period(&free_pieces);
        // power: W_free^(j + 1), from W_free^j (W_free^0 = 1).
        let mut power: Vec<Nat> = vec![Nat::zero(); len + 1];
        power[0] = Nat::one();
        for (j, row) in sums.iter().enumerate() {
            power = divide(&power, &free_pieces, period, len.saturating_sub(j));
            for (t, (value, negative)) in row.iter().enumerate() {
                if t <= len && !value.is_zero() && len - t < power.len() {
                    total.add_product(value, &power[len - t], *negative);
                }
            }
        }
    }
    let (total, negative) = total.settle();
    assert!(!negative || total.is_zero(), "a count is never negative");
    total
}

/// The signed sums over sequences of pieces of `group`'s atoms within the caps of `shape`:
/// `[j][t]` for `j` pieces of `t` characters in all.
fn group_sequences(
    group: &[usize],
    shape: &Shape,
    masks: &[u32],
    pieces: &[Vec<Value>],
) -> Vec<Vec<Value>> {
    // The capped constraints the group counts toward, and for each the group's atoms in it.
    let capped = capped(group, masks, &shape.caps);
    let mut scratch = Vec::new();
    let mut sums: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
    let mut layer: FastMap<Vec<u16>, Value> = FastMap::default();
    layer.insert(vec![0; group.len()], (Nat::one(), false));
    while !layer.is_empty() {
        let mut next: FastMap<Vec<u16>, Sum> = FastMap::default();
        for (counts, (value, negative)) in layer {
            if value.is_zero() {
                continue;
            }
            for (i, &atom) in group.iter().enumerate() {
                // The room left under every cap that counts this atom.
                let room = capped
                    .iter()
                    .filter(|(_, members)| members.contains(&i))
                    .map(|(cap, members)| {
                        let used: usize = members.iter().map(|&m| usize::from(counts[m])).sum();
                        cap - used
                    })
                    .min()
                    .unwrap_or(0)
                    .min(shape.atom_caps[atom].unwrap_or(0));
                for (l, (piece, piece_negative)) in
                    pieces[atom].iter().enumerate().take(room + 1).skip(1)
                {
                    if piece.is_zero() {
                        continue;
                    }
                    let mut to = counts.clone();
                    to[i] += l as u16;
                    next.entry(to).or_default().add_product(
                        &value,
                        piece,
                        negative != *piece_negative,
                        &mut scratch,
                    );
                }
            }
        }
        let mut row: Vec<Signed> = Vec::new();
        layer = FastMap::default();
        for (counts, sum) in next {
            let t: usize = counts.iter().map(|&c| usize::from(c)).sum();
            if row.len() <= t {
                row.resize(t + 1, Signed::default());
            }
            let (value, negative) = sum.settle();
            row[t].add_product(&value, &Nat::one(), negative);
            layer.insert(counts, (value, negative));
        }
        if !layer.is_empty() {
            sums.push(row.into_iter().map(Signed::settle).collect());
        }
    }
    sums
}

/// The sequences of two independent sets of pieces interleaved: `[j][t]` sums over the ways to
/// split `j` pieces and `t` characters between them, times the ways to interleave the pieces
/// (a binomial coefficient).
fn interleave(first: &[Vec<Value>], second: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let pieces = first.len() + second.len() - 1;
    let binomials = binomials(pieces);
    let mut scratch = Vec::new();
    let mut sums: Vec<Vec<Sum>> = vec![Vec::new(); pieces];
    for (j1, row1) in first.iter().enumerate() {
        for (j2, row2) in second.iter().enumerate() {
            let ways = &binomials[j1 + j2][j1];
            let sums = &mut sums[j1 + j2];
            for (t1, (a, a_negative)) in row1.iter().enumerate() {
                if a.is_zero() {
                    continue;
                }
                let a = a.mul(ways);
                for (t2, (b, b_negative)) in row2.iter().enumerate() {
                    if b.is_zero() {
                        continue;
                    }
                    if sums.len() <= t1 + t2 {
                        sums.resize(t1 + t2 + 1, Sum::default());
                    }
                    sums[t1 + t2].add_product(&a, b, a_negative != b_negative, &mut scratch);
                }
            }
        }
    }
    sums.into_iter()
        .map(|row| row.into_iter().map(Sum::settle).collect())
        .collect()
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

/// `K_free`: the free atoms' pieces added up.
fn free_pieces(free: &[usize], pieces: &[Vec<Value>], len: usize) -> Vec<Value> {
    let mut sum: Vec<Signed> = vec![Signed::default(); len + 1];
    for &atom in free {
        for (l, (value, negative)) in pieces[atom].iter().enumerate() {
            sum[l].add_product(value, &Nat::one(), *negative);
        }
    }
    sum.into_iter().map(Signed::settle).collect()
}

/// `series / (1 - K_free)` up to `x^degree` (a count: never negative), with `period` the period
/// of `K_free`'s pieces when they repeat ([`clusters::period`]).
///
/// In general `out[n] = series[n] + sum over l of K(l) out[n - l]`; when the pieces repeat every
/// `q`, `K = R / (1 - x^q)` with `R` the first `q` pieces, and multiplying through by `1 - x^q`
/// leaves `q + 3` terms: `out[n] = series[n] - series[n - q] + out[n - q] + sum over l <= q of
/// R(l) out[n - l]`.
fn divide(series: &[Nat], free_pieces: &[Value], period: Option<usize>, degree: usize) -> Vec<Nat> {
    let mut out: Vec<Nat> = Vec::with_capacity(degree + 1);
    let mut scratch = Vec::new();
    let one = Nat::one();
    for n in 0..=degree {
        let mut sum = Sum::default();
        let mut add = |value: &Nat, factor: &Nat, negative: bool| {
            sum.add_product(value, factor, negative, &mut scratch);
        };
        add(&series[n], &one, false);
        if let Some(q) = period {
            if n >= q {
                add(&series[n - q], &one, true);
                add(&out[n - q], &one, false);
            }
            for l in 1..=q.min(n) {
                let (piece, negative) = &free_pieces[l];
                add(&out[n - l], piece, *negative);
            }
        } else {
            for l in 1..=n {
                let (piece, negative) = &free_pieces[l];
                add(&out[n - l], piece, *negative);
            }
        }
        let (value, negative) = sum.settle();
        assert!(!negative, "a count is never negative");
        out.push(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_run_limited_problems, Lcg};

    /// Whether some term of `problem` merges atoms, and whether some term leaves out a cap.
    fn merges_and_implied(problem: &Problem<'_>, flip: Flips) -> (bool, bool) {
        let atoms = components(problem).expect("applies");
        let masks: Vec<u32> = atoms.iter().map(|(mask, _)| *mask).collect();
        let terms = terms(problem, flip).unwrap_or_default();
        let shapes: Vec<(Shape, &Term)> = terms.iter().map(|t| (Shape::of(t, &masks), t)).collect();
        (
            shapes
                .iter()
                .any(|(shape, _)| shape.merged.iter().any(|m| m.len() > 1)),
            shapes.iter().any(|(shape, term)| {
                shape.caps.iter().flatten().count() < term.caps.iter().flatten().count()
            }),
        )
    }

    #[test]
    fn complements_count_what_brute_force_counts() {
        let (mut applied, mut merged, mut left_out) = (0, 0, 0);
        for owned in random_run_limited_problems(67, 2000) {
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            applied += 1;
            let expected = allowed_strings(&problem).len() as u128;
            for flip in [0, ALL, 0b0101_0101] {
                let counted = count_with(&problem, flip).to_u128();
                assert_eq!(counted, Some(expected), "{flip}, {problem:?}");
                let (some_merged, some_left_out) = merges_and_implied(&problem, flip);
                merged += usize::from(some_merged);
                left_out += usize::from(some_left_out);
            }
        }
        assert!(applied > 400, "{applied}");
        // Merged atoms and caps another implies must be reached, or the test proves little.
        assert!(merged > 50 && left_out > 100, "{merged} {left_out}");
    }

    /// Four classes of the printable alphabet, as a policy's problem sees them.
    fn printable() -> (Vec<u32>, Vec<char>) {
        let mut membership = vec![0b0001; 26];
        membership.extend([0b0010; 26]);
        membership.extend([0b0100; 10]);
        membership.extend([0b1000; 32]);
        let chars: Vec<char> = ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars())
            .collect();
        (membership, chars)
    }

    /// Against the cluster sum and the position automaton on policies too long to enumerate:
    /// minimums, maximums, a union (`lower | upper`) and both run limits.
    #[test]
    fn complements_count_what_the_other_methods_count() {
        let (mut membership, chars) = printable();
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
