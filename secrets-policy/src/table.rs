//! The tables the walks read, and that count: automata over positions ([`positions`], and
//! [`sequences`] when the runs of sequences are limited), each a row of completion counts per
//! position.
//!
//! What they share lives here: the [`Automaton`] trait the walks are written against (the moves
//! out of a state, the entry of a state at a position, the letters), the one breadth-first
//! builder that numbers the reachable states ([`States::explore`]), the packed per-state lists
//! ([`Lists`]) and the row layout ([`Rows`]). A new automaton explores its states with
//! [`States::explore`], keeps its moves in [`Lists`] and its counts in [`Rows`], and implements
//! [`Automaton`]; the limb walk of `unrank` then walks it.

pub(crate) mod positions;
pub(crate) mod sequences;

use std::hash::Hash;

use crate::fast_hash::FastMap;
use crate::nat::Nat;

/// How one move's characters follow from the letter (see [`positions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any character of the letter.
    Any,
    /// The previous character again.
    Same,
    /// Any character of the letter except the previous one.
    Other,
}

impl Kind {
    /// The `q`-th character of a move of this kind on `letter` (its characters, in order),
    /// after `previous`. The previous character is looked for in the whole letter, without
    /// stopping where it is found.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn character(self, letter: &[u8], q: usize, previous: u8) -> u8 {
        match self {
            Kind::Any => letter[q],
            Kind::Same => previous,
            Kind::Other => {
                // The letter's characters but the previous one, in order.
                let skipped = letter
                    .iter()
                    .enumerate()
                    .fold(0, |at, (i, &c)| if c == previous { i } else { at });
                letter[q + usize::from(q >= skipped)]
            }
        }
    }
}

/// One move of an automaton.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Move {
    /// The state after the move.
    pub(crate) to: u32,
    /// The letter read (an index into the letters).
    pub(crate) letter: u32,
    /// How many characters the move stands for.
    pub(crate) ways: u32,
    pub(crate) kind: Kind,
}

/// What a walk reads from a position automaton and its table. State 0 is the start; the
/// count of passwords is [`Automaton::total`], and `table[p][s]` (for `p` in `1..=len`) the
/// completions of state `s` after `p` characters. An automaton gives its moves and its
/// [`Completions`]; the rest follows from them.
pub(crate) trait Automaton {
    /// The table and the letters.
    fn completions(&self) -> &Completions;

    /// The moves out of `state` (for an automaton with hubs, its direct moves: the walk tries
    /// them before the hubs).
    fn moves(&self, state: u32) -> &[Move];

    /// For each letter, its characters (alphabet indices), in alphabet order.
    fn letters(&self) -> &[Vec<u8>] {
        &self.completions().letters
    }

    /// `table[p][state]` for `p` in `1..=len`.
    fn entry(&self, p: usize, state: u32) -> &[u64] {
        self.completions().rows.entry(p, state as usize)
    }

    /// `table[0][start]`: the number of passwords.
    fn total(&self) -> &Nat {
        &self.completions().total
    }

    /// The limbs the table takes.
    fn limbs(&self) -> usize {
        self.completions().rows.limbs()
    }
}

/// An automaton's table: the completion counts of its states (and of anything else it sums,
/// such as hubs) position by position, the count at the start, and the letters its moves read.
pub(crate) struct Completions {
    /// For each letter, its characters (alphabet indices), in alphabet order.
    pub(crate) letters: Vec<Vec<u8>>,
    /// `table[p][s]` for `p` in `1..=len`, at entry `s` of row `p`; `table[0]` is only needed
    /// at the start, which is `total`.
    pub(crate) rows: Rows,
    /// `table[0][start]`: the number of passwords.
    pub(crate) total: Nat,
}

/// The states reachable from a start, numbered breadth first as they are found: the one
/// builder of the automata's state spaces.
pub(crate) struct States<K> {
    ids: FastMap<K, u32>,
    found: Vec<K>,
}

impl<K: Copy + Eq + Hash> States<K> {
    /// Explores from `start` (state 0): `visit` is called once on every state, in the order of
    /// their numbers, and numbers the states its moves lead to with [`States::id`].
    pub(crate) fn explore(start: K, mut visit: impl FnMut(&mut States<K>, K)) -> States<K> {
        let mut states = States {
            ids: FastMap::default(),
            found: Vec::new(),
        };
        states.id(start);
        let mut next = 0;
        while next < states.found.len() {
            let key = states.found[next];
            next += 1;
            visit(&mut states, key);
        }
        states
    }

    /// The number of the state `key`, numbering it (to be visited) if it is new.
    pub(crate) fn id(&mut self, key: K) -> u32 {
        let found = &mut self.found;
        *self.ids.entry(key).or_insert_with(|| {
            found.push(key);
            (found.len() - 1) as u32
        })
    }

    /// The number of the state `key`, if it was found.
    pub(crate) fn get(&self, key: &K) -> Option<u32> {
        self.ids.get(key).copied()
    }
}

/// Items of each state (or hub) in one vector: those of `i` are `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug)]
pub(crate) struct Lists<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T> Lists<T> {
    pub(crate) fn new() -> Lists<T> {
        Lists {
            offsets: vec![0],
            items: Vec::new(),
        }
    }

    /// Adds an item to the current list.
    pub(crate) fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Closes the current list.
    pub(crate) fn end(&mut self) {
        self.offsets.push(self.items.len() as u32);
    }

    /// The items of list `i`.
    pub(crate) fn get(&self, i: u32) -> &[T] {
        &self.items[self.span(i)]
    }

    /// Where the items of list `i` are among [`Lists::all`].
    pub(crate) fn span(&self, i: u32) -> std::ops::Range<usize> {
        let i = i as usize;
        self.offsets[i] as usize..self.offsets[i + 1] as usize
    }

    /// Every item, list after list.
    pub(crate) fn all(&self) -> &[T] {
        &self.items
    }

    /// The number of lists.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// Rows `1..=len` of entries in one vector: row `p` holds `per_row` entries of `widths[p - 1]`
/// limbs each (later rows count shorter completions, so they can be narrower).
pub(crate) struct Rows {
    widths: Vec<usize>,
    /// Where row `p` starts in `counts`, at `starts[p - 1]`.
    starts: Vec<usize>,
    counts: Vec<u64>,
}

impl Rows {
    /// Rows of zeros, of `widths[p - 1]` limbs an entry at row `p`.
    pub(crate) fn zeros(widths: Vec<usize>, per_row: usize) -> Rows {
        let mut starts = Vec::with_capacity(widths.len());
        let mut size = 0;
        for &width in &widths {
            starts.push(size);
            size += per_row * width;
        }
        Rows {
            widths,
            starts,
            counts: vec![0; size],
        }
    }

    /// Two rows of storage that rows `p` and `p + 1` take in turn, for a table filled from the
    /// last row to the first and read only at its start: a count, in the memory of two rows.
    /// Row `p` lives where row `p + 2` did, so a builder clears or overwrites each row it fills.
    #[cfg(feature = "checks")]
    pub(crate) fn rolling(widths: Vec<usize>, per_row: usize) -> Rows {
        // 1 when there is no row.
        let mut widest = usize::from(widths.is_empty());
        for &width in &widths {
            widest = widest.max(width);
        }
        let slot = per_row * widest;
        let mut starts = Vec::with_capacity(widths.len());
        for p in 1..=widths.len() {
            starts.push((p % 2) * slot);
        }
        Rows {
            widths,
            starts,
            counts: vec![0; 2 * slot],
        }
    }

    /// The number of rows.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn len(&self) -> usize {
        self.widths.len()
    }

    /// The limbs of an entry of row `p`.
    pub(crate) fn width(&self, p: usize) -> usize {
        self.widths[p - 1]
    }

    /// Entry `i` of row `p`.
    pub(crate) fn entry(&self, p: usize, i: usize) -> &[u64] {
        let width = self.widths[p - 1];
        let at = self.starts[p - 1] + i * width;
        &self.counts[at..at + width]
    }

    /// Entry `i` of row `p`, to fill.
    pub(crate) fn entry_mut(&mut self, p: usize, i: usize) -> &mut [u64] {
        let width = self.widths[p - 1];
        let at = self.starts[p - 1] + i * width;
        &mut self.counts[at..at + width]
    }

    /// Row `p` to fill, and row `p + 1` to read, each as its entries one after the other.
    pub(crate) fn row_and_next(&mut self, p: usize) -> (&mut [u64], &[u64]) {
        let (row, next) = (self.starts[p - 1], self.starts[p]);
        if row < next {
            let (before, after) = self.counts.split_at_mut(next);
            (&mut before[row..], after)
        } else {
            // Rolling rows: row `p` is stored after row `p + 1`.
            let (before, after) = self.counts.split_at_mut(row);
            (after, &before[next..])
        }
    }

    /// Narrows every entry to at most `words` limbs, in place; an entry that does not fit is
    /// set to zero (see [`positions::Table::compact`]).
    ///
    /// Entries move towards the front, each to where it starts no later than before (every
    /// entry before it is as wide or narrower), so copying them in order never overwrites one
    /// not yet moved.
    pub(crate) fn narrow(&mut self, words: usize) {
        // Every row holds the same number of entries.
        let per_row = self.counts.len() / self.widths.iter().sum::<usize>().max(1);
        let mut to = 0;
        for p in 1..=self.widths.len() {
            let (from, width) = (self.starts[p - 1], self.widths[p - 1]);
            let narrow = width.min(words);
            self.starts[p - 1] = to;
            self.widths[p - 1] = narrow;
            for entry in 0..per_row {
                let at = from + entry * width;
                if self.counts[at + narrow..at + width]
                    .iter()
                    .all(|&limb| limb == 0)
                {
                    self.counts.copy_within(at..at + narrow, to);
                } else {
                    self.counts[to..to + narrow].fill(0);
                }
                to += narrow;
            }
        }
        // Giving the memory back may copy the rows (an allocator need not shrink in place):
        // worth it only when they take at most half of it, so that even then the old and the
        // new rows together stay within one and a half tables.
        let shrink = 2 * to <= self.counts.len();
        self.counts.truncate(to);
        if shrink {
            self.counts.shrink_to_fit();
        }
    }

    /// The limbs of every row.
    pub(crate) fn limbs(&self) -> usize {
        self.counts.len()
    }
}

/// The limbs of each row `p` in `1..=len` (at `p - 1`): enough for `alphabet^(len - p)`.
pub(crate) fn row_widths(alphabet: usize, len: usize) -> Vec<usize> {
    let mut widths = vec![0; len];
    let mut power = Nat::one();
    for p in (1..=len).rev() {
        widths[p - 1] = power.limbs().len().max(1);
        power.mul_small(alphabet as u64);
    }
    widths
}

/// The limbs of a count of strings of `len` characters over `alphabet`: at most
/// `alphabet^len`, whose bits are below `len * log2(alphabet) + 1`.
#[cfg(feature = "checks")]
pub(crate) fn count_width(alphabet: usize, len: usize) -> f64 {
    (len as f64 * (alphabet as f64).log2() / 64.0).floor() + 1.0
}

/// The limbs of one entry in each row of a position table, summed: row `p` holds counts of
/// strings of `len - p` characters.
#[cfg(feature = "checks")]
pub(crate) fn row_limbs(alphabet: usize, len: usize) -> f64 {
    let mut limbs = 0.0;
    for rest in 0..len {
        limbs += count_width(alphabet, rest);
    }
    limbs
}

#[cfg(test)]
mod tests {
    use super::Rows;

    /// Narrowing in place keeps every entry that fits, zeroes those that do not, and leaves
    /// the rows where a fresh table of the narrow widths would have them.
    #[test]
    fn rows_narrow_in_place() {
        let widths = vec![3, 2, 2, 1];
        let mut rows = Rows::zeros(widths.clone(), 3);
        for p in 1..=widths.len() {
            for i in 0..3 {
                let entry = rows.entry_mut(p, i);
                entry[0] = (10 * p + i) as u64;
                // The second entry of each row is too wide for one limb.
                if i == 1 && entry.len() > 1 {
                    entry[1] = 7;
                }
            }
        }
        rows.narrow(1);
        let fresh = Rows::zeros(vec![1; widths.len()], 3);
        assert_eq!(rows.limbs(), fresh.limbs());
        for p in 1..=widths.len() {
            assert_eq!(rows.width(p), 1);
            for i in 0..3 {
                let kept = i != 1 || widths[p - 1] == 1;
                let expected = if kept { (10 * p + i) as u64 } else { 0 };
                assert_eq!(rows.entry(p, i), [expected], "row {p}, entry {i}");
            }
        }
    }
}
