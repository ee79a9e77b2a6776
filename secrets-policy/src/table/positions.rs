//! Counting position by position: an automaton over the password's characters, and the table of
//! how many ways each of its states can be completed, which unranking walks.
//!
//! A state holds one counter per constraint and, with a run limit, the letter of the last
//! character and the length of the current run; with a sequence limit (`max_sequential`), also
//! the direction and length of the current run of a sequence. A counter only needs to tell apart the values
//! that can still matter: if the constraint's maximum is below `len`, values `0..=max` (a move
//! that would go above is not made, since counts never decrease); otherwise `0..=min`,
//! saturating at `min`.
//!
//! Characters that count toward the same constraints are interchangeable, so the automaton
//! reads *letters*: the atoms of the alphabet. A move reads one letter and stands for `ways`
//! characters. With a run limit `m`, a letter after a run of `k` characters of the same letter
//! splits in two moves: the same character again (one way, if `k < m`) and another character of
//! the letter (`size - 1` ways, a new run). With a sequence limit, whether a character continues
//! a sequence depends on the character itself, not only on its atom: the characters of `a-z`,
//! `A-Z` and `0-9` are then letters of their own.
//!
//! `table[p][s]` is the number of ways to write the characters `p..len` from state `s` so that
//! the password is allowed: 1 or 0 at `p = len` (whether `s` meets every minimum), and
//! `sum over moves of ways * table[p + 1][to]` before. The count is `table[0][start]`. Every
//! term is a count, never negative, so an index below `table[p][s]` falls in exactly one move:
//! [`crate::unrank`] walks these sums from the start to unrank an index into its password.
//!
//! The work is `len × moves` multiply-adds of numbers of `width` limbs, and the memory
//! `len × states × width` limbs; [`cost`] estimates both before anything is built.

use super::{row_widths, Automaton, Completions, Kind, Lists, Move, Rows, States};
use crate::nat::{mul_small_add, Nat};
use crate::problem::Problem;
use crate::sequence;

/// The automaton and its completion counts, for one policy.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub(crate) struct Table {
    /// The moves of each state; state 0 is the start.
    pub(crate) moves: Lists<Move>,
    /// Entries of row `p` are at most `alphabet^(len - p)` (and, once compacted, at most the
    /// count), so later rows are narrower and the table takes about half the memory of a
    /// uniform width.
    pub(crate) completions: Completions,
    /// Bits enough for any move's `ways - 1`: the quotient steps unranking takes.
    pub(crate) quotient_bits: u32,
}

impl Automaton for Table {
    fn completions(&self) -> &Completions {
        &self.completions
    }

    fn moves(&self, state: u32) -> &[Move] {
        self.moves.get(state)
    }
}

impl Table {
    /// The number of states.
    pub(crate) fn states(&self) -> usize {
        self.moves.len()
    }

    /// Narrows every row to at most the count's own width, the width of the index unranking
    /// walks. An entry the walk can reach is at most the count (each of its completions extends
    /// a prefix into a distinct password); one that is wider belongs to a state the walk never
    /// is in at that position, and is set to zero.
    ///
    /// The rows narrow in place: a parse never holds the table twice.
    pub(crate) fn compact(&mut self) {
        let words = self.completions.total.limbs().len().max(1);
        self.completions.rows.narrow(words);
    }

    /// Builds the automaton of a policy and fills its table.
    pub(crate) fn build(problem: &Problem<'_>) -> Table {
        Table::fill(problem, Rows::zeros)
    }

    /// The number of passwords of a policy: the automaton filled in two rows of memory
    /// ([`Rows::rolling`]), nothing kept.
    #[cfg(feature = "checks")]
    pub(crate) fn count(problem: &Problem<'_>) -> Nat {
        Table::fill(problem, Rows::rolling).completions.total
    }

    /// Builds the automaton of a policy and fills its table, in rows made by `rows`.
    fn fill(problem: &Problem<'_>, rows: fn(Vec<usize>, usize) -> Rows) -> Table {
        let letters = letters(problem);
        let len = problem.len;
        let automaton = Explored::build(&letters, problem);
        let alphabet = problem.membership.len();
        let moves = automaton.moves;
        let states = moves.len();
        // Row p holds counts of strings of len - p characters: at most alphabet^(len - p).
        let mut rows = rows(row_widths(alphabet, len), states);
        // table[len]: 1 for the states that meet every minimum.
        for (state, &accepting) in automaton.accepting.iter().enumerate() {
            rows.entry_mut(len, state)[0] = u64::from(accepting);
        }
        // table[p] from table[p + 1], for p = len - 1 down to 1.
        for p in (1..len).rev() {
            let (width, next_width) = (rows.width(p), rows.width(p + 1));
            let (row, next) = rows.row_and_next(p);
            row[..states * width].fill(0);
            for state in 0..states {
                let sum = &mut row[state * width..(state + 1) * width];
                for step in moves.get(state as u32) {
                    let to = step.to as usize * next_width;
                    mul_small_add(sum, &next[to..to + next_width], u64::from(step.ways));
                }
            }
        }
        let mut total = vec![0u64; row_widths(alphabet, len + 1)[0]];
        for step in moves.get(0) {
            mul_small_add(
                &mut total,
                rows.entry(1, step.to as usize),
                u64::from(step.ways),
            );
        }
        // 1 when there is no move at all.
        let mut most_ways = u32::from(moves.all().is_empty());
        for step in moves.all() {
            most_ways = most_ways.max(step.ways);
        }
        Table {
            quotient_bits: u32::BITS - (most_ways - 1).leading_zeros(),
            moves,
            completions: Completions {
                letters: letter_chars(letters),
                rows,
                total: Nat::from_limbs(total),
            },
        }
    }
}

/// The estimated cost of building the table: `(work, limbs)`, the work in limb operations and
/// the memory in limbs.
#[cfg(feature = "checks")]
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let len = problem.len;
    let counters = Counters::values(problem.bounds, len);
    let letters = letters(problem).len() as f64;
    // A state also holds the last letter and the runs it is in, when runs are limited.
    let runs = problem.run_limit().unwrap_or(1) as f64;
    let sequences = problem
        .sequence_limit()
        .map_or(1.0, |sequences| 2.0 * sequences.limit as f64 - 1.0);
    let tails = if problem.run_limit().is_some() || problem.sequence_limit().is_some() {
        1.0 + letters * runs * sequences
    } else {
        1.0
    };
    let moves = letters + f64::from(problem.run_limit().is_some());
    let states = counters * tails;
    // Each row: a multiply-add of an entry per move; an entry of row p has
    // (len - p) log2(alphabet) / 64 + 1 limbs.
    let limbs = super::row_limbs(problem.membership.len(), len);
    (states * moves * limbs, states * limbs)
}

/// The estimated cost of [`Table::count`]: `(work, limbs)`, the work as [`cost`]'s and the
/// memory of the states (their keys and moves) and two rows.
#[cfg(feature = "checks")]
pub(crate) fn count_cost(problem: &Problem<'_>) -> (f64, f64) {
    let (work, table) = cost(problem);
    let len = problem.len;
    let states = table / super::row_limbs(problem.membership.len(), len);
    let moves = letters(problem).len() as f64 + 1.0;
    let width = super::count_width(problem.membership.len(), len);
    // A state: its key twice (the map and the list), a move two limbs.
    (work, states * (2.0 * width + 2.0 * moves + 12.0))
}

/// A letter the automaton reads: characters that behave alike under every rule.
pub(crate) struct Letter {
    /// The constraints its characters count toward.
    pub(super) mask: u32,
    /// Its characters, as alphabet indices in order.
    pub(super) chars: Vec<u8>,
    /// Where its one character stands in the ranges of sequences, when sequences are limited
    /// and it stands in one.
    pub(super) place: Option<(u8, u8)>,
}

/// The characters of each letter, as the completions keep them: one loop for both tables, where
/// a `map` and `collect` in each was generic code of its own.
pub(super) fn letter_chars(letters: Vec<Letter>) -> Vec<Vec<u8>> {
    let mut chars = Vec::with_capacity(letters.len());
    for letter in letters {
        chars.push(letter.chars);
    }
    chars
}

/// The letters of a policy: its atoms, with the characters of sequences split off into letters of
/// their own when sequences are limited.
pub(super) fn letters(problem: &Problem<'_>) -> Vec<Letter> {
    let mut letters = Vec::new();
    for (atom, chars) in crate::problem::atoms_with_chars(problem.membership) {
        let Some(sequences) = problem.sequence_limit() else {
            letters.push(Letter {
                mask: atom.mask,
                chars,
                place: None,
            });
            continue;
        };
        let (in_sequences, others): (Vec<u8>, Vec<u8>) = chars
            .into_iter()
            .partition(|&i| sequence::place(sequences.chars[usize::from(i)]).is_some());
        for i in in_sequences {
            letters.push(Letter {
                mask: atom.mask,
                chars: vec![i],
                place: sequence::place(sequences.chars[usize::from(i)]),
            });
        }
        if !others.is_empty() {
            letters.push(Letter {
                mask: atom.mask,
                chars: others,
                place: None,
            });
        }
    }
    letters
}

/// The shape of the counter part of a state.
pub(crate) struct Counters {
    /// The largest value each counter takes.
    caps: Vec<usize>,
    /// Whether going above the cap means the constraint is broken (else it saturates).
    drops: Vec<bool>,
    /// Mixed-radix place values: code = sum of counter * stride.
    strides: Vec<usize>,
}

impl Counters {
    pub(crate) fn new(bounds: &[(usize, usize)], len: usize) -> Counters {
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

    /// How many counter codes there are for `bounds` (each counter takes `0..=cap`), as a
    /// float for the cost estimates: the counter part of the state space.
    #[cfg(feature = "checks")]
    pub(crate) fn values(bounds: &[(usize, usize)], len: usize) -> f64 {
        let mut values = 1.0;
        for &(min, max) in bounds {
            values *= if max < len { max + 1 } else { min + 1 } as f64;
        }
        values
    }

    /// The number of counter codes: every code is below it.
    #[cfg(feature = "checks")]
    pub(crate) fn codes(&self) -> usize {
        self.caps
            .iter()
            .fold(1usize, |codes, &cap| codes.saturating_mul(cap + 1))
    }

    fn value(&self, code: usize, j: usize) -> usize {
        code / self.strides[j] % (self.caps[j] + 1)
    }

    /// The code after a character of `mask`, or `None` if it breaks a maximum.
    pub(crate) fn step(&self, code: usize, mask: u32) -> Option<usize> {
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
    pub(crate) fn accepts(&self, code: usize, bounds: &[(usize, usize)]) -> bool {
        bounds
            .iter()
            .enumerate()
            .all(|(j, &(min, _))| self.value(code, j) >= min)
    }
}

/// The reachable states and their moves.
struct Explored {
    moves: Lists<Move>,
    accepting: Vec<bool>,
}

impl Explored {
    /// Explores the states reachable from the start, breadth first.
    fn build(letters: &[Letter], problem: &Problem<'_>) -> Explored {
        let counters = Counters::new(problem.bounds, problem.len);
        let limits = Limits::of(problem);
        let mut moves = Lists::new();
        let mut accepting = Vec::new();
        States::explore((0, Tail::START), |states, (code, tail)| {
            accepting.push(counters.accepts(code, problem.bounds));
            for (index, letter) in letters.iter().enumerate() {
                let Some(to_code) = counters.step(code, letter.mask) else {
                    continue;
                };
                for (next, ways, kind) in successors(tail, index, letters, limits)
                    .into_iter()
                    .flatten()
                {
                    moves.push(Move {
                        to: states.id((to_code, next)),
                        letter: index as u32,
                        ways: ways as u32,
                        kind,
                    });
                }
            }
            moves.end();
        });
        Explored { moves, accepting }
    }
}

/// What a state knows of the password's end, beyond the counters: the last letter (when runs or
/// sequences are limited), the length of its run of one repeated character (when runs are
/// limited), and the run of a sequence it ends (direction and length, when sequences are).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Tail {
    pub(super) last: Option<u32>,
    pub(super) run: usize,
    pub(super) sequence: (i8, usize),
}

impl Tail {
    /// Before the first character.
    pub(super) const START: Tail = Tail {
        last: None,
        run: 1,
        sequence: (0, 1),
    };

    /// Right after a character of `letter` that neither repeats the one before nor continues a
    /// sequence.
    pub(super) fn fresh(letter: usize) -> Tail {
        Tail {
            last: Some(letter as u32),
            run: 1,
            sequence: (0, 1),
        }
    }
}

/// The limits on runs that bind.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub(super) run: Option<usize>,
    pub(super) sequence: Option<usize>,
}

impl Limits {
    pub(super) fn of(problem: &Problem<'_>) -> Limits {
        Limits {
            run: problem.run_limit(),
            sequence: problem.sequence_limit().map(|sequences| sequences.limit),
        }
    }
}

/// The moves reading a character of letter `index` after `tail`: none when the character would
/// break a limit; the same character again and another one of the letter apart, when repeats
/// are limited and the letter is the last one; else one move, any character of the letter.
pub(super) fn successors(
    tail: Tail,
    index: usize,
    letters: &[Letter],
    limits: Limits,
) -> [Option<(Tail, usize, Kind)>; 2] {
    let letter = &letters[index];
    // The run of a sequence after this letter: only the letters of sequences step.
    let previous = tail.last.and_then(|last| letters[last as usize].place);
    let sequence = match limits.sequence {
        None => (0, 1),
        Some(limit) => {
            let run = sequence::extend(tail.sequence, sequence::step(previous, letter.place));
            if run.1 > limit {
                return [None, None];
            }
            run
        }
    };
    let next = |run: usize| Tail {
        last: (limits.run.is_some() || limits.sequence.is_some()).then_some(index as u32),
        run,
        sequence,
    };
    let size = letter.chars.len();
    match limits.run {
        Some(limit) if tail.last == Some(index as u32) => {
            // A letter of one character has nothing but the same character.
            let same_kind = if size == 1 { Kind::Any } else { Kind::Same };
            [
                (tail.run < limit).then(|| (next(tail.run + 1), 1, same_kind)),
                (size > 1).then(|| (next(1), size - 1, Kind::Other)),
            ]
        }
        // Repeats are free, or the last letter was another: any character of the letter.
        _ => [Some((next(1), size, Kind::Any)), None],
    }
}
