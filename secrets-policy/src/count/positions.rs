//! Counting position by position: an automaton over the password's characters, and the table of
//! how many ways each of its states can be completed, which unranking walks.
//!
//! A state holds one counter per constraint and, with a run limit, the letter of the last
//! character and the length of the current run. A counter only needs to tell apart the values
//! that can still matter: if the constraint's maximum is below `len`, values `0..=max` (a move
//! that would go above is not made, since counts never decrease); otherwise `0..=min`,
//! saturating at `min`.
//!
//! Characters that count toward the same constraints are interchangeable, so the automaton
//! reads *letters*: the atoms of the alphabet. A move reads one letter and stands for `ways`
//! characters. With a run limit `m`, a letter after a run of `k` characters of the same letter
//! splits in two moves: the same character again (one way, if `k < m`) and another character of
//! the letter (`size - 1` ways, a new run).
//!
//! `table[p][s]` is the number of ways to write the characters `p..len` from state `s` so that
//! the password is allowed: 1 or 0 at `p = len` (whether `s` meets every minimum), and
//! `sum over moves of ways * table[p + 1][to]` before. The count is `table[0][start]`. Every
//! term is a count, never negative, so an index below `table[p][s]` falls in exactly one move:
//! [`crate::unrank`] walks these sums from the start to unrank an index into its password.
//!
//! The work is `len × moves` multiply-adds of numbers of `width` limbs, and the memory
//! `len × states × width` limbs; [`cost`] estimates both before anything is built.

use std::collections::HashMap;

use super::Atom;
use crate::nat::Nat;

/// How one move's characters follow from the letter (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Any character of the letter.
    Any,
    /// The previous character again.
    Same,
    /// Any character of the letter except the previous one.
    Other,
}

/// One move of the automaton.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Move {
    /// The state after the move.
    pub(crate) to: u32,
    /// The letter read (an index into the atoms).
    pub(crate) letter: u32,
    /// How many characters the move stands for.
    pub(crate) ways: u32,
    pub(crate) kind: Kind,
}

/// The automaton and its completion counts, for one policy.
pub(crate) struct Table {
    /// For each letter, its characters (alphabet indices), in alphabet order.
    pub(crate) letters: Vec<Vec<u8>>,
    /// The moves of state `s` are `moves[offsets[s]..offsets[s + 1]]`; state 0 is the start.
    pub(crate) offsets: Vec<u32>,
    pub(crate) moves: Vec<Move>,
    /// The limbs of each entry of row `p`, at `widths[p - 1]` for `p` in `1..=len`: entries of
    /// row `p` are at most `alphabet^(len - p)` (and, once compacted, at most the count), so
    /// later rows are narrower and the table takes about half the memory of a uniform width.
    pub(crate) widths: Vec<usize>,
    /// Where row `p` starts in `counts`, at `starts[p - 1]`.
    starts: Vec<usize>,
    /// `counts[starts[p - 1] + s * widths[p - 1]..][..widths[p - 1]]` is `table[p][s]` for `p`
    /// in `1..=len`; `table[0]` is only needed at the start, which is `total`.
    pub(crate) counts: Vec<u64>,
    /// `table[0][start]`: the number of passwords.
    pub(crate) total: Nat,
    /// Bits enough for any move's `ways - 1`: the quotient steps unranking takes.
    pub(crate) quotient_bits: u32,
}

impl Table {
    /// The number of states.
    pub(crate) fn states(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The moves out of `state`.
    pub(crate) fn moves(&self, state: u32) -> &[Move] {
        let state = state as usize;
        &self.moves[self.offsets[state] as usize..self.offsets[state + 1] as usize]
    }

    /// `table[p][state]` for `p` in `1..=len`, as `widths[p - 1]` limbs.
    pub(crate) fn entry(&self, p: usize, state: u32) -> &[u64] {
        let width = self.widths[p - 1];
        let at = self.starts[p - 1] + state as usize * width;
        &self.counts[at..at + width]
    }

    /// Narrows every row to at most the count's own width, the width of the index unranking
    /// walks. An entry the walk can reach is at most the count (each of its completions extends
    /// a prefix into a distinct password); one that is wider belongs to a state the walk never
    /// is in at that position, and is set to zero.
    pub(crate) fn compact(&mut self) {
        let words = self.total.limbs().len().max(1);
        let states = self.states();
        let mut counts = Vec::with_capacity(self.counts.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut widths = Vec::with_capacity(self.widths.len());
        for p in 1..=self.widths.len() {
            let width = self.widths[p - 1].min(words);
            starts.push(counts.len());
            widths.push(width);
            for state in 0..states {
                let entry = self.entry(p, state as u32);
                if entry[width..].iter().all(|&limb| limb == 0) {
                    counts.extend_from_slice(&entry[..width]);
                } else {
                    counts.extend(std::iter::repeat_n(0, width));
                }
            }
        }
        self.counts = counts;
        self.starts = starts;
        self.widths = widths;
    }

    /// Builds the automaton of a policy and fills its table.
    pub(crate) fn build(
        atoms: &[Atom],
        letters: Vec<Vec<u8>>,
        bounds: &[(usize, usize)],
        len: usize,
        run_limit: Option<usize>,
    ) -> Table {
        let automaton = Automaton::build(atoms, bounds, len, run_limit);
        let alphabet: usize = atoms.iter().map(|atom| atom.size).sum();
        let states = automaton.offsets.len() - 1;
        // Row p holds counts of strings of len - p characters: at most alphabet^(len - p).
        let widths = row_widths(alphabet, len);
        let mut starts = Vec::with_capacity(len);
        let mut size = 0;
        for &width in &widths {
            starts.push(size);
            size += states * width;
        }
        let mut counts = vec![0u64; size];
        // table[len]: 1 for the states that meet every minimum.
        let last = starts[len - 1];
        for (state, &accepting) in automaton.accepting.iter().enumerate() {
            counts[last + state * widths[len - 1]] = u64::from(accepting);
        }
        // table[p] from table[p + 1], for p = len - 1 down to 1.
        for p in (1..len).rev() {
            let (width, next_width) = (widths[p - 1], widths[p]);
            let (before, after) = counts.split_at_mut(starts[p]);
            let row = &mut before[starts[p - 1]..];
            for state in 0..states {
                let sum = &mut row[state * width..(state + 1) * width];
                for step in automaton.moves(state) {
                    let to = step.to as usize * next_width;
                    mul_small_add(sum, &after[to..to + next_width], u64::from(step.ways));
                }
            }
        }
        let mut total = vec![0u64; row_widths(alphabet, len + 1)[0]];
        for step in automaton.moves(0) {
            let to = step.to as usize * widths[0];
            mul_small_add(
                &mut total,
                &counts[to..to + widths[0]],
                u64::from(step.ways),
            );
        }
        let most_ways = automaton
            .moves
            .iter()
            .map(|step| step.ways)
            .max()
            .unwrap_or(1);
        Table {
            quotient_bits: u32::BITS - (most_ways - 1).leading_zeros(),
            letters,
            offsets: automaton.offsets,
            moves: automaton.moves,
            widths,
            starts,
            counts,
            total: Nat::from_limbs(total),
        }
    }
}

/// The limbs of each row `p` in `1..=len` (at `p - 1`): enough for `alphabet^(len - p)`.
fn row_widths(alphabet: usize, len: usize) -> Vec<usize> {
    let mut widths = vec![0; len];
    let mut power = Nat::one();
    for p in (1..=len).rev() {
        widths[p - 1] = power.limbs().len().max(1);
        power.mul_small(alphabet as u64);
    }
    widths
}

/// `sum += value * factor`, where the result is known to fit in `sum`'s limbs (a count, at
/// most `alphabet^(len - p)`); `value` may have fewer limbs than `sum`.
fn mul_small_add(sum: &mut [u64], value: &[u64], factor: u64) {
    let mut carry = 0u64;
    for (i, s) in sum.iter_mut().enumerate() {
        let v = value.get(i).copied().unwrap_or(0);
        if i >= value.len() && carry == 0 {
            break;
        }
        // v * factor + s + carry < 2^128.
        let t = u128::from(v) * u128::from(factor) + u128::from(*s) + u128::from(carry);
        *s = t as u64;
        carry = (t >> 64) as u64;
    }
    debug_assert_eq!(carry, 0, "a count outgrew its table width");
}

/// The estimated cost of building the table: `(work, limbs)`, the work in steps (multiply-adds
/// of one table entry) and the memory in limbs.
pub(crate) fn cost(
    atoms: &[Atom],
    bounds: &[(usize, usize)],
    len: usize,
    run_limit: Option<usize>,
) -> (f64, f64) {
    let counters: f64 = bounds
        .iter()
        .map(|&(min, max)| if max < len { max + 1 } else { min + 1 } as f64)
        .product();
    let letters = atoms.len() as f64;
    // With a run limit, a state also holds the last letter and the run length.
    let (tails, moves) = match run_limit {
        Some(limit) => (1.0 + letters * limit as f64, letters + 1.0),
        None => (1.0, letters),
    };
    let states = counters * tails;
    let alphabet: usize = atoms.iter().map(|atom| atom.size).sum();
    // Row p has about (len - p) log2(alphabet) / 64 + 1 limbs an entry.
    let bits = (alphabet as f64).log2();
    let limbs: f64 = (0..len)
        .map(|k| (k as f64 * bits / 64.0).floor() + 1.0)
        .sum();
    (len as f64 * states * moves, states * limbs)
}

/// The shape of the counter part of a state.
struct Counters {
    /// The largest value each counter takes.
    caps: Vec<usize>,
    /// Whether going above the cap means the constraint is broken (else it saturates).
    drops: Vec<bool>,
    /// Mixed-radix place values: code = sum of counter * stride.
    strides: Vec<usize>,
}

impl Counters {
    fn new(bounds: &[(usize, usize)], len: usize) -> Counters {
        let mut caps = Vec::with_capacity(bounds.len());
        let mut drops = Vec::with_capacity(bounds.len());
        let mut strides = Vec::with_capacity(bounds.len());
        let mut place = 1usize;
        for &(min, max) in bounds {
            let drop = max < len;
            let cap = if drop { max } else { min };
            caps.push(cap);
            drops.push(drop);
            strides.push(place);
            place = place.saturating_mul(cap + 1);
        }
        Counters {
            caps,
            drops,
            strides,
        }
    }

    fn value(&self, code: usize, j: usize) -> usize {
        code / self.strides[j] % (self.caps[j] + 1)
    }

    /// The code after a character of `mask`, or `None` if it breaks a maximum.
    fn step(&self, code: usize, mask: u32) -> Option<usize> {
        let mut next = code;
        for j in 0..self.caps.len() {
            if mask >> j & 1 == 0 {
                continue;
            }
            let value = self.value(code, j);
            if value < self.caps[j] {
                next += self.strides[j];
            } else if self.drops[j] {
                return None;
            }
        }
        Some(next)
    }

    /// Whether every counter of `code` has reached its minimum.
    fn accepts(&self, code: usize, bounds: &[(usize, usize)]) -> bool {
        bounds
            .iter()
            .enumerate()
            .all(|(j, &(min, _))| self.value(code, j) >= min)
    }
}

/// The reachable states and their moves.
struct Automaton {
    offsets: Vec<u32>,
    moves: Vec<Move>,
    accepting: Vec<bool>,
}

impl Automaton {
    fn moves(&self, state: usize) -> &[Move] {
        &self.moves[self.offsets[state] as usize..self.offsets[state + 1] as usize]
    }

    /// Explores the states reachable from the start, breadth first, numbering them as found.
    fn build(
        atoms: &[Atom],
        bounds: &[(usize, usize)],
        len: usize,
        run_limit: Option<usize>,
    ) -> Automaton {
        let counters = Counters::new(bounds, len);
        // A state: (counter code, tail), where the tail is 0 at the start or without a run
        // limit, else 1 + letter * limit + (run - 1).
        let mut ids: HashMap<(usize, usize), u32> = HashMap::from([((0, 0), 0)]);
        let mut found: Vec<(usize, usize)> = vec![(0, 0)];
        let mut offsets = vec![0u32];
        let mut moves = Vec::new();
        let mut accepting = Vec::new();
        let mut next_state = 0;
        while next_state < found.len() {
            let (code, tail) = found[next_state];
            next_state += 1;
            accepting.push(counters.accepts(code, bounds));
            let last = run_limit
                .filter(|_| tail > 0)
                .map(|limit| ((tail - 1) / limit, (tail - 1) % limit + 1));
            for (letter, atom) in atoms.iter().enumerate() {
                let Some(to_code) = counters.step(code, atom.mask) else {
                    continue;
                };
                let mut add = |tail: usize, ways: usize, kind: Kind| {
                    let id = *ids.entry((to_code, tail)).or_insert_with(|| {
                        found.push((to_code, tail));
                        (found.len() - 1) as u32
                    });
                    moves.push(Move {
                        to: id,
                        letter: letter as u32,
                        ways: ways as u32,
                        kind,
                    });
                };
                match (run_limit, last) {
                    (None, _) => add(0, atom.size, Kind::Any),
                    (Some(limit), Some((previous, run))) if previous == letter => {
                        if run < limit {
                            add(1 + letter * limit + run, 1, Kind::Same);
                        }
                        if atom.size > 1 {
                            add(1 + letter * limit, atom.size - 1, Kind::Other);
                        }
                    }
                    (Some(limit), _) => add(1 + letter * limit, atom.size, Kind::Any),
                }
            }
            offsets.push(moves.len() as u32);
        }
        Automaton {
            offsets,
            moves,
            accepting,
        }
    }
}

/// The number of passwords, by the table (for counting alone, where it is the cheaper method).
pub(super) fn count(
    atoms: &[Atom],
    bounds: &[(usize, usize)],
    len: usize,
    run_limit: Option<usize>,
) -> Nat {
    Table::build(atoms, Vec::new(), bounds, len, run_limit).total
}
