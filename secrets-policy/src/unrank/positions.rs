//! Unranking through the position automaton: one character at a time.
//!
//! At position `p` in state `s`, the passwords that continue with a move are
//! `ways * table[p + 1][to]` of them, move after move, in a fixed order. The index falls in one
//! move's block: subtract the blocks before it, then `q = index / table[p + 1][to]` (below
//! `ways`) says which of the move's characters it is, and `index % table[p + 1][to]` goes on to
//! the next position.

use super::automaton;
use super::masks::{self, Letters};
use crate::nat::{divide, magic, small_quotient, Word};
use crate::table::positions::Table;
use crate::table::Automaton;

/// Writes the password with number `index` (below the table's total; used up) into `out`.
/// `term` is scratch space of the table's width.
pub(super) fn unrank(
    table: &Table,
    walker: &Walker,
    index: &mut [u64],
    term: &mut [u64],
    out: &mut [u8],
) {
    if let Some(blocks) = &walker.blocks {
        return unrank_blocks(blocks, &walker.letters, index, out);
    }
    match index.len() {
        1 => unrank_word::<u64>(table, walker, index, out),
        2 => unrank_wide::<u128>(table, index, out),
        _ => automaton::walk(table, index, term, out, |next, state, index, term| {
            automaton::find_move(table, next, state, index, term)
                .expect("an index below the count falls in one move")
        }),
    }
}

/// [`unrank`] for counts that fit a machine word, in a time that does not depend on the index.
/// At each position it visits `max_moves` moves (the most any state has; past the state's own,
/// a move read in their place counts as empty), keeps the chosen one with masks rather than by
/// stopping early or indexing with it, takes the quotient by a fixed number of
/// shift-and-subtract steps rather than a division instruction (whose time can depend on its
/// operands), and picks the character by visiting the whole alphabet ([`Letters::character`]).
/// What it does not hide: which state's moves and which table entries it reads, addresses that
/// depend on the password so far (cache timing; see the runtime's security notes).
///
/// A specialised copy of the walk, kept beside [`super::automaton::walk`] on purpose: it visits every
/// move instead of stopping at the one the index falls in, and runs in machine words. Its speed
/// is measured by the criterion bench `cargo bench -p secrets-rt --bench policy` (figures in
/// BENCHMARKS.md); measure again before folding it into the generic walk.
fn unrank_word<W: Word>(table: &Table, walker: &Walker, index_limbs: &mut [u64], out: &mut [u8]) {
    let mut index = W::read(index_limbs);
    let all = table.moves.all();
    let last = all.len() as u64 - 1;
    let mut state = 0u64;
    let mut previous_at = 0u64;
    for (p, slot) in out.iter_mut().enumerate() {
        let span = table.moves.span(state as u32);
        let first = span.start as u64;
        let own = span.len() as u64;
        let (mut to, mut letter, mut kind) = (0u64, 0u64, 0u64);
        let mut chosen_entry = W::ZERO;
        let mut found = 0u64; // all ones once a move is chosen
        for k in 0..walker.max_moves as u64 {
            let real = masks::below(k, own);
            let step = all[masks::select(last, first + k, real) as usize];
            let entry = W::read(table.entry(p + 1, step.to)) & W::widen(real);
            // `ways * entry` counts passwords: it fits the word.
            let block = entry.times(step.ways);
            // All ones when the index falls in this block and no earlier one was chosen.
            let here = !found & index.below(block);
            to = masks::select(to, u64::from(step.to), here);
            let start = u64::from(walker.letters.starts[step.letter as usize]);
            letter = masks::select(letter, start, here);
            kind = masks::select(kind, masks::kind_code(step.kind), here);
            chosen_entry = W::select(chosen_entry, entry, here);
            found |= here;
            // Past blocks are subtracted; nothing once the block is found.
            index = index - (block & W::widen(!found));
        }
        let q = small_quotient(&mut index, chosen_entry, table.quotient_bits);
        (*slot, previous_at) = walker
            .letters
            .character(letter, kind, q as u64, previous_at);
        state = to;
    }
    index.write(index_limbs);
}

/// [`unrank`] for counts from 2^64 to 2^128, in machine words: every move of the current state
/// is visited and the chosen one kept with arithmetic selects, and the quotient is taken by
/// shift-and-subtract steps, but neither the number of moves visited (the state's own) nor the
/// character's place in its letter is hidden, and nothing stops the optimiser from turning the
/// selects into branches: it is not constant time, and costs less than [`unrank_word`]'s
/// padding and passes over the alphabet would.
fn unrank_wide<W: Word>(table: &Table, index_limbs: &mut [u64], out: &mut [u8]) {
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

/// What the word-sized walks need beside the table.
pub(crate) struct Walker {
    /// The blocks, when the count is below 2^64 and they are small.
    pub(crate) blocks: Option<Blocks>,
    /// The most moves a state has: the moves [`unrank_word`] visits per position.
    max_moves: usize,
    letters: Letters,
}

impl Walker {
    pub(crate) fn of(table: &Table, len: usize) -> Walker {
        let letters = Letters::of(table.letters());
        Walker {
            blocks: Blocks::of(table, &letters, len),
            max_moves: max_moves(table),
            letters,
        }
    }

    /// The walker of `table` without blocks, so that the tests can compare the walks.
    #[cfg(test)]
    pub(crate) fn without_blocks(table: &Table) -> Walker {
        Walker {
            blocks: None,
            max_moves: max_moves(table),
            letters: Letters::of(table.letters()),
        }
    }

    pub(crate) fn bytes(&self) -> usize {
        self.blocks.as_ref().map_or(0, Blocks::bytes) + self.letters.bytes()
    }
}

/// The most moves any state of `table` has.
fn max_moves(table: &Table) -> usize {
    (0..table.states() as u32)
        .map(|state| table.moves.get(state).len())
        .max()
        .unwrap_or(0)
}

/// A move's block at one position, precomputed for counts below 2^64: where it starts among
/// the state's blocks, how many completions one of its characters has, and what its character
/// is.
#[derive(Clone, Copy, Debug)]
struct Block {
    /// The sum of the blocks before this one, at this position and state; `u64::MAX` (which no
    /// index reaches) for the empty blocks a row is padded with.
    start: u64,
    /// `table[p + 1][to]`: the completions after one character of the move.
    entry: u64,
    /// `ceil(2^64 / entry) - 1` (0 for an empty move): divides by `entry` with a multiplication.
    magic: u64,
    to: u32,
    /// Where the move's letter starts among the [`Letters`]' characters.
    letter: u32,
    /// [`masks::kind_code`] of the move's kind.
    kind: u32,
}

/// The blocks of every move at every position, for tables whose count is below 2^64 and which
/// are small: with them a position costs a comparison per move and one multiplication, where
/// the walk over the table multiplies each move's entry by its ways and divides by shifts.
/// Every state's row has the same length, the most moves a state has, padded with blocks no
/// index reaches, so that the walk visits as many blocks whatever the state.
pub(crate) struct Blocks {
    /// `all[(p * states + s) * width + m]` is move `m` (in the table's order) of state `s` at
    /// position `p`.
    all: Vec<Block>,
    states: usize,
    width: usize,
}

/// The largest [`Blocks`] built: 1 MiB.
const MAX_BLOCKS_BYTES: usize = 1 << 20;

/// The largest [`Blocks`] read whole before each walk: a common size of a core's first-level
/// data cache.
const PRELOADED_BYTES: usize = 32 << 10;

impl Blocks {
    /// The blocks of `table`, when its count is below 2^64 and they take at most 1 MiB.
    fn of(table: &Table, letters: &Letters, len: usize) -> Option<Blocks> {
        let states = table.states();
        let width = max_moves(table);
        let bytes = len
            .checked_mul(states)?
            .checked_mul(width)?
            .checked_mul(std::mem::size_of::<Block>())?;
        if table.total().limbs().len() > 1 || bytes > MAX_BLOCKS_BYTES {
            return None;
        }
        let mut all = Vec::with_capacity(len * states * width);
        for p in 0..len {
            for state in 0..states as u32 {
                let mut start = 0u64;
                let moves = table.moves(state);
                for step in moves {
                    // Entries are at most the count, below 2^64: one limb, or none for a row
                    // of zeros.
                    let entry = table.entry(p + 1, step.to).first().copied().unwrap_or(0);
                    all.push(Block {
                        start,
                        entry,
                        magic: magic(entry),
                        to: step.to,
                        letter: letters.starts[step.letter as usize],
                        kind: masks::kind_code(step.kind) as u32,
                    });
                    // Past the blocks the walk can reach, the sum may exceed a word; those
                    // starts are never reached by an index.
                    start = start.saturating_add(entry.saturating_mul(u64::from(step.ways)));
                }
                let padding = Block {
                    start: u64::MAX,
                    entry: 0,
                    magic: 0,
                    to: 0,
                    letter: 0,
                    kind: 0,
                };
                all.extend(std::iter::repeat_n(padding, width - moves.len()));
            }
        }
        Some(Blocks { all, states, width })
    }

    fn bytes(&self) -> usize {
        self.all.len() * std::mem::size_of::<Block>()
    }

    /// Whether [`unrank_blocks`] reads every block before it walks.
    pub(crate) fn preloaded(&self) -> bool {
        self.bytes() <= PRELOADED_BYTES
    }
}

/// [`unrank`] through the blocks, in a time that does not depend on the index. The move is the
/// last block of the state's row whose start the index reaches (zero-sized blocks share their
/// start with the next one, so it holds the index), kept with masks while every block of the
/// row is visited; the character within the move comes from a multiplication with the block's
/// reciprocal and one correction, and [`Letters::character`]. Which row it reads depends on the
/// password so far: when the blocks take at most 32 KiB, every block is read first, so that
/// the rows are in the first-level cache whichever the walk reads (larger blocks are not, and
/// their cache timing is not covered; see the runtime's security notes).
///
/// A specialised copy of the walk, like [`unrank_word`] (no early exit, machine words), with
/// the blocks' starts and reciprocals precomputed: the fastest walk for small tables below
/// 2^64 (`cargo bench -p secrets-rt --bench policy`; figures in BENCHMARKS.md).
fn unrank_blocks(blocks: &Blocks, letters: &Letters, index_limbs: &mut [u64], out: &mut [u8]) {
    if blocks.preloaded() {
        // Every block is read first, in order, so that the rows the walk then reads at
        // addresses the password decides are in the cache whichever they are.
        let sum = blocks
            .all
            .iter()
            .fold(0u64, |sum, block| sum.wrapping_add(block.start));
        std::hint::black_box(sum);
    }
    let mut index = index_limbs[0];
    let mut state = 0u64;
    let mut previous_at = 0u64;
    for (p, slot) in out.iter_mut().enumerate() {
        let first = (p * blocks.states + state as usize) * blocks.width;
        let row = &blocks.all[first..first + blocks.width];
        let mut chosen = row[0];
        for block in &row[1..] {
            let reached = !masks::below(index, block.start);
            chosen.start = masks::select(chosen.start, block.start, reached);
            chosen.entry = masks::select(chosen.entry, block.entry, reached);
            chosen.magic = masks::select(chosen.magic, block.magic, reached);
            let to_and_letter = |b: &Block| u64::from(b.to) | u64::from(b.letter) << 32;
            let picked = masks::select(to_and_letter(&chosen), to_and_letter(block), reached);
            chosen.to = picked as u32;
            chosen.letter = (picked >> 32) as u32;
            chosen.kind =
                masks::select(u64::from(chosen.kind), u64::from(block.kind), reached) as u32;
        }
        let local = index - chosen.start;
        let q = divide(local, chosen.entry, chosen.magic);
        index = local - q * chosen.entry;
        let (letter, kind) = (u64::from(chosen.letter), u64::from(chosen.kind));
        (*slot, previous_at) = letters.character(letter, kind, q, previous_at);
        state = u64::from(chosen.to);
    }
    index_limbs[0] = index;
}
