//! Unranking through the position automaton: one character at a time.
//!
//! At position `p` in state `s`, the passwords that continue with a move are
//! `ways * table[p + 1][to]` of them, move after move, in a fixed order. The index falls in one
//! move's block: subtract the blocks before it, then `q = index / table[p + 1][to]` (below
//! `ways`) says which of the move's characters it is, and `index % table[p + 1][to]` goes on to
//! the next position. The walk on limbs is the one of [`super::automaton`]; below 2^128 the
//! walks here, in machine words, take over.

use super::automaton;
use crate::nat::{divide, magic, small_quotient, Word};
use crate::table::positions::Table;
use crate::table::{Automaton, Kind};

/// Writes the password with number `index` (below the table's total; used up) into `out`.
/// `term` is scratch space of the table's width.
pub(super) fn unrank(table: &Table, index: &mut [u64], term: &mut [u64], out: &mut [u8]) {
    match index.len() {
        1 => unrank_word::<u64>(table, index, out),
        2 => unrank_word::<u128>(table, index, out),
        _ => automaton::walk(table, index, term, out, |next, state, index, term| {
            automaton::find_move(table, next, state, index, term)
                .expect("an index below the count falls in one move")
        }),
    }
}

/// [`unrank`] for counts that fit a machine word. At each position every move of the current
/// state is visited and the chosen one is kept with arithmetic selects rather than by stopping
/// early, and the quotient is taken by a fixed number of shift-and-subtract steps rather than a
/// division instruction (whose time can depend on its operands): the time of a position does
/// not depend on which move the index falls in. (Which table entries are read still depends on
/// the state, that is on the password so far; see the runtime's security notes.)
///
/// A specialised copy of the walk, kept beside [`super::automaton::walk`] on purpose: it visits every
/// move instead of stopping at the one the index falls in, and runs in machine words. Its speed
/// was measured when it was introduced (the criterion bench `cargo bench -p secrets-rt --bench
/// policy`, figures in BENCHMARKS.md); measure again before folding it into the generic walk.
fn unrank_word<W: Word>(table: &Table, index_limbs: &mut [u64], out: &mut [u8]) {
    let mut index = W::read(index_limbs);
    let mut state = 0u32;
    let mut previous = 0u8;
    for (p, slot) in out.iter_mut().enumerate() {
        let moves = table.moves(state);
        // The chosen move: the first whose block holds the index.
        let mut chosen = 0usize;
        let mut chosen_entry = W::ZERO;
        let mut found = 0u64; // all ones once a move is chosen
        for (k, step) in moves.iter().enumerate() {
            let entry = W::read(table.entry(p + 1, step.to));
            // `ways * entry` counts passwords: it fits the word.
            let block = entry.times(step.ways);
            // All ones when the index falls in this block and no earlier one was chosen.
            let here = !found & index.below(block);
            chosen ^= (chosen ^ k) & here as usize;
            chosen_entry = W::select(chosen_entry, entry, here);
            found |= here;
            // Past blocks are subtracted; nothing once the block is found.
            index = index - (block & W::widen(!found));
        }
        let step = moves[chosen];
        let q = small_quotient(&mut index, chosen_entry, table.quotient_bits);
        *slot = step
            .kind
            .character(&table.letters()[step.letter as usize], q, previous);
        previous = *slot;
        state = step.to;
    }
    index.write(index_limbs);
}

/// A move's block at one position, precomputed for counts below 2^64: where it starts among
/// the state's blocks, how many completions one of its characters has, and what its character
/// is.
#[derive(Clone, Copy, Debug)]
struct Block {
    /// The sum of the blocks before this one, at this position and state.
    start: u64,
    /// `table[p + 1][to]`: the completions after one character of the move.
    entry: u64,
    /// `ceil(2^64 / entry) - 1` (0 for an empty move): divides by `entry` with a multiplication.
    magic: u64,
    to: u32,
    /// Where the move's letter starts in [`Blocks::chars`], and its length.
    chars: u32,
    letter_len: u32,
    kind: Kind,
}

/// The blocks of every move at every position, for tables whose count is below 2^64 and which
/// are small: with them a position costs a comparison per move and one multiplication, where
/// the walk over the table multiplies each move's entry by its ways and divides by shifts.
pub(crate) struct Blocks {
    /// `all[p * moves + m]` is move `m` (in the table's order) at position `p`.
    all: Vec<Block>,
    moves: usize,
    /// The letters' characters, one after the other.
    chars: Vec<u8>,
}

/// The largest [`Blocks`] built: 1 MiB.
const MAX_BLOCKS_BYTES: usize = 1 << 20;

impl Blocks {
    /// The blocks of `table`, when its count is below 2^64 and they take at most 1 MiB.
    pub(crate) fn of(table: &Table, len: usize) -> Option<Blocks> {
        let moves = table.moves.all().len();
        let bytes = len
            .checked_mul(moves)?
            .checked_mul(std::mem::size_of::<Block>())?;
        if table.total().limbs().len() > 1 || bytes > MAX_BLOCKS_BYTES {
            return None;
        }
        let mut letter_starts = Vec::with_capacity(table.letters().len());
        let mut chars = Vec::new();
        for letter in table.letters() {
            letter_starts.push(chars.len() as u32);
            chars.extend_from_slice(letter);
        }
        let mut all = Vec::with_capacity(len * moves);
        for p in 0..len {
            for state in 0..table.states() as u32 {
                let mut start = 0u64;
                for step in table.moves(state) {
                    // Entries are at most the count, below 2^64: one limb, or none for a row
                    // of zeros.
                    let entry = table.entry(p + 1, step.to).first().copied().unwrap_or(0);
                    all.push(Block {
                        start,
                        entry,
                        magic: magic(entry),
                        to: step.to,
                        chars: letter_starts[step.letter as usize],
                        letter_len: table.letters()[step.letter as usize].len() as u32,
                        kind: step.kind,
                    });
                    // Past the blocks the walk can reach, the sum may exceed a word; those
                    // starts are never compared.
                    start = start.saturating_add(entry.saturating_mul(u64::from(step.ways)));
                }
            }
        }
        Some(Blocks { all, moves, chars })
    }

    pub(crate) fn bytes(&self) -> usize {
        self.all.len() * std::mem::size_of::<Block>() + self.chars.len()
    }
}

/// [`unrank`] through the blocks. The move is found by comparing the index with every block's
/// start (the number of starts it reaches, without stopping early), and the character within the
/// move by a multiplication with the block's reciprocal and one correction.
///
/// A specialised copy of the walk, like [`unrank_word`] (no early exit, machine words), with
/// the blocks' starts and reciprocals precomputed: the fastest walk for small tables below
/// 2^64 (`cargo bench -p secrets-rt --bench policy`; figures in BENCHMARKS.md).
pub(super) fn unrank_blocks(
    table: &Table,
    blocks: &Blocks,
    index_limbs: &mut [u64],
    out: &mut [u8],
) {
    let mut index = index_limbs[0];
    let mut state = 0u32;
    let mut previous = 0u8;
    for (p, slot) in out.iter_mut().enumerate() {
        let span = table.moves.span(state);
        let row = &blocks.all[p * blocks.moves + span.start..p * blocks.moves + span.end];
        // The last block whose start the index reaches: zero-sized blocks share their start with
        // the next one, so the count lands on a block that holds the index.
        let mut k = 0usize;
        for block in &row[1..] {
            k += usize::from(!index.overflowing_sub(block.start).1);
        }
        let block = row[k];
        let local = index - block.start;
        let q = divide(local, block.entry, block.magic);
        index = local - q * block.entry;
        let q = q as usize;
        let start = block.chars as usize;
        let letter = &blocks.chars[start..start + block.letter_len as usize];
        *slot = block.kind.character(letter, q, previous);
        previous = *slot;
        state = block.to;
    }
    index_limbs[0] = index;
}
