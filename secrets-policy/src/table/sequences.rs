//! Counting position by position when the runs of sequences are limited (`max_sequential`).
//!
//! Whether a character continues a sequence depends on the character itself, so every character
//! of `a-z`, `A-Z` and `0-9` is a letter of its own, and a state must know the last one: with
//! the direct automaton of [`super::positions`], a state would have a move per letter, some 60,
//! and the table would cost `len × states × 60` steps, too many for ordinary policies
//! (`len = 16` with three required classes and `max_sequential = 2`).
//!
//! But from a state whose last character is `c`, only a few letters behave in a way of their
//! own: `c` itself (a repeat) and its neighbours `c - 1` and `c + 1` (a step of a sequence).
//! Every other letter `x` leads to the same kind of state whatever came before: counters moved
//! by `x`'s atom, `x` last, no run. So the completions through those letters are
//!
//! ```text
//! hub[p][k'][a] = sum over letters x of atom a of size_x * table[p][(k', fresh x)]
//! ```
//!
//! minus the state's own special letters; the hub is computed once per row, counter state and
//! atom, and shared by every state. A state has its *direct* moves (its special letters, with the
//! limits applied), its *hubs* (one per atom it may continue with) and its *exclusions* (the
//! special letters' plain terms, which its hubs must leave out):
//!
//! ```text
//! table[p][s] = sum of direct moves' ways * table[p + 1][to]
//!             + sum of hubs' hub[p + 1][h] - sum of exclusions' size_y * table[p + 1][fresh y].
//! ```
//!
//! Each hub minus its exclusions is the sum of non-negative terms over the other letters of the
//! atom, so unranking walks it as it walks a move: the direct moves first, then each hub's block,
//! then inside it each letter that is not excluded.

use crate::fast_hash::FastMap;

use super::positions::{letter_chars, letters, successors, Counters, Letter, Limits, Tail};
use super::{row_widths, Automaton, Completions, Lists, Move, Rows, States};
use crate::nat::{self, mul_small_add, Nat};
use crate::problem::{self, Problem};

/// A letter of a hub, and the state after it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Member {
    pub(crate) letter: u32,
    pub(crate) state: u32,
}

/// A special letter of a state, left out of one of its hubs.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Exclusion {
    pub(crate) hub: u32,
    pub(crate) letter: u32,
    /// The state the letter's plain move would lead to.
    pub(crate) state: u32,
    pub(crate) ways: u32,
}

/// The automaton with hubs and its completion counts.
pub(crate) struct Table {
    /// Per state.
    pub(crate) direct: Lists<Move>,
    pub(crate) hubs: Lists<u32>,
    pub(crate) exclusions: Lists<Exclusion>,
    /// Per hub: its letters, each with the state after it.
    pub(crate) members: Lists<Member>,
    /// Rows `1..=len`: the states' counts, then the hubs' (hub `h` is entry `states + h`).
    completions: Completions,
}

impl Automaton for Table {
    fn completions(&self) -> &Completions {
        &self.completions
    }

    fn moves(&self, state: u32) -> &[Move] {
        self.direct.get(state)
    }
}

impl Table {
    /// `hub[p][hub]`, for `p` in `1..=len`.
    pub(crate) fn hub(&self, p: usize, hub: u32) -> &[u64] {
        self.completions
            .rows
            .entry(p, self.direct.len() + hub as usize)
    }

    /// The widest entry, in limbs.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(crate) fn width(&self) -> usize {
        if self.completions.rows.len() == 0 {
            1
        } else {
            self.completions.rows.width(1)
        }
    }

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
        let states = automaton.direct.len();
        let hubs = automaton.members.len();
        // Hub entries at row p are sums over a letter and a completion from p: they can be as
        // large as a count from p - 1, so rows take the width one position earlier.
        let widths: Vec<usize> = row_widths(problem.membership.len(), len + 1)[..len].to_vec();
        let mut table = Table {
            direct: automaton.direct,
            hubs: automaton.hubs,
            exclusions: automaton.exclusions,
            members: automaton.members,
            completions: Completions {
                letters: Vec::new(),
                rows: rows(widths, states + hubs),
                total: Nat::zero(),
            },
        };
        for (state, &accepting) in automaton.accepting.iter().enumerate() {
            table.completions.rows.entry_mut(len, state)[0] = u64::from(accepting);
        }
        table.fill_hubs(&letters, len);
        let mut sum = Vec::new();
        for p in (1..len).rev() {
            let width = table.completions.rows.width(p);
            for state in 0..states as u32 {
                table.sum_at(p + 1, state, &letters, &mut sum, width);
                table
                    .completions
                    .rows
                    .entry_mut(p, state as usize)
                    .copy_from_slice(&sum[..width]);
            }
            table.fill_hubs(&letters, p);
        }
        let width = row_widths(problem.membership.len(), len + 1)[0];
        table.sum_at(1, 0, &letters, &mut sum, width);
        sum.truncate(width);
        table.completions.total = Nat::from_limbs(sum);
        table.completions.letters = letter_chars(letters);
        table
    }

    /// `hub[p]` from `table[p]`.
    fn fill_hubs(&mut self, letters: &[Letter], p: usize) {
        let width = self.completions.rows.width(p);
        let states = self.direct.len();
        for hub in 0..self.members.len() as u32 {
            let mut sum = vec![0u64; width];
            for member in self.members.get(hub) {
                let size = letters[member.letter as usize].chars.len() as u64;
                mul_small_add(&mut sum, self.entry(p, member.state), size);
            }
            self.completions
                .rows
                .entry_mut(p, states + hub as usize)
                .copy_from_slice(&sum);
        }
    }

    /// The completions of `state` one position before row `next`, into `sum[..width]` (the rest
    /// of `sum` is working space).
    fn sum_at(
        &self,
        next: usize,
        state: u32,
        letters: &[Letter],
        sum: &mut Vec<u64>,
        width: usize,
    ) {
        sum.clear();
        sum.resize(2 * width, 0);
        let (sum, term) = sum.split_at_mut(width);
        for step in self.direct.get(state) {
            mul_small_add(sum, self.entry(next, step.to), u64::from(step.ways));
        }
        for &hub in self.hubs.get(state) {
            mul_small_add(sum, self.hub(next, hub), 1);
        }
        for exclusion in self.exclusions.get(state) {
            let size = letters[exclusion.letter as usize].chars.len() as u64;
            term.fill(0);
            mul_small_add(term, self.entry(next, exclusion.state), size);
            nat::sub_limbs(sum, term);
        }
    }
}

/// The states, their direct moves, hubs and exclusions, and the hubs' members.
struct Explored {
    direct: Lists<Move>,
    hubs: Lists<u32>,
    exclusions: Lists<Exclusion>,
    members: Lists<Member>,
    accepting: Vec<bool>,
}

impl Explored {
    fn build(letters: &[Letter], problem: &Problem<'_>) -> Explored {
        let counters = Counters::new(problem.bounds, problem.len);
        let limits = Limits::of(problem);
        // The atoms (letters with the same mask), in order, and each letter's atom.
        let mut masks: Vec<u32> = Vec::new();
        let mut atoms: Vec<Vec<usize>> = Vec::new();
        let mut atom_of_letter: Vec<usize> = Vec::with_capacity(letters.len());
        for (index, letter) in letters.iter().enumerate() {
            let atom = problem::mask_index(&mut masks, letter.mask);
            if atom == atoms.len() {
                atoms.push(Vec::new());
            }
            atoms[atom].push(index);
            atom_of_letter.push(atom);
        }
        let mut by_place = Places([None; PLACES]);
        for (index, letter) in letters.iter().enumerate() {
            if let Some(place) = letter.place {
                by_place.0[Places::slot(place)] = Some(index);
            }
        }

        let mut hub_ids: FastMap<(usize, usize), u32> = FastMap::default();
        let mut hub_keys: Vec<(usize, usize)> = Vec::new();
        let mut direct = Lists::new();
        let mut hubs = Lists::new();
        // Per state, its special letters and hubs, to turn into exclusions once every state
        // is known.
        let mut specials_of: Vec<Vec<(usize, u32)>> = Vec::new();
        let mut accepting = Vec::new();
        let states = States::explore((0, Tail::START), |states, (code, tail)| {
            accepting.push(counters.accepts(code, problem.bounds));
            let mut state_specials = Vec::new();
            for index in specials(tail, letters, &by_place) {
                let Some(to_code) = counters.step(code, letters[index].mask) else {
                    continue;
                };
                for (after, ways, kind) in successors(tail, index, letters, limits)
                    .into_iter()
                    .flatten()
                {
                    direct.push(Move {
                        to: states.id((to_code, after)),
                        letter: index as u32,
                        ways: ways as u32,
                        kind,
                    });
                }
                state_specials.push((index, to_code as u32));
            }
            direct.end();
            for (atom, members) in atoms.iter().enumerate() {
                let Some(to_code) = counters.step(code, letters[members[0]].mask) else {
                    continue;
                };
                if let Some(&hub) = hub_ids.get(&(to_code, atom)) {
                    hubs.push(hub);
                    continue;
                }
                // A new hub: the states after each of its letters, which it sums.
                for &index in members {
                    states.id((to_code, Tail::fresh(index)));
                }
                hub_keys.push((to_code, atom));
                let hub = (hub_keys.len() - 1) as u32;
                hub_ids.insert((to_code, atom), hub);
                hubs.push(hub);
            }
            hubs.end();
            specials_of.push(state_specials);
        });
        // A hub counts every letter of its atom whose plain state exists.
        let mut members = Lists::new();
        for &(code, atom) in &hub_keys {
            for &index in &atoms[atom] {
                if let Some(state) = states.get(&(code, Tail::fresh(index))) {
                    members.push(Member {
                        letter: index as u32,
                        state,
                    });
                }
            }
            members.end();
        }
        let exclusions = exclusions(
            &specials_of,
            &hubs,
            &states,
            &hub_ids,
            &atom_of_letter,
            letters,
        );
        Explored {
            direct,
            hubs,
            exclusions,
            members,
            accepting,
        }
    }
}

/// The letters that behave in a way of their own after `tail`: the last one (a repeat) and its
/// neighbours in a sequence.
fn specials(tail: Tail, letters: &[Letter], by_place: &Places) -> Vec<usize> {
    let mut specials = Vec::new();
    if let Some(last) = tail.last {
        specials.push(last as usize);
        if let Some((range, offset)) = letters[last as usize].place {
            for neighbour in [offset.checked_sub(1), offset.checked_add(1)] {
                if let Some(index) = neighbour.and_then(|n| by_place.get((range, n))) {
                    specials.push(index);
                }
            }
        }
    }
    specials
}

/// The places of the sequence ranges (`sequence::place`): three ranges of at most 26.
const PLACES: usize = 3 * 26;

/// The letter at each place of the sequence ranges, where there is one: an array, not a map,
/// since the places are few and dense.
struct Places([Option<usize>; PLACES]);

impl Places {
    fn slot((range, offset): (u8, u8)) -> usize {
        usize::from(range) * 26 + usize::from(offset)
    }

    fn get(&self, (range, offset): (u8, u8)) -> Option<usize> {
        if offset < 26 {
            self.0[Places::slot((range, offset))]
        } else {
            None
        }
    }
}

/// For each state, its special letters' plain terms, which its hubs leave out (where the hub has
/// them). `specials_of[state]` lists `(letter, counter code after it)`.
fn exclusions(
    specials_of: &[Vec<(usize, u32)>],
    hubs: &Lists<u32>,
    states: &States<(usize, Tail)>,
    hub_ids: &FastMap<(usize, usize), u32>,
    atom_of_letter: &[usize],
    letters: &[Letter],
) -> Lists<Exclusion> {
    let mut exclusions = Lists::new();
    for (state, specials) in specials_of.iter().enumerate() {
        for &(index, code) in specials {
            let atom = atom_of_letter[index];
            let hub = hub_ids.get(&(code as usize, atom));
            let plain = states.get(&(code as usize, Tail::fresh(index)));
            if let (Some(&hub), Some(plain)) = (hub, plain) {
                if hubs.get(state as u32).contains(&hub) {
                    exclusions.push(Exclusion {
                        hub,
                        letter: index as u32,
                        state: plain,
                        ways: letters[index].chars.len() as u32,
                    });
                }
            }
        }
        exclusions.end();
    }
    exclusions
}

/// The number of passwords.
#[cfg(test)]
pub(super) fn count(problem: &Problem<'_>) -> Nat {
    Table::build(problem).completions.total
}

/// The estimated cost of building the table: `(work, limbs)`, in limb operations and limbs.
#[cfg(feature = "checks")]
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let len = problem.len;
    let counters = Counters::values(problem.bounds, len);
    let letters = letters(problem).len() as f64;
    let atoms = crate::problem::atoms(problem.membership).len() as f64;
    // After a letter, either a run of repeats (up to the run limit) or a run of a sequence (up
    // or down, up to the sequence limit) goes on, never both: a repeat is no step.
    let runs = problem.run_limit().unwrap_or(1) as f64;
    let sequences = problem
        .sequence_limit()
        .map_or(0.0, |sequences| 2.0 * (sequences.limit as f64 - 1.0));
    let states = counters * (1.0 + letters * (runs + sequences));
    let hubs = counters * atoms;
    // A state: up to three special letters (two moves each), its hubs, its exclusions; a hub:
    // its letters.
    let per_row = states * (atoms + 9.0) + hubs * letters;
    // Rows are one position wider than the direct table's (see `Table::build`).
    let limbs = super::row_limbs(problem.membership.len(), len + 1);
    (per_row * limbs, (states + hubs) * limbs)
}

/// The estimated cost of [`Table::count`]: `(work, limbs)`, the work as [`cost`]'s and the
/// memory of the states (their keys, moves, hubs and exclusions) and two rows.
#[cfg(feature = "checks")]
pub(crate) fn count_cost(problem: &Problem<'_>) -> (f64, f64) {
    let (work, table) = cost(problem);
    let len = problem.len;
    let entries = table / super::row_limbs(problem.membership.len(), len + 1);
    let atoms = crate::problem::atoms(problem.membership).len() as f64;
    let width = super::count_width(problem.membership.len(), len + 1);
    // A state: its key twice, six direct moves, a hub and an exclusion per atom.
    (work, entries * (2.0 * width + 12.0 + 12.0 + 4.0 * atoms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_problem, Lcg};

    #[test]
    fn hubs_count_what_brute_force_counts() {
        let mut rng = Lcg(97);
        let mut with_sequences = 0;
        for _ in 0..600 {
            let mut owned = random_problem(&mut rng);
            owned.max_sequential = Some(1 + rng.below(3));
            let problem = owned.problem();
            if problem.sequence_limit().is_none() {
                continue;
            }
            with_sequences += 1;
            let expected = allowed_strings(&problem).len() as u128;
            assert_eq!(count(&problem).to_u128(), Some(expected), "{problem:?}");
        }
        assert!(with_sequences > 300, "{with_sequences}");
    }
}
