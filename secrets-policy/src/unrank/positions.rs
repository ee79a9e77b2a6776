//! Unranking through the position automaton: one character at a time.
//!
//! At position `p` in state `s`, the passwords that continue with a move are
//! `ways * table[p + 1][to]` of them, move after move, in a fixed order. The index falls in one
//! move's block: subtract the blocks before it, then `q = index / table[p + 1][to]` (below
//! `ways`) says which of the move's characters it is, and `index % table[p + 1][to]` goes on to
//! the next position.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use super::automaton;
use super::masks::{self, Letters};
use crate::nat::magic;
#[cfg(any(feature = "walk", not(feature = "checks")))]
use crate::nat::{divide, small_quotient, Word};
use crate::table::positions::Table;
use crate::table::{Automaton, Kind};

/// Writes the password with number `index` (below the table's total; used up) into `out`.
/// `term` is scratch space of the table's width. `preload: false` skips reading the blocks
/// first, for a caller that just did ([`Walker::preload`]).
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn unrank(
    table: &Table,
    walker: &Walker,
    index: &mut [u64],
    term: &mut [u64],
    out: &mut [u8],
    preload: bool,
) {
    if let Some(blocks) = &walker.blocks {
        return unrank_blocks(blocks, &walker.letters, index, out, preload);
    }
    match index.len() {
        1 => unrank_word::<u64>(table, walker, index, out),
        2 => unrank_wide::<u128>(table, index, out),
        _ => automaton::walk(table, index, term, out, true, |next, state, index, term| {
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
#[cfg(any(feature = "walk", not(feature = "checks")))]
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
#[cfg(any(feature = "walk", not(feature = "checks")))]
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
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
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

    /// Whether the walk reads every block before it walks.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn preloads(&self) -> bool {
        self.blocks.as_ref().is_some_and(Blocks::preloaded)
    }

    /// Reads every block once, then walks each of `indices` (below the count) into its `len`
    /// bytes of `out` (the blocks must be [`Walker::preloads`]): see
    /// `Sampler::unrank_group` for why the rows stay in the cache.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn preload_and_walk(&self, indices: &[u64], out: &mut [u8], len: usize) {
        let blocks = self
            .blocks
            .as_ref()
            .filter(|blocks| blocks.preloaded())
            .expect("preload_and_walk: blocks read whole");
        blocks.preload();
        // One walk after the other: walks side by side (which the processor would overlap)
        // were measured leaking, their loads at different rows competing where index 0's
        // share theirs. The index as the walk uses it up, wiped after the group.
        let mut index = 0u64;
        for (&chosen, out) in indices.iter().zip(out.chunks_exact_mut(len)) {
            index = chosen;
            walk_blocks(blocks, &self.letters, &mut index, out);
        }
        crate::nat::wipe(std::slice::from_mut(&mut index));
    }
}

/// The most moves any state of `table` has.
fn max_moves(table: &Table) -> usize {
    let mut most = 0;
    for state in 0..table.states() as u32 {
        most = most.max(table.moves.get(state).len());
    }
    most
}

/// One cell of the [`Blocks`], sixteen bytes aligned to them (four a cache line, none across
/// two): a row's head or one of its blocks.
///
/// A row is its state's head, then one block per move. The head holds the state's completions
/// at its position (`table[p][state]`, the divisor of the move that leads to it) and that
/// number's reciprocal; a block holds where the move's passwords start among the row's and
/// its [`Tail`]. So a position selects two words a block (the start and the tail), and
/// reads the divisor from the head of the row the chosen move leads to, which the next
/// position reads anyway.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(16))]
struct Cell {
    /// In a head: the completions. In a block: the sum of the blocks before this one, at this
    /// position and state; `u64::MAX` (which no index reaches) for the empty blocks a row is
    /// padded with.
    first: u64,
    /// In a head: `ceil(2^64 / completions) - 1` (0 for none), which divides by the
    /// completions with a multiplication. In a block: its [`Tail`], past the first block of a
    /// row stored as `tail ^ previous` (`previous` the tail of the block before): the walk keeps
    /// the last block the index reaches, and since the blocks it reaches are the first ones of
    /// the row, combining with `^` the differences of those it reaches (under their masks)
    /// gives that block's tail, in two operations a block where a select takes three.
    second: u64,
}

// Four cells a cache line, none across two: what [`Blocks::preload`] relies on.
const _: () = assert!(std::mem::size_of::<Cell>() == 16 && std::mem::align_of::<Cell>() == 16);

/// The cells in a cache line (of 64 bytes, the common size).
const CELLS_A_LINE: usize = 64 / std::mem::size_of::<Cell>();

/// What a block says besides its start, packed in a word: where the row of the state after the
/// move starts among the cells (bits 0 to 31), where the move's letter starts among the
/// [`Letters`]' characters (bits 32 to 39; fewer than 256 characters), the move's
/// [`masks::kind_code`] (bits 40 to 47) and the letter's [`Letters::offset`] (bits 48 to 55).
struct Tail;

impl Tail {
    fn pack(next: u32, letter: u32, kind: u64, offset: u8) -> u64 {
        debug_assert!(letter < 256 && kind < 256);
        u64::from(next) | u64::from(letter) << 32 | kind << 40 | u64::from(offset) << 48
    }

    #[cfg(any(feature = "walk", not(feature = "checks")))]
    fn next(tail: u64) -> u64 {
        tail & 0xFFFF_FFFF
    }

    #[cfg(any(feature = "walk", not(feature = "checks")))]
    fn letter(tail: u64) -> u64 {
        (tail >> 32) & 0xFF
    }

    #[cfg(any(feature = "walk", not(feature = "checks")))]
    fn kind(tail: u64) -> u64 {
        (tail >> 40) & 0xFF
    }

    #[cfg(any(feature = "walk", not(feature = "checks")))]
    fn offset(tail: u64) -> u8 {
        (tail >> 48) as u8
    }
}

/// The blocks of every move at every position, for tables whose count is below 2^64 and which
/// are small: with them a position costs a comparison per move and one multiplication, where
/// the walk over the table multiplies each move's entry by its ways and divides by shifts.
/// Only the rows the walk can be in are kept (the states a password can reach at each position
/// and still complete), each block naming the row after its move, and every row has the same
/// length, a head and the most moves a state has, padded with blocks no index reaches, so that
/// the walk visits as many blocks whatever the state. After the last position's rows comes the
/// end's row, whose head says one completion (the empty one) for the moves of the last position.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub(crate) struct Blocks {
    /// The rows one after the other, position by position, from cell `first`, where the walk
    /// starts; each row takes whole cache lines.
    all: Vec<Cell>,
    first: usize,
    /// The blocks a row has (the cells a row has, less its head).
    width: usize,
    /// Whether every letter's characters are consecutive alphabet indices, so that a
    /// character is its place plus its letter's offset ([`Letters::offset`]) rather than a
    /// pass over the alphabet.
    consecutive: bool,
    /// Whether some move is of kind `Same` or `Other` (a run limit): without, a character's
    /// place is its letter's start plus the quotient.
    runs: bool,
}

/// The largest [`Blocks`] built: 1 MiB.
const MAX_BLOCKS_BYTES: usize = 1 << 20;

/// The largest [`Blocks`] read whole before each walk (or group of walks): half of a common
/// first-level data cache (32 KiB, eight ways), so that a table takes at most half the ways of
/// each set and the walk's own stack, indices and output, a few hundred bytes, cannot push one
/// of its lines out between the read and the walk.
#[cfg(any(feature = "walk", not(feature = "checks")))]
const PRELOADED_BYTES: usize = 16 << 10;

impl Blocks {
    /// The blocks of `table`, when its count is below 2^64 and they take at most 1 MiB.
    fn of(table: &Table, letters: &Letters, len: usize) -> Option<Blocks> {
        let states = table.states();
        let width = max_moves(table);
        // A row takes whole cache lines, aligned (see `first` below): a walk then meets as many
        // lines at every position whichever row it is in.
        let stride = (width + 1).next_multiple_of(CELLS_A_LINE);
        // Every state at every position, and the end: a bound on the rows kept, checked before
        // any is made.
        let bytes = len
            .checked_mul(states)?
            .checked_add(1)?
            .checked_mul(stride)?
            .checked_mul(std::mem::size_of::<Cell>())?;
        if table.total().limbs().len() > 1 || bytes > MAX_BLOCKS_BYTES {
            return None;
        }
        // Entries are at most the count, below 2^64: one limb, or none for a row of zeros.
        let entry = |p: usize, to: u32| table.entry(p, to).first().copied().unwrap_or(0);
        // The rows of each position: the states reached from the start by moves that can be
        // completed, numbered in order of state; `row[p][state]` is the row's number.
        let mut row = vec![vec![u32::MAX; states]; len];
        let mut rows = 0u32;
        row[0][0] = 0;
        for p in 0..len {
            for state in 0..states {
                if row[p][state] == u32::MAX {
                    continue;
                }
                row[p][state] = rows;
                rows += 1;
                if p + 1 == len {
                    continue;
                }
                for step in table.moves(state as u32) {
                    if entry(p + 1, step.to) != 0 {
                        // Numbered when position p + 1 is reached; marked here.
                        row[p + 1][step.to as usize] = 0;
                    }
                }
            }
        }
        // The end's row comes after the others.
        let end = rows;
        let offsets = letters.offsets();
        let padding = Cell {
            first: u64::MAX,
            second: 0,
        };
        let head = |completions: u64| Cell {
            first: completions,
            second: magic(completions),
        };
        let mut all = Vec::with_capacity((rows as usize + 1) * stride + CELLS_A_LINE - 1);
        // Cells before the first row, so that every row starts a cache line: the buffer is
        // allocated once, at its final size, so its address does not change.
        let first = (CELLS_A_LINE
            - all.as_ptr() as usize / std::mem::size_of::<Cell>() % CELLS_A_LINE)
            % CELLS_A_LINE;
        all.extend(std::iter::repeat_n(padding, first));
        for p in 0..len {
            for state in 0..states {
                if row[p][state] == u32::MAX {
                    continue;
                }
                // The first position's row is the start's, whose completions are the count (no
                // move leads to it, so no walk divides by them).
                let completions = if p == 0 {
                    table.total().limbs().first().copied().unwrap_or(0)
                } else {
                    entry(p, state as u32)
                };
                all.push(head(completions));
                let mut start = 0u64;
                let mut previous_tail = 0u64;
                let moves = table.moves(state as u32);
                for step in moves {
                    let entry = entry(p + 1, step.to);
                    // The row after the move (the end's after the last position). A move that
                    // cannot be completed is never chosen, nor its row read: the end's stands in.
                    let next = row.get(p + 1).map_or(end, |next| next[step.to as usize]);
                    let next = if entry == 0 || next == u32::MAX {
                        end
                    } else {
                        next
                    };
                    let letter = step.letter as usize;
                    let tail = Tail::pack(
                        first as u32 + next * stride as u32,
                        letters.starts[letter],
                        masks::kind_code(step.kind),
                        offsets.as_ref().map_or(0, |offsets| offsets[letter]),
                    );
                    all.push(Cell {
                        first: start,
                        second: tail ^ previous_tail,
                    });
                    previous_tail = tail;
                    // Past the blocks the walk can reach, the sum may exceed a word; those
                    // starts are never reached by an index.
                    start = start.saturating_add(entry.saturating_mul(u64::from(step.ways)));
                }
                all.extend(std::iter::repeat_n(padding, stride - 1 - moves.len()));
            }
        }
        // The end: one completion, the empty one.
        all.push(head(1));
        all.extend(std::iter::repeat_n(padding, stride - 1));
        let runs = table.moves.all().iter().any(|step| step.kind != Kind::Any);
        Some(Blocks {
            all,
            first,
            width,
            consecutive: offsets.is_some(),
            runs,
        })
    }

    fn bytes(&self) -> usize {
        self.all.len() * std::mem::size_of::<Cell>()
    }

    /// Whether the walk reads every block before it walks ([`Blocks::preload`]).
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn preloaded(&self) -> bool {
        self.bytes() <= PRELOADED_BYTES
    }

    /// Reads every cache line of the blocks, in order, so that the rows a walk then reads at
    /// addresses the password decides are in the cache whichever they are. One word a line
    /// (cells are aligned to their size, a quarter of a line, so every fourth cell and the
    /// last one meet every line), summed so that no read can be left out.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn preload(&self) {
        const PER_LINE: usize = CELLS_A_LINE;
        // Four lines a step, in four sums, then the lines left.
        let steps = self.all.chunks_exact(4 * PER_LINE);
        let rest = steps.remainder();
        let sums = steps.fold([0u64; 4], |sums, lines| {
            std::array::from_fn(|i| sums[i].wrapping_add(lines[i * PER_LINE].first))
        });
        let sum = rest.iter().step_by(PER_LINE).fold(
            sums.iter().fold(0u64, |a, &b| a.wrapping_add(b)),
            |sum, cell| sum.wrapping_add(cell.first),
        );
        // The cells start part way through a line when the allocation does: the last cell
        // then may sit in a line of its own that the reads above skip.
        let last = self.all.last().map_or(0, |cell| cell.first);
        std::hint::black_box(sum.wrapping_add(last));
    }
}

/// [`unrank`] through the blocks, in a time that does not depend on the index. The move is the
/// last block of the row whose start the index reaches (zero-sized blocks share their start
/// with the next one, so it holds the index), kept with masks while every block of the row is
/// visited; the character within the move comes from a multiplication with the reciprocal in
/// the head of the row the move leads to and one correction, then its letter's offset added to
/// its place (or, when the letters' characters are not consecutive alphabet indices,
/// [`Letters::character`]'s pass over the alphabet). Which row it reads depends on the password
/// so far: when the blocks take at most 16 KiB, every block is read first (unless `preload` is
/// false: the caller has just read them, see [`Blocks::preload`]), so that the rows are in the
/// first-level cache whichever the walk reads (larger blocks are not, and their cache timing is
/// not covered; see the runtime's security notes).
///
/// A specialised copy of the walk, like [`unrank_word`] (no early exit, machine words), with
/// the blocks' starts and reciprocals precomputed: the fastest walk for small tables below
/// 2^64 (`cargo bench -p secrets-rt --bench policy`; figures in BENCHMARKS.md).
#[inline]
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn unrank_blocks(
    blocks: &Blocks,
    letters: &Letters,
    index_limbs: &mut [u64],
    out: &mut [u8],
    preload: bool,
) {
    if preload && blocks.preloaded() {
        blocks.preload();
    }
    walk_blocks(blocks, letters, &mut index_limbs[0], out);
}

/// The walk of [`unrank_blocks`] once the blocks are read: the password of `index` into
/// `out`, leaving in `index` what is left of it. Rows of 2 to 4 blocks (the usual widths) whose
/// characters are arithmetic get a copy of the walk whose visit of the row is unrolled.
#[inline]
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn walk_blocks(blocks: &Blocks, letters: &Letters, index: &mut u64, out: &mut [u8]) {
    // Without run limits and with consecutive letters (the classes `a-z`, `A-Z`, `0-9`), a
    // character is arithmetic on the quotient alone.
    let arithmetic = !blocks.runs && blocks.consecutive;
    match (blocks.width, arithmetic) {
        (2, true) => walk_width::<2>(blocks, letters, index, out),
        (3, true) => walk_width::<3>(blocks, letters, index, out),
        (4, true) => walk_width::<4>(blocks, letters, index, out),
        _ => walk_width::<0>(blocks, letters, index, out),
    }
}

/// [`walk_blocks`] for rows of `W` blocks whose characters are arithmetic on the quotient, or
/// (`W == 0`) for any rows: of `blocks.width` blocks, with run limits or letters that are not
/// consecutive.
#[allow(
    clippy::inline_always,
    reason = "inlined into each caller with its constant width, so that the row's visit unrolls"
)]
#[inline(always)]
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn walk_width<const W: usize>(blocks: &Blocks, letters: &Letters, index: &mut u64, out: &mut [u8]) {
    let width = if W == 0 { blocks.width } else { W };
    // A local copy, which the masks' optimisation barriers do not make the walk store and
    // load again at every position; `index` is written once at the end.
    let mut local = *index;
    let mut first = blocks.first;
    let mut previous_at = 0u64;
    // The characters are gathered in a register, eight at a time, and stored together: no
    // store to the output waits among the walk's table reads.
    for chunk in out.chunks_mut(8) {
        let mut gathered = 0u64;
        for _ in 0..chunk.len() {
            let (left, q, tail) = position(&blocks.all, first, width, local);
            local = left;
            first = Tail::next(tail) as usize;
            let character = if W != 0 {
                ((Tail::letter(tail) + q) as u8).wrapping_add(Tail::offset(tail))
            } else {
                let at = if blocks.runs {
                    Letters::place(Tail::letter(tail), Tail::kind(tail), q, previous_at)
                } else {
                    Tail::letter(tail) + q
                };
                previous_at = at;
                if blocks.consecutive {
                    (at as u8).wrapping_add(Tail::offset(tail))
                } else {
                    letters.at(at)
                }
            };
            // In at the top, the earlier ones moving down a byte.
            gathered = gathered >> 8 | u64::from(character) << 56;
        }
        let gathered = gathered >> (8 * (8 - chunk.len()));
        for (slot, byte) in chunk.iter_mut().zip(gathered.to_le_bytes()) {
            *slot = byte;
        }
    }
    *index = local;
}

/// One position of the walk, in the row starting at cell `first`: the block that `index` falls
/// in (the last whose start it reaches), found with masks while every block of the row is
/// read, so that within the row no address depends on the index; then the character's place in
/// the move, `q`, by a multiplication with the reciprocal in the head of the row the move leads
/// to, and one correction. Returns the index within the character's completions, `q` and the
/// block's [`Tail`]. The head's address depends on the move chosen, but it is the row the next
/// position reads (or, after the last, the end's row, the same for every move that can be
/// chosen): it says nothing the walk's next read does not.
#[allow(
    clippy::inline_always,
    reason = "inlined into the walks with their constant width, so that the row's visit unrolls"
)]
#[inline(always)]
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn position(all: &[Cell], first: usize, width: usize, index: u64) -> (u64, u64, u64) {
    let blocks = &all[first + 1..first + 1 + width];
    let Cell {
        first: mut start,
        second: mut tail,
    } = blocks[0];
    let mut previous = start;
    for block in &blocks[1..] {
        let reached = masks::at_least(index, block.first);
        // The starts grow along the row and the blocks reached are the first ones: adding the
        // steps of those reached gives the start of the last (the padding's start, which no
        // index reaches, wraps harmlessly when subtracted).
        start = start.wrapping_add(block.first.wrapping_sub(previous) & reached);
        previous = block.first;
        tail ^= block.second & reached;
    }
    let head = all[Tail::next(tail) as usize];
    let local = index - start;
    let q = divide(local, head.first, head.second);
    (local - q * head.first, q, tail)
}

#[cfg(all(test, any(feature = "walk", not(feature = "checks"))))]
mod tests {
    use super::*;
    use crate::problem::testing::{random_problem, Lcg};

    /// The blocks keep only the rows a walk can be in and find a character by arithmetic when
    /// the letters are consecutive alphabet indices: at every index, with the blocks read first
    /// or not, they must give the password of the walk over the table (itself checked against
    /// the allowed passwords by the bijection tests), with both ways of finding the character
    /// and with run limits (moves of every kind) among the cases.
    #[test]
    fn the_blocks_walk_as_the_table_does() {
        let mut rng = Lcg(29);
        let (mut consecutive, mut scattered, mut with_runs, mut fewer_rows) = (0, 0, 0, 0);
        for _ in 0..2000 {
            let owned = random_problem(&mut rng);
            let problem = owned.problem();
            if problem.sequence_limit().is_some() {
                continue;
            }
            let mut table = Table::build(&problem);
            table.compact();
            let Some(count) = table.total().to_u128().filter(|&count| count >= 2) else {
                continue;
            };
            let walker = Walker::of(&table, problem.len);
            let plain = Walker::without_blocks(&table);
            let blocks = walker
                .blocks
                .as_ref()
                .expect("small tables below 2^64 have blocks");
            for i in 0..count as u64 {
                let mut expected = vec![0; problem.len];
                unrank(&table, &plain, &mut [i], &mut [0], &mut expected, true);
                for preload in [true, false] {
                    let mut out = vec![0; problem.len];
                    unrank(&table, &walker, &mut [i], &mut [0], &mut out, preload);
                    assert_eq!(out, expected, "index {i} of {problem:?}");
                }
            }
            let stride = (blocks.width + 1).next_multiple_of(CELLS_A_LINE);
            let every_row = (problem.len * table.states() + 1) * stride;
            let rows = &blocks.all[blocks.first..];
            assert!(rows.len() <= every_row && rows.len().is_multiple_of(stride));
            // Every row starts a cache line.
            assert_eq!(rows.as_ptr() as usize % 64, 0);
            fewer_rows += usize::from(rows.len() < every_row);
            if blocks.consecutive {
                consecutive += 1;
            } else {
                scattered += 1;
            }
            with_runs += usize::from(problem.run_limit().is_some());
        }
        assert!(
            consecutive > 100 && scattered > 100 && with_runs > 50 && fewer_rows > 100,
            "{consecutive} {scattered} {with_runs} {fewer_rows}"
        );
    }

    #[test]
    fn letters_have_offsets_exactly_when_their_characters_are_consecutive() {
        let offsets = |letters: &[Vec<u8>]| Letters::of(letters).offsets();
        // Places 0..3, 3, 4..6 hold indices 5..8, 0, 9..11.
        assert_eq!(
            offsets(&[vec![5, 6, 7], vec![0], vec![9, 10]]),
            Some(vec![5, 0u8.wrapping_sub(3), 5])
        );
        assert_eq!(offsets(&[vec![5, 7]]), None);
        assert_eq!(offsets(&[vec![1, 2], vec![4, 3]]), None);
        let flat = Letters::of(&[vec![5, 6, 7], vec![0], vec![9, 10]]);
        let offsets = flat.offsets().unwrap();
        for (letter, &start) in flat.starts.iter().enumerate() {
            let end = flat
                .starts
                .get(letter + 1)
                .map_or(flat.chars.len() as u32, |&e| e);
            for at in start..end {
                let c = (at as u8).wrapping_add(offsets[letter]);
                assert_eq!(c, flat.at(u64::from(at)));
            }
        }
    }
}
