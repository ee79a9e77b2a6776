//! The estimate of [`super::count`]: which caps to flip ([`flips`]) and which order of the
//! groups ([`shares`]) are tried by their cost, and the factors that weigh each kind of work
//! against the method's rate.

use super::free_powers::divisions_cost;
use super::groups::GroupTable;
use super::interleave::interleave_cost;
use super::residues::Layout;
use super::shape::{common_prefix, GroupKey, RowKey, RowShape, Shape};
use super::spanning::Table;
use super::term_shapes;
use super::terms::{terms, Flips};
use crate::count::clusters::{AtomComponents, Limits};
use crate::count::mixed::{self, Split};
use crate::count::series::pieces_cost;
use crate::fast_hash::FastMap;
use crate::problem::Problem;
use crate::table::count_width;

/// The caps past half of `len` whose flipping makes [`count`] cheapest: a flip keeps a cap
/// small, but doubles its terms and tracks the other atoms together. Each choice is tried when
/// there are at most [`FLIPS_TRIED`] such caps, else all or none.
///
/// [`count`]: super::count
pub(super) fn flips(problem: &Problem<'_>) -> Flips {
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
///
/// [`cost`]: super::cost
pub(super) fn cost_of(problem: &Problem<'_>, flips: Flips) -> (f64, f64) {
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
///
/// [`count_with`]: super::count_with
pub(super) fn shares(problem: &Problem<'_>, flips: Flips) -> bool {
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
            *work += mixed::row_pieces_cost(&row.units, &row.caps, limits, len);
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
        // The characters the groups interleaved so far draw from (the alphabet once a group
        // holds spanning rows), which bound their sums' widths.
        let mut interleaved_chars = 0.0;
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
                    (group, key, characters(group, &atoms)),
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
                work += sums.interleave_cost(
                    (interleaved, entries, plain, interleaved_chars),
                    alphabet,
                    len,
                );
            }
            interleaved_chars = if sums.spanning {
                alphabet as f64
            } else {
                (interleaved_chars + sums.chars).min(alphabet as f64)
            };
            // A group whose caps are all 0 keeps only the empty sequence (`t = 0`): its rows'
            // free characters are all in `K_free`.
            plain &= !sums.holds_free || sums.room == 0.0;
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

/// The entries `(j, t)` with `j <= t <= r` of a group's sums (a piece has a character or more).
pub(super) fn pairs(r: f64) -> f64 {
    (r + 1.0) * (r + 2.0) / 2.0
}

/// What a number takes beside its limbs (its vector's pointer, length and capacity), in limbs.
const NAT_LIMBS: f64 = 3.0;

/// What [`cost_of`] knows of a group's sums once it has estimated their table: their room (the
/// most tracked characters), their entries `(j, t)`, the limbs they take, whether the group
/// holds spanning rows and whether one holds free characters (`t` up to `len`).
#[derive(Clone, Copy)]
struct BuiltSums {
    room: f64,
    entries: f64,
    limbs: f64,
    spanning: bool,
    holds_free: bool,
    /// The characters of a group without spanning rows (the alphabet for one with them).
    chars: f64,
}

impl BuiltSums {
    /// The estimated work of interleaving these sums with those of the groups before them:
    /// `interleaved` characters (drawn from `interleaved_chars`) in `entries` entries, `plain`
    /// while none held free characters.
    fn interleave_cost(
        &self,
        (interleaved, entries, plain, interleaved_chars): (f64, f64, bool, f64),
        alphabet: usize,
        len: usize,
    ) -> f64 {
        INTERLEAVE
            * self.interleave_ops(
                (interleaved, entries, plain, interleaved_chars),
                alphabet,
                len,
            )
    }

    /// [`BuiltSums::interleave_cost`] in limb operations.
    fn interleave_ops(
        &self,
        (interleaved, entries, plain, interleaved_chars): (f64, f64, bool, f64),
        alphabet: usize,
        len: usize,
    ) -> f64 {
        if self.spanning || !plain {
            entrywise_interleave_ops((interleaved, entries, plain), self, alphabet, len)
        } else if interleaved == 0.0 {
            0.0
        } else {
            plain_interleave_ops(
                alphabet,
                (interleaved as usize, interleaved_chars),
                (self.room as usize, self.chars),
            )
        }
    }
}

/// The characters of the atoms of `group`.
fn characters(group: &[usize], atoms: &[AtomComponents]) -> f64 {
    let mut chars = 0;
    for &a in group {
        for &(size, _) in &atoms[a].1 {
            chars += size;
        }
    }
    chars as f64
}

/// The bits of an entry `(j, t)` of a plain group's sums (or of plain groups' interleaving)
/// whose `t` characters are drawn from `chars` characters, as [`residues`] measures them to
/// choose its primes: those of `chars^t`, the sequences of `t` of them (the survey's groups'
/// sums, measured, stay within a few bits of it), with a margin of a bit every sixteen
/// characters and a limb; no more than a count over the whole alphabet takes (`count_width`).
///
/// [`residues`]: super::residues
fn entry_bits(alphabet: usize, chars: f64, t: usize) -> f64 {
    let t = t as f64;
    let by_chars = t * chars.max(2.0).log2() + t / 16.0 + 64.0;
    by_chars.min(64.0 * count_width(alphabet, t as usize))
}

/// The limbs of [`entry_bits`].
fn entry_width(alphabet: usize, chars: f64, t: usize) -> f64 {
    (entry_bits(alphabet, chars, t) / 64.0).ceil().max(1.0)
}

/// The work of [`interleave`](super::interleave::interleave) of two plain sides (no spanning
/// row, no free character): sums of up to `first.0` and `second.0` characters drawn from
/// `first.1` and `second.1` characters, in limb operations: the cheaper of the direct way
/// ([`interleave_cost`]) and residues, as `interleave` chooses, each entry `(j, t)` (`j <= t`)
/// as wide as [`entry_width`], the residues' primes from [`entry_bits`].
fn plain_interleave_ops(alphabet: usize, first: (usize, f64), second: (usize, f64)) -> f64 {
    let widths = |(most, chars): (usize, f64)| -> Vec<f64> {
        let mut widths = Vec::with_capacity(most + 1);
        for t in 0..=most {
            widths.push(entry_width(alphabet, chars, t));
        }
        widths
    };
    let out = (first.0 + second.0, first.1 + second.1);
    let direct = interleave_cost(&widths(first), &widths(second), &widths(out));
    let sides = [first, second];
    let mut limbs = 0.0;
    for side in sides {
        for (t, width) in widths(side).into_iter().enumerate() {
            limbs += (t as f64 + 1.0) * width;
        }
    }
    let layout = Layout::of(
        [first.0 + 1, second.0 + 1],
        [first.0 + 1, second.0 + 1],
        [
            entry_bits(alphabet, first.1, first.0).ceil() as u64,
            entry_bits(alphabet, second.1, second.0).ceil() as u64,
        ],
        pairs(first.0 as f64) * pairs(second.0 as f64),
    );
    let by_residues = layout.map_or(f64::INFINITY, |layout| {
        layout.work(limbs, (layout.rows() * layout.width()) as f64 / 2.0)
    });
    direct.min(RESIDUES / INTERLEAVE * by_residues)
}

/// The entries `(j, t)` (`j <= t`) and their limbs, added up, of sums whose entries hold counts
/// of `t` characters: up to `most` characters, with `pieces` pieces at most (`t` from `j` on).
fn sides_entries(alphabet: usize, pieces: usize, most: usize) -> (f64, f64) {
    // `tail`: the limbs of the entries `t` from `j` to `most`, for `j` from `most` down.
    let (mut n, mut limbs) = (0.0, 0.0);
    let mut tail = 0.0;
    for t in (0..=most).rev() {
        tail += count_width(alphabet, t);
        if t <= pieces {
            n += (most - t) as f64 + 1.0;
            limbs += tail;
        }
    }
    (n, limbs)
}

/// The work of [`interleave`](super::interleave::interleave_direct) of a group's sums with
/// those of the groups before it when the group holds spanning rows or the groups before it
/// hold free characters, in limb operations: as [`interleave_cost`] counts it, from the entries
/// `(j, t)` of each side that can be non-zero: `j <= t` and `j` at most the side's tracked
/// characters (a tracked piece has one or more), `t` up to `len` on a side that holds free
/// characters, else up to its tracked characters, each entry as wide as a count of its `t`
/// characters. The result's entries past `len` are computed too.
fn entrywise_interleave_ops(
    (interleaved, entries, plain): (f64, f64, bool),
    sums: &BuiltSums,
    alphabet: usize,
    len: usize,
) -> f64 {
    let first_pieces = interleaved as usize;
    let (first_most, (first_entries, first_limbs)) = if plain {
        (
            first_pieces,
            sides_entries(alphabet, first_pieces, first_pieces),
        )
    } else {
        // Entries up to `len` characters; when [`cost_in_order`] bounds them lower, as many,
        // of the same width on average.
        let (n, limbs) = sides_entries(alphabet, first_pieces, len);
        let kept = n.min(entries);
        (len, (kept, limbs * kept / n))
    };
    let second_pieces = sums.room as usize;
    let second_most = if sums.room == 0.0 {
        0
    } else if sums.holds_free {
        len
    } else {
        second_pieces
    };
    let (second_entries, second_limbs) = sides_entries(alphabet, second_pieces, second_most);
    let binomial = ((first_pieces + second_pieces) as f64 / 64.0).floor() + 1.0;
    let scaled = first_limbs + binomial * first_entries;
    // The result: its rows `j` up to all the pieces, each settled over the characters reached.
    let out_most = first_most + second_most;
    let out_entries = (first_pieces + second_pieces) as f64 * (out_most as f64 + 1.0) + 1.0;
    let out_limbs = out_entries * (count_width(alphabet, out_most) / 2.0 + binomial + 2.0);
    let direct = (second_pieces as f64 + 1.0) * first_limbs * binomial
        + scaled * second_limbs
        + 8.0 * first_entries * second_entries
        + 2.0 * out_limbs
        + out_entries * (binomial + 40.0);
    // By residues, when [`interleave`](super::interleave::interleave) takes them: as it
    // weighs them, the widest entry of each side as wide as a count of its most characters.
    let layout = Layout::of(
        [first_pieces + 1, second_pieces + 1],
        [first_most + 1, second_most + 1],
        [
            64 * count_width(alphabet, first_most) as u64,
            64 * count_width(alphabet, second_most) as u64,
        ],
        first_entries * second_entries,
    );
    let by_residues = layout.map_or(f64::INFINITY, |layout| {
        let reconstructed = (layout.rows() * layout.width()) as f64 / 2.0;
        layout.work(first_limbs + second_limbs, reconstructed)
    });
    direct.min(RESIDUES / INTERLEAVE * by_residues)
}

/// The estimated cost of building `group`'s sums in a term of `shape` (added to `work`, its
/// peak memory to `memory`; `listed_left` the states [`GroupTable`] may still list), and what
/// the sums are like.
fn group_cost(
    (group, key, chars): (&[usize], &GroupKey, f64),
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
            limbs: table.entries * (count_width(alphabet, len) + NAT_LIMBS),
            spanning: true,
            holds_free: table.holds_free,
            chars: alphabet as f64,
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
        limbs: pairs(room) * (w + NAT_LIMBS),
        spanning: false,
        holds_free: false,
        chars,
    }
}

/// The most counter vectors (for each group, the product of its caps plus one) [`cost`] lists
/// over all terms to find the states within the caps, instead of bounding them by the product:
/// the estimate stays a small part of the parse.
///
/// [`cost`]: super::cost
const STATES_LISTED: f64 = 32_768.0;

/// What a limb operation of the fixed-width sums of [`atom_pieces`] costs, relative to one of
/// the groups' tables, which hash and clone a state at each push and set the method's
/// rate in [`crate::plan`]: set at or above the ratio `measure_ns` (in `crate::plan`'s tests)
/// shows between policies under `max_sequential`, whose work is nearly all fixed-width sums,
/// and the method's rate.
///
/// [`atom_pieces`]: crate::count::series::atom_pieces
const KERNEL: f64 = 0.6;

/// What a limb operation of a group's table ([`group_sequences`]) costs relative to the
/// method's rate: its states are indexed densely and its numbers are summed in place in
/// fixed-width layers ([`layers`]). Set with a margin above the ratio of the tables' time to
/// their estimate (timed apart, on the survey's refused policies) to the method's time per
/// estimated operation.
///
/// [`group_sequences`]: super::groups::group_sequences
/// [`layers`]: crate::count::layers
const GROUPS: f64 = 0.4;

/// [`GROUPS`] for the table of a group that holds spanning rows ([`Table`]), whose states
/// also have the characters in all when a row holds free characters: its numbers are summed in
/// place in fixed-width layers too. Set with a margin above the ratio of the tables' time to
/// their estimate (timed apart, on the survey's policies whose quoted sets split a sequence
/// range) to the method's time per estimated operation.
pub(super) const TABLE: f64 = 0.4;

/// What an operation of an interleaving by residues (a product modulo a prime, in a
/// transform or out of it, [`residues`]) costs relative to the method's rate. Set with a
/// margin above the ratio of its time to its estimate (timed apart, on the survey's policies
/// whose groups have large caps) to the method's time per estimated operation.
///
/// [`residues`]: super::residues
pub(super) const RESIDUES: f64 = 1.0;

/// [`GROUPS`] for [`interleave`], whose products are summed in place in fixed-width parts.
///
/// [`interleave`]: super::interleave::interleave
pub(super) const INTERLEAVE: f64 = 0.5;
