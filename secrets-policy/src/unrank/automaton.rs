//! The walk of a position automaton on limbs, written once against [`Automaton`]: at each
//! position, find the move the index falls in, subtract the blocks before it, then
//! `q = index / table[p + 1][to]` (below the move's `ways`) says which of the move's characters
//! it is, and `index % table[p + 1][to]` goes on to the next position.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use super::find_block;
#[cfg(any(feature = "walk", not(feature = "checks")))]
use crate::nat::{take_quotient, times};
#[cfg(any(feature = "walk", not(feature = "checks")))]
use crate::table::{Automaton, Move};

/// Writes the password with number `index` (below the table's total; used up) into `out`.
/// `term` is scratch space of the index's width. `find` finds the move the index falls in from a
/// state toward a row, subtracting the blocks before it: [`find_move`] for an automaton whose
/// moves are all in [`Automaton::moves`].
///
/// With `narrow`, each position works on the limbs of the current state's entry only: the index
/// is below it, so the limbs above are zero, and so are those of every block and product taken
/// there, whose entries come from the next row, no wider (rows narrow as the passwords left
/// shorten). The automaton's `find` must then take indices of any width; the walk of the plain
/// position automaton does, and the narrower numbers halve its work on long policies.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn walk<T: Automaton>(
    table: &T,
    index: &mut [u64],
    term: &mut [u64],
    out: &mut [u8],
    narrow: bool,
    mut find: impl FnMut(usize, u32, &mut [u64], &mut [u64]) -> Move,
) {
    let mut state = 0u32;
    let mut previous = 0u8;
    let full = index.len();
    for (p, slot) in out.iter_mut().enumerate() {
        let width = if narrow && p > 0 {
            table.entry(p, state).len().clamp(1, full)
        } else {
            full
        };
        let (index, term) = (&mut index[..width], &mut term[..width]);
        let step = find(p + 1, state, index, term);
        let entry = table.entry(p + 1, step.to);
        let q = take_quotient(index, entry, step.ways, term);
        let c = step
            .kind
            .character(&table.letters()[step.letter as usize], q, previous);
        *slot = c;
        previous = c;
        state = step.to;
    }
}

/// The move of `state` the index falls in, toward row `next`, with the blocks before it
/// subtracted from `index`; `None` when the index is past them all (`index` then holds what is
/// left past them).
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn find_move<T: Automaton>(
    table: &T,
    next: usize,
    state: u32,
    index: &mut [u64],
    term: &mut [u64],
) -> Option<Move> {
    find_block(index, term, table.moves(state), |step, term| {
        times(term, table.entry(next, step.to), step.ways);
    })
    .copied()
}
