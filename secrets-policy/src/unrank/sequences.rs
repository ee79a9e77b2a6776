//! Unranking through the automaton with hubs of [`crate::table::sequences`]: at each position,
//! the state's direct moves first, then each hub minus the state's exclusions, and inside the
//! hub its letters that are not excluded, in order.

use super::automaton::{self, find_move};
use super::find_block;
use crate::nat::{self, times};
use crate::table::sequences::Table;
use crate::table::{Automaton, Kind, Move};

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
    automaton::walk(
        table,
        &mut index,
        &mut term,
        out,
        |next, state, index, term| choose(table, next, state, index, term, &mut block),
    );
    nat::wipe(&mut index);
    nat::wipe(&mut term);
    nat::wipe(&mut block);
}

/// The move the index falls in from `state` toward row `next`: a direct move, or a hub's
/// letter (a move of any of its characters); the blocks before it are subtracted from `index`.
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
