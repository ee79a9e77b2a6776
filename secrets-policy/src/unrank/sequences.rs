//! Unranking through the automaton with hubs of [`crate::table::sequences`]: at each position,
//! the state's direct moves first, then each hub minus the state's exclusions, and inside the
//! hub its letters that are not excluded, in order.

use super::find_block;
use crate::nat;
use crate::nat::{take_quotient, times};
use crate::table::positions::Kind;
use crate::table::sequences::Table;

/// Writes the password with number `index` (below the table's total; used up) into `out`.
///
/// The walk works at the table's widest row, not the index's width: a hub's sum includes the
/// plain terms of letters special to the state, whose states need not be reachable at that
/// position, so it can exceed the count. Its buffers are wiped afterwards.
pub(super) fn unrank(table: &Table, index_limbs: &mut [u64], out: &mut [u8]) {
    let width = table.width().max(index_limbs.len());
    let mut index = vec![0u64; width];
    index[..index_limbs.len()].copy_from_slice(index_limbs);
    nat::wipe(index_limbs);
    let mut term = vec![0u64; width];
    let mut block = vec![0u64; width];
    walk(table, &mut index, &mut term, &mut block, out);
    nat::wipe(&mut index);
    nat::wipe(&mut term);
    nat::wipe(&mut block);
}

fn walk(table: &Table, index: &mut [u64], term: &mut [u64], block: &mut [u64], out: &mut [u8]) {
    let mut state = 0u32;
    let mut previous = 0u8;
    for (p, slot) in out.iter_mut().enumerate() {
        let next = p + 1;
        let (letter, kind, to, entry) = choose(table, next, state, index, term, block);
        let size = table.letters[letter as usize].len() as u32;
        let ways = match kind {
            Kind::Same => 1,
            Kind::Other => size - 1,
            Kind::Any => size,
        };
        let q = take_quotient(index, entry, ways, term);
        let c = kind.character(&table.letters[letter as usize], q, previous);
        *slot = c;
        previous = c;
        state = to;
    }
}

/// The move the index falls in from `state` toward row `next`: its letter, kind, target state
/// and the target's count; the blocks before it are subtracted from `index`.
fn choose<'t>(
    table: &'t Table,
    next: usize,
    state: u32,
    index: &mut [u64],
    term: &mut [u64],
    block: &mut [u64],
) -> (u32, Kind, u32, &'t [u64]) {
    let direct = find_block(index, term, table.direct.get(state), |step, term| {
        times(term, table.entry(next, step.to), step.ways);
    });
    if let Some(step) = direct {
        return (step.letter, step.kind, step.to, table.entry(next, step.to));
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
            let size = table.letters[member.letter as usize].len() as u32;
            times(term, table.entry(next, member.state), size);
        })
        .expect("a hub's block is the sum of its letters' blocks");
        return (
            member.letter,
            Kind::Any,
            member.state,
            table.entry(next, member.state),
        );
    }
    unreachable!("an index below the count falls in a move or a hub");
}
