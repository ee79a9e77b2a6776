//! Unranking through the automaton with hubs of [`crate::table::sequences`]: at each position,
//! the state's direct moves first, then each hub minus the state's exclusions, and inside the
//! hub its letters that are not excluded, in order.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use super::automaton::{self, find_move};
#[cfg(any(feature = "walk", not(feature = "checks")))]
use super::find_block;
#[cfg(any(feature = "walk", not(feature = "checks")))]
use super::masks;
use super::masks::Letters;
#[cfg(any(feature = "walk", not(feature = "checks")))]
use crate::nat::{self, small_quotient, times};
use crate::table::sequences::{Exclusion, Table};
use crate::table::{Automaton, Kind, Move};

/// The table's lists padded to one length each (every state's direct moves, hubs and
/// exclusions, every hub's members), for the word-sized walk: it visits as many items
/// whatever the state, reading items no index falls in past a state's own. Built when the
/// count is below 2^64.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub(crate) struct Padded {
    direct: Vec<Move>,
    direct_width: usize,
    /// A hub and all ones, or hub 0 and zeros for padding.
    hubs: Vec<(u32, u64)>,
    hubs_width: usize,
    exclusions: Vec<Exclusion>,
    exclusions_width: usize,
    members: Vec<PaddedMember>,
    members_width: usize,
    letters: Letters,
    /// Bits enough for any letter's size minus one: the quotient steps the walk takes.
    quotient_bits: u32,
}

/// A hub's letter, the state after it, the letter's size (0 for padding) and where its
/// characters start among the [`Letters`]'.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
#[derive(Clone, Copy)]
struct PaddedMember {
    letter: u32,
    state: u32,
    size: u32,
    start: u32,
}

impl Padded {
    /// The padded lists of `table`, when its count is below 2^64.
    pub(crate) fn of(table: &Table) -> Option<Padded> {
        if table.total().limbs().len() > 1 {
            return None;
        }
        let states = table.direct.len() as u32;
        let hubs = table.members.len() as u32;
        let widest = |len: &dyn Fn(u32) -> usize, count: u32| (0..count).map(len).max();
        let direct_width = widest(&|s| table.direct.get(s).len(), states).unwrap_or(0);
        let hubs_width = widest(&|s| table.hubs.get(s).len(), states).unwrap_or(0);
        let exclusions_width = widest(&|s| table.exclusions.get(s).len(), states).unwrap_or(0);
        let members_width = widest(&|h| table.members.get(h).len(), hubs).unwrap_or(0);
        let no_move = Move {
            to: 0,
            letter: 0,
            ways: 0,
            kind: Kind::Any,
        };
        // Matches no hub and no letter.
        let no_exclusion = Exclusion {
            hub: u32::MAX,
            letter: u32::MAX,
            state: 0,
            ways: 0,
        };
        let mut padded = Padded {
            direct: Vec::new(),
            direct_width,
            hubs: Vec::new(),
            hubs_width,
            exclusions: Vec::new(),
            exclusions_width,
            members: Vec::new(),
            members_width,
            letters: Letters::of(table.letters()),
            quotient_bits: quotient_bits(table.letters()),
        };
        for state in 0..states {
            let direct = table.direct.get(state);
            padded.direct.extend_from_slice(direct);
            let padded_len = padded.direct.len() + direct_width - direct.len();
            padded.direct.resize(padded_len, no_move);
            let hubs = table.hubs.get(state);
            for &hub in hubs {
                padded.hubs.push((hub, u64::MAX));
            }
            let padded_len = padded.hubs.len() + hubs_width - hubs.len();
            padded.hubs.resize(padded_len, (0, 0));
            let exclusions = table.exclusions.get(state);
            padded.exclusions.extend_from_slice(exclusions);
            let padded_len = padded.exclusions.len() + exclusions_width - exclusions.len();
            padded.exclusions.resize(padded_len, no_exclusion);
        }
        for hub in 0..hubs {
            let members = table.members.get(hub);
            let starts = &padded.letters.starts;
            for member in members {
                padded.members.push(PaddedMember {
                    letter: member.letter,
                    state: member.state,
                    size: table.letters()[member.letter as usize].len() as u32,
                    start: starts[member.letter as usize],
                });
            }
            let no_member = PaddedMember {
                letter: u32::MAX,
                state: 0,
                size: 0,
                start: 0,
            };
            padded.members.extend(std::iter::repeat_n(
                no_member,
                members_width - members.len(),
            ));
        }
        Some(padded)
    }

    pub(crate) fn bytes(&self) -> usize {
        self.direct.len() * std::mem::size_of::<Move>()
            + self.hubs.len() * std::mem::size_of::<(u32, u64)>()
            + self.exclusions.len() * std::mem::size_of::<Exclusion>()
            + self.members.len() * std::mem::size_of::<PaddedMember>()
            + self.letters.bytes()
    }
}

/// Writes the password with number `index` (below the table's total; used up) into `out`.
///
/// The walk works at the table's widest row, not the index's width: a hub's sum includes the
/// plain terms of letters special to the state, whose states need not be reachable at that
/// position, so it can exceed the count. Its buffers are wiped afterwards.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn unrank(
    table: &Table,
    padded: Option<&Padded>,
    index_limbs: &mut [u64],
    out: &mut [u8],
) {
    if let (Some(padded), [index]) = (padded, &mut *index_limbs) {
        walk_word(table, padded, *index, out);
        *index = 0;
        return;
    }
    let width = table.width().max(index_limbs.len());
    let mut index = vec![0u64; width];
    index[..index_limbs.len()].copy_from_slice(index_limbs);
    nat::wipe(index_limbs);
    let mut term = vec![0u64; width];
    let mut block = vec![0u64; width];
    automaton::walk(
        table,
        &mut index,
        &mut term,
        out,
        false,
        |next, state, index, term| choose(table, next, state, index, term, &mut block),
    );
    nat::wipe(&mut index);
    nat::wipe(&mut term);
    nat::wipe(&mut block);
}

/// The move the index falls in from `state` toward row `next`: a direct move, or a hub's
/// letter (a move of any of its characters); the blocks before it are subtracted from `index`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn choose(
    table: &Table,
    next: usize,
    state: u32,
    index: &mut [u64],
    term: &mut [u64],
    block: &mut [u64],
) -> Move {
    if let Some(step) = find_move(table, next, state, index, term) {
        return step;
    }
    let exclusions = table.exclusions.get(state);
    for &hub in table.hubs.get(state) {
        // The hub's block: its sum, less the state's special letters.
        times(block, table.hub(next, hub), 1);
        for exclusion in exclusions.iter().filter(|exclusion| exclusion.hub == hub) {
            times(term, table.entry(next, exclusion.state), exclusion.ways);
            nat::sub_limbs(block, term);
        }
        if !nat::cmp_limbs(index, block).is_lt() {
            nat::sub_limbs(index, block);
            continue;
        }
        let members = table.members.get(hub).iter().filter(|member| {
            !exclusions
                .iter()
                .any(|exclusion| exclusion.hub == hub && exclusion.letter == member.letter)
        });
        let member = find_block(index, term, members, |member, term| {
            let size = table.letters()[member.letter as usize].len() as u32;
            times(term, table.entry(next, member.state), size);
        })
        .expect("a hub's block is the sum of its letters' blocks");
        return Move {
            to: member.state,
            letter: member.letter,
            ways: table.letters()[member.letter as usize].len() as u32,
            kind: Kind::Any,
        };
    }
    unreachable!("an index below the count falls in a move or a hub");
}

/// Bits enough for any letter's size minus one.
fn quotient_bits(letters: &[Vec<u8>]) -> u32 {
    let largest = letters.iter().map(Vec::len).max().unwrap_or(1).max(1);
    u64::BITS - ((largest - 1) as u64).leading_zeros()
}

/// The low word of a table entry. Below 2^64 the walk computes modulo 2^64: an entry or a hub's
/// sum the walk does not land in may exceed a word (see [`unrank`]), but every block it
/// compares the index with, a hub's sum less its exclusions included, is at most the count, so
/// its value modulo 2^64 is the block itself.
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn low(limbs: &[u64]) -> u64 {
    limbs[0]
}

/// [`walk`] for counts below 2^64, in a time that does not depend on the index: at each
/// position it visits every padded direct move, every padded hub (each less every padded
/// exclusion) and every padded member of the chosen hub, keeps the chosen one with masks, takes
/// the quotient by a fixed number of shift-and-subtract steps and picks the character by
/// visiting the whole alphabet. Which state's lists, which hub's members and which table
/// entries it reads depend on the password so far (cache timing; see the runtime's security
/// notes).
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn walk_word(table: &Table, padded: &Padded, mut index: u64, out: &mut [u8]) {
    let mut state = 0usize;
    let mut previous_at = 0u64;
    let any = masks::kind_code(Kind::Any);
    for (p, slot) in out.iter_mut().enumerate() {
        let next = p + 1;
        let (mut to, mut letter, mut kind, mut entry) = (0u64, 0u64, 0u64, 0u64);
        let mut found = 0u64; // all ones once a move is chosen
        let direct = &padded.direct[state * padded.direct_width..][..padded.direct_width];
        for step in direct {
            let step_entry = low(table.entry(next, step.to));
            let block = step_entry.wrapping_mul(u64::from(step.ways));
            let here = !found & masks::below(index, block);
            to = masks::select(to, u64::from(step.to), here);
            let start = u64::from(padded.letters.starts[step.letter as usize]);
            letter = masks::select(letter, start, here);
            kind = masks::select(kind, masks::kind_code(step.kind), here);
            entry = masks::select(entry, step_entry, here);
            found |= here;
            index = index.wrapping_sub(block & !found);
        }
        let exclusions =
            &padded.exclusions[state * padded.exclusions_width..][..padded.exclusions_width];
        let hubs = &padded.hubs[state * padded.hubs_width..][..padded.hubs_width];
        let mut chosen_hub = 0u64;
        let mut in_hub = 0u64; // all ones once a hub is chosen
        for &(hub, real) in hubs {
            let mut size = low(table.hub(next, hub));
            for exclusion in exclusions {
                let term =
                    low(table.entry(next, exclusion.state)).wrapping_mul(u64::from(exclusion.ways));
                size = size
                    .wrapping_sub(term & masks::equal(u64::from(exclusion.hub), u64::from(hub)));
            }
            let size = size & real;
            let here = !found & masks::below(index, size);
            chosen_hub = masks::select(chosen_hub, u64::from(hub), here);
            in_hub |= here;
            found |= here;
            index = index.wrapping_sub(size & !found);
        }
        // The chosen hub's letters that are not excluded (hub 0's when no hub is chosen: then
        // nothing is taken from them).
        let members =
            &padded.members[chosen_hub as usize * padded.members_width..][..padded.members_width];
        let mut taken = !in_hub;
        for member in members {
            let mut excluded = 0u64;
            for exclusion in exclusions {
                excluded |= masks::equal(u64::from(exclusion.hub), chosen_hub)
                    & masks::equal(u64::from(exclusion.letter), u64::from(member.letter));
            }
            let member_entry = low(table.entry(next, member.state));
            let block = member_entry.wrapping_mul(u64::from(member.size)) & !excluded;
            let here = !taken & masks::below(index, block);
            to = masks::select(to, u64::from(member.state), here);
            letter = masks::select(letter, u64::from(member.start), here);
            kind = masks::select(kind, any, here);
            entry = masks::select(entry, member_entry, here);
            taken |= here;
            index = index.wrapping_sub(block & !taken);
        }
        let q = small_quotient(&mut index, entry, padded.quotient_bits);
        (*slot, previous_at) = padded
            .letters
            .character(letter, kind, q as u64, previous_at);
        state = to as usize;
    }
}
