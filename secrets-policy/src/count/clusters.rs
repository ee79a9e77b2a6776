//! Counting under run limits without a state per character: the Goulden–Jackson cluster
//! method.
//!
//! A password is a sequence of *pieces*, each a character or a *cluster*: a run of forbidden
//! words (a repeat one longer than `max_consecutive`, a sequence one longer than
//! `max_sequential`) that overlap each other, counted with the sign `(-1)^(forbidden words)`.
//! Summing over every way to mark forbidden words cancels every string that has one, so
//!
//! ```text
//! W(x) = 1 / (1 - K(x)),   K(x) = sum over pieces of sign * x^length,
//! ```
//!
//! counts the strings that break no run limit. A cluster lies within one *component*: one
//! character (repeats), or characters one step apart in `a-z`, `A-Z` or `0-9` (sequences).
//! When each component's characters count toward the same constraints (one atom), a piece
//! moves the counters as `length` characters of its atom, and the count with constraints is
//!
//! ```text
//! T[p + l][counters after l characters of atom a] += K_a(l) * T[p][counters],
//! ```
//!
//! `N` being the sum of `T[len]` over the counters that meet every minimum. `K_a` is the sum of
//! the atom's components' `K_c = 1 - 1 / W_c`, where `W_c` counts the strings over the component
//! alone that break no run limit: a small automaton over its characters, with no counters.
//!
//! `T[p]` is a count (of allowed prefixes of `p` characters), never negative, while `K(l)` is
//! signed: the sums are kept as an added and a subtracted part. This counts only: an index has
//! no place to fall in a negative term, so the walk is that of a relaxation
//! ([`crate::plan`]). It costs no state per character, where the position automaton needs one
//! per character of a sequence range: `len = 14` with three required classes and
//! `max_sequential = 3` is thousands of steps instead of millions.

use crate::fast_hash::FastMap;
use crate::nat::{self, mul_small_add, Nat};
use crate::problem::Problem;
use crate::sequence;

/// A signed number: `added - subtracted`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Signed {
    pub(crate) added: Nat,
    pub(crate) subtracted: Nat,
}

impl Signed {
    /// `self += a * b`, for `b` of sign `negative`.
    pub(crate) fn add_product(&mut self, a: &Nat, b: &Nat, negative: bool) {
        let product = a.mul(b);
        if negative {
            self.subtracted.add_assign(&product);
        } else {
            self.added.add_assign(&product);
        }
    }

    /// The value and whether it is negative.
    pub(crate) fn settle(mut self) -> (Nat, bool) {
        if self.added >= self.subtracted {
            self.added.sub_assign(&self.subtracted);
            (self.added, false)
        } else {
            self.subtracted.sub_assign(&self.added);
            (self.subtracted, true)
        }
    }
}

/// The counter part of a state, one counter per constraint: up to its maximum when that binds
/// (beyond it, the move is not made), else up to its minimum (saturating).
struct Counters<'a> {
    bounds: &'a [(usize, usize)],
    len: usize,
}

impl Counters<'_> {
    /// The counters after `count` characters of `mask`, or `None` past a maximum.
    fn step(&self, counters: &[u16], mask: u32, count: usize) -> Option<Vec<u16>> {
        let mut next = counters.to_vec();
        for (j, &(min, max)) in self.bounds.iter().enumerate() {
            if mask >> j & 1 == 0 {
                continue;
            }
            let value = usize::from(next[j]) + count;
            if max < self.len {
                if value > max {
                    return None;
                }
                next[j] = value as u16;
            } else {
                next[j] = value.min(min) as u16;
            }
        }
        Some(next)
    }

    /// The number of counter codes.
    fn codes(&self) -> usize {
        let mut codes = 1;
        for &(min, max) in self.bounds {
            codes *= if max < self.len { max + 1 } else { min + 1 };
        }
        codes
    }

    /// The code of `counters` (mixed radix, the first counter lowest).
    fn encode(&self, counters: &[u16]) -> usize {
        let mut code = 0;
        for (j, &(min, max)) in self.bounds.iter().enumerate().rev() {
            let radix = if max < self.len { max + 1 } else { min + 1 };
            code = code * radix + usize::from(counters[j]);
        }
        code
    }

    /// The counters of `code`, into `counters`.
    fn decode(&self, mut code: usize, counters: &mut [u16]) {
        for (j, &(min, max)) in self.bounds.iter().enumerate() {
            let radix = if max < self.len { max + 1 } else { min + 1 };
            counters[j] = (code % radix) as u16;
            code /= radix;
        }
    }

    /// The number of characters of `mask` after which the counters stop changing (each counter
    /// it moves saturates at its minimum), or `None` when it moves a counter with a maximum.
    fn saturation(&self, counters: &[u16], mask: u32) -> Option<usize> {
        let mut most = 0;
        for (j, &(min, max)) in self.bounds.iter().enumerate() {
            if mask >> j & 1 == 0 {
                continue;
            }
            if max < self.len {
                return None;
            }
            most = most.max(min.saturating_sub(usize::from(counters[j])));
        }
        Some(most)
    }

    fn accepts(&self, counters: &[u16]) -> bool {
        self.bounds
            .iter()
            .zip(counters)
            .all(|(&(min, _), &value)| usize::from(value) >= min)
    }
}

/// The run limits that bind.
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) repeats: Option<usize>,
    pub(crate) sequences: Option<usize>,
}

impl Limits {
    /// The run limits of `problem` that bind.
    pub(crate) fn of(problem: &Problem<'_>) -> Limits {
        Limits {
            repeats: problem.run_limit(),
            sequences: problem.sequence_limit().map(|sequences| sequences.limit),
        }
    }
}

/// An atom's mask and the shapes of its components: `(size, in a row of a sequence range)`.
pub(crate) type AtomComponents = (u32, Vec<(usize, bool)>);

/// A place in a sequence range: the range, then the offset in it.
type RangePlace = (u8, u8);

/// Each character's place in a sequence range (`None` without a sequence limit, or outside
/// the ranges), and the characters by place, to find each one's neighbours.
pub(crate) fn places(
    problem: &Problem<'_>,
) -> (Vec<Option<RangePlace>>, FastMap<RangePlace, usize>) {
    let sequences = problem.sequence_limit();
    let mut places: Vec<Option<RangePlace>> = Vec::with_capacity(problem.membership.len());
    for i in 0..problem.membership.len() {
        places.push(match sequences {
            Some(sequences) => sequence::place(sequences.chars[i]),
            None => None,
        });
    }
    let mut at: FastMap<RangePlace, usize> = FastMap::default();
    for (i, place) in places.iter().enumerate() {
        if let Some(place) = place {
            at.insert(*place, i);
        }
    }
    (places, at)
}

/// The index in `atoms` of the atom of the characters of membership `mask`, added with no
/// components when it is new.
pub(crate) fn atom_of(mask: u32, atoms: &mut Vec<AtomComponents>) -> usize {
    atoms
        .iter()
        .position(|(m, _)| *m == mask)
        .unwrap_or_else(|| {
            atoms.push((mask, Vec::new()));
            atoms.len() - 1
        })
}

/// The atoms and their components: for each atom, its mask and the sizes of its components,
/// each a character alone (`false`) or characters in a row of a sequence range (`true`).
/// `None` when two characters one step apart count toward different constraints: a cluster
/// would then move the counters of two atoms.
pub(crate) fn components(problem: &Problem<'_>) -> Option<Vec<AtomComponents>> {
    let (places, at) = places(problem);
    let mut atoms: Vec<AtomComponents> = Vec::new();
    for (i, &mask) in problem.membership.iter().enumerate() {
        let Some((range, offset)) = places[i] else {
            let atom = atom_of(mask, &mut atoms);
            atoms[atom].1.push((1, false));
            continue;
        };
        let below = offset.checked_sub(1).and_then(|o| at.get(&(range, o)));
        if below.is_some_and(|&b| problem.membership[b] != mask) {
            return None;
        }
        if below.is_some() {
            continue; // counted with the component's first character
        }
        // The first character of a component: follow it up.
        let mut size = 1;
        while let Some(&next) = at.get(&(range, offset + size as u8)) {
            if problem.membership[next] != mask {
                return None;
            }
            size += 1;
        }
        let atom = atom_of(mask, &mut atoms);
        atoms[atom].1.push((size, size > 1));
    }
    Some(atoms)
}

/// `W_c(x)` up to `x^len`: the strings of each length over a component of `size` characters
/// (in a row of a sequence range when `row`) that break no run limit.
fn component_words(size: usize, row: bool, limits: Limits, len: usize) -> Vec<Nat> {
    let repeats = limits.repeats.unwrap_or(usize::MAX);
    let sequences = limits.sequences.filter(|_| row).unwrap_or(usize::MAX);
    // State: the last character, and the run it ends: `(0, r)` a repeat run of `r` (or no
    // run), `(d, k)` a sequence run of `k` characters in direction `d`. A repeat ends a
    // sequence run and a step ends a repeat run. Runs are capped where the limit stops caring.
    let repeat_cap = if limits.repeats.is_some() { repeats } else { 1 };
    let sequence_cap = sequences.min(len);
    let mut layer: FastMap<(usize, i8, usize), Nat> = FastMap::default();
    for c in 0..size {
        layer.insert((c, 0, 1), Nat::one());
    }
    let mut words = vec![Nat::one(), Nat::from(size as u64)];
    for _ in 2..=len {
        let mut next: FastMap<(usize, i8, usize), Nat> = FastMap::default();
        // Totals per last character: a jump to a character not next to it starts afresh.
        let mut totals = vec![Nat::zero(); size];
        let mut all = Nat::zero();
        for (&(c, direction, run), count) in &layer {
            totals[c].add_assign(count);
            all.add_assign(count);
            // The same character again.
            let repeat = if direction == 0 { run + 1 } else { 2 };
            if repeat <= repeats {
                let key = (c, 0, repeat.min(repeat_cap));
                next.entry(key).or_default().add_assign(count);
            }
            // A step up or down, within the row.
            for step in [1i8, -1] {
                let Some(to) = c
                    .checked_add_signed(isize::from(step))
                    .filter(|&to| to < size)
                else {
                    continue;
                };
                if !row {
                    continue;
                }
                let (d, k) =
                    sequence::extend((direction, if direction == 0 { 1 } else { run }), step);
                if k <= sequences {
                    next.entry((to, d, k.min(sequence_cap)))
                        .or_default()
                        .add_assign(count);
                }
            }
        }
        // Any other character: all strings but those ending at it or (in a row) next to it.
        for c in 0..size {
            let mut fresh = all.clone();
            let neighbours = if row {
                [c.checked_sub(1), Some(c), Some(c + 1)]
            } else {
                [None, Some(c), None]
            };
            for n in neighbours {
                let Some(n) = n.filter(|&n| n < size) else {
                    continue;
                };
                fresh.sub_assign(&totals[n]);
            }
            if !fresh.is_zero() {
                next.entry((c, 0, 1)).or_default().add_assign(&fresh);
            }
        }
        let mut total = Nat::zero();
        for count in next.values() {
            total.add_assign(count);
        }
        words.push(total);
        layer = next;
    }
    words.truncate(len + 1);
    words
}

/// `K_c = 1 - 1 / W_c` up to `x^len`, as magnitudes and signs (`K_c(0) = 0`).
fn pieces(words: &[Nat]) -> Vec<(Nat, bool)> {
    // V = 1 / W: V(0) = 1, V(l) = -sum_{i=1..l} W(i) V(l - i).
    let mut inverse: Vec<(Nat, bool)> = vec![(Nat::one(), false)];
    for l in 1..words.len() {
        let mut sum = Signed::default();
        for i in 1..=l {
            let (value, negative) = &inverse[l - i];
            sum.add_product(&words[i], value, *negative);
        }
        let (value, negative) = sum.settle();
        inverse.push((value, !negative));
    }
    // K = 1 - V: K(0) = 0, K(l) = -V(l).
    inverse[0] = (Nat::zero(), false);
    for (value, negative) in &mut inverse {
        *negative = !*negative && !value.is_zero();
    }
    inverse
}

/// Whether the cluster method applies to `problem`: a run limit binds, and no two characters
/// one step apart count toward different constraints.
pub(crate) fn applies(problem: &Problem<'_>) -> bool {
    (problem.run_limit().is_some() || problem.sequence_limit().is_some())
        && components(problem).is_some()
}

/// The estimated cost of [`count`]: `(work, limbs)`, the work in limb operations and the memory
/// in limbs (at most, from the counters' ranges).
///
/// # Panics
/// When [`applies`] does not hold.
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let atoms = components(problem).expect("the cluster method applies");
    let len = problem.len as f64;
    // Each counter takes `0..=max` when its maximum binds, else `0..=min`.
    let mut counters: f64 = 1.0;
    for &(min, max) in problem.bounds {
        counters *= if max < problem.len { max + 1 } else { min + 1 } as f64;
    }
    let width = crate::table::count_width(problem.membership.len(), problem.len);
    // The pieces a state pushes, summed over the rows: an atom with a row of a sequence range
    // has pieces of every length; one of characters alone has pieces that repeat every
    // `m + 1` (under `max_consecutive = m`) or `1`, pushed one by one only until its counters
    // stop changing (at most their cap), then by the repeating terms.
    let period = problem.run_limit().map_or(1.0, |limit| limit as f64 + 1.0);
    // A push multiplies an entry by a piece and adds the product, after stepping the counters.
    // An atom with a row of a sequence range has pieces of every length, as wide as counts of
    // their length: entry and piece widths grow with the row and the length, whose product
    // averages a sixth of the widest squared over the pushes. Other atoms' pieces are one limb
    // (half the widest entry on average), with two limbs of room.
    let mut pushes: f64 = 0.0;
    for (mask, components) in &atoms {
        if components.iter().any(|&(_, row)| row) {
            pushes += len * (len + 1.0) / 2.0 * (width * width / 6.0 + 6.0);
            continue;
        }
        let mut cap = 0;
        for (j, &(min, max)) in problem.bounds.iter().enumerate() {
            if mask >> j & 1 == 1 {
                cap = cap.max(if max < problem.len { max } else { min });
            }
        }
        let cap = cap as f64;
        // Half the cap on average over the counters' values.
        pushes += len * (cap.min(len) / 2.0 + period + 1.0) * (width / 2.0 + 6.0);
    }
    let series = pieces_cost(&atoms, problem);
    let work = counters * pushes + series;
    // The rows not yet reached, two parts each, and as many for the repeating terms.
    let memory = 4.0 * counters * len * width;
    (work, memory)
}

/// The estimated work of [`atom_pieces`], in limb operations: each shape of component, its
/// automaton over the rows, and inverting its series.
pub(crate) fn pieces_cost(atoms: &[AtomComponents], problem: &Problem<'_>) -> f64 {
    let len = problem.len as f64;
    let width = crate::table::count_width(problem.membership.len(), problem.len);
    let mut shapes = 0;
    for (_, components) in atoms {
        shapes += components.len();
    }
    let shapes = shapes.min(8) as f64;
    shapes * len * len / 2.0 * (width * width / 4.0 + 4.0)
}

/// The number of passwords `problem` allows, when [`applies`] holds.
///
/// # Panics
/// When it does not.
pub(crate) fn count(problem: &Problem<'_>) -> Nat {
    let atoms = components(problem).expect("the cluster method applies");
    let len = problem.len;
    let atom_pieces = atom_pieces(&atoms, Limits::of(problem), len);
    let counters = Counters {
        bounds: problem.bounds,
        len,
    };
    let mut periods: Vec<Option<usize>> = Vec::with_capacity(atom_pieces.len());
    for (_, pieces) in &atom_pieces {
        periods.push(period(pieces));
    }
    let codes = counters.codes();
    let widths = row_widths(problem.membership.len(), len);
    // rows: the counters reached after p characters, with their signed counts;
    // repeating[q]: terms that join row p and come back every q rows (see `period`).
    let mut rows = Rows::new(&widths, codes);
    let mut repeating: Vec<(usize, Rows)> = Vec::new();
    for &q in periods.iter().flatten() {
        if !repeating.iter().any(|(period, _)| *period == q) {
            repeating.push((q, Rows::new(&widths, codes)));
        }
    }
    rows.part(0, 0, false)[0] = 1;
    let mut total = Nat::zero();
    let mut digits = vec![0u16; problem.bounds.len()];
    let mut scratch = Vec::new();
    for (p, &width) in widths.iter().enumerate() {
        for (q, repeat) in &mut repeating {
            let (added, subtracted) = repeat.take(p);
            if p + *q <= len {
                repeat.add_row(p + *q, &added, &subtracted);
            }
            rows.add_row(p, &added, &subtracted);
        }
        let (mut values, subtracted) = rows.take(p);
        if values.is_empty() {
            continue;
        }
        for code in 0..codes {
            let value = &mut values[code * width..(code + 1) * width];
            let minus = &subtracted[code * width..(code + 1) * width];
            assert!(
                nat::cmp_limbs(value, minus).is_ge(),
                "a count is never negative"
            );
            nat::sub_limbs(value, minus);
        }
        for code in 0..codes {
            let value = &values[code * width..(code + 1) * width];
            if value.iter().all(|&limb| limb == 0) {
                continue;
            }
            counters.decode(code, &mut digits);
            if p == len {
                if counters.accepts(&digits) {
                    total.add_assign(&Nat::from_limbs(value.to_vec()));
                }
                continue;
            }
            for ((mask, pieces), period) in atom_pieces.iter().zip(&periods) {
                let place = Place {
                    p,
                    value,
                    digits: &digits,
                };
                push(
                    &place,
                    (*mask, pieces, *period),
                    &counters,
                    &mut rows,
                    &mut repeating,
                    &mut scratch,
                );
            }
        }
        nat::wipe(&mut values);
    }
    total
}

/// `K_a` for each atom, with its mask: the sum of its components' pieces (components of one
/// shape computed once, and added once, times how many the atom has: an atom of 26 letters
/// alone adds one series, not 26).
pub(crate) fn atom_pieces(
    atoms: &[AtomComponents],
    limits: Limits,
    len: usize,
) -> Vec<(u32, Vec<(Nat, bool)>)> {
    let mut shapes: FastMap<(usize, bool), Vec<(Nat, bool)>> = FastMap::default();
    let mut by_atom = Vec::with_capacity(atoms.len());
    for (mask, components) in atoms {
        let mut sum: Vec<Signed> = vec![Signed::default(); len + 1];
        for (shape, times) in shape_counts(components) {
            let pieces = shapes
                .entry(shape)
                .or_insert_with(|| pieces(&component_words(shape.0, shape.1, limits, len)));
            let times = Nat::from(times as u64);
            for (l, (value, negative)) in pieces.iter().enumerate() {
                sum[l].add_product(value, &times, *negative);
            }
        }
        let mut settled = Vec::with_capacity(sum.len());
        for signed in sum {
            settled.push(signed.settle());
        }
        by_atom.push((*mask, settled));
    }
    by_atom
}

/// An atom's component shapes, each with how many components have it, in order of first
/// appearance.
pub(crate) fn shape_counts(components: &[(usize, bool)]) -> Vec<((usize, bool), usize)> {
    let mut counts: Vec<((usize, bool), usize)> = Vec::new();
    for &shape in components {
        match counts.iter_mut().find(|(known, _)| *known == shape) {
            Some((_, times)) => *times += 1,
            None => counts.push((shape, 1)),
        }
    }
    counts
}

/// A row's entry being pushed: its row, value and counters.
struct Place<'a> {
    p: usize,
    value: &'a [u64],
    digits: &'a [u16],
}

/// Pushes an entry's pieces of one atom (its mask, pieces and their period) to the rows after
/// it, or, past the lengths where the counters stop changing, to the repeating terms.
fn push<'w>(
    place: &Place<'_>,
    (mask, pieces, period): (u32, &[(Nat, bool)], Option<usize>),
    counters: &Counters<'_>,
    rows: &mut Rows<'w>,
    repeating: &mut [(usize, Rows<'w>)],
    scratch: &mut Vec<u64>,
) {
    let len = counters.len;
    let p = place.p;
    // Past `explicit`, the target no longer changes and the pieces repeat every `q`: the next
    // `q` lengths go to the repeating terms, which carry them on.
    let (explicit, q) = match (period, counters.saturation(place.digits, mask)) {
        (Some(q), Some(saturated)) => (saturated.max(1), Some(q)),
        _ => (len - p + 1, None),
    };
    for (l, (piece, negative)) in pieces.iter().enumerate().take(len - p + 1).skip(1) {
        let Some(to) = counters.step(place.digits, mask, l) else {
            break; // longer pieces break the maximum too
        };
        let target = if l >= explicit {
            let q = q.expect("past the explicit pieces, a period");
            if l >= explicit + q {
                break;
            }
            let at = repeating.iter().position(|(period, _)| *period == q);
            &mut repeating[at.expect("a period's terms")].1
        } else {
            &mut *rows
        };
        if piece.is_zero() {
            continue;
        }
        let to = counters.encode(&to);
        add_product(
            target.part(p + l, to, *negative),
            place.value,
            piece,
            scratch,
        );
    }
}

/// `sum += value * piece`.
fn add_product(sum: &mut [u64], value: &[u64], piece: &Nat, scratch: &mut Vec<u64>) {
    if let [factor] = piece.limbs() {
        mul_small_add(sum, value, *factor);
        return;
    }
    scratch.clear();
    scratch.resize(value.len() + piece.limbs().len(), 0);
    nat::mul_limbs(value, piece.limbs(), scratch);
    let significant = scratch
        .iter()
        .rposition(|&limb| limb != 0)
        .map_or(0, |i| i + 1);
    assert!(significant <= sum.len(), "a term outgrew its row's width");
    let carry = nat::add_limbs(sum, &scratch[..significant]);
    debug_assert!(!carry, "a term outgrew its row's width");
}

/// The limbs of each row's entries: enough for `alphabet^p`, and a limb for the signed parts,
/// whose sums may pass the count.
fn row_widths(alphabet: usize, len: usize) -> Vec<usize> {
    let mut widths = Vec::with_capacity(len + 1);
    let mut power = Nat::one();
    for _ in 0..=len {
        widths.push(power.limbs().len() + 2);
        power.mul_small(alphabet as u64);
    }
    widths
}

/// Signed rows of counts, one entry per counter code, allocated when first written.
struct Rows<'a> {
    widths: &'a [usize],
    codes: usize,
    added: Vec<Vec<u64>>,
    subtracted: Vec<Vec<u64>>,
}

impl<'a> Rows<'a> {
    fn new(widths: &'a [usize], codes: usize) -> Rows<'a> {
        Rows {
            widths,
            codes,
            added: vec![Vec::new(); widths.len()],
            subtracted: vec![Vec::new(); widths.len()],
        }
    }

    /// The added (or subtracted) part of row `p`'s entry `code`.
    fn part(&mut self, p: usize, code: usize, negative: bool) -> &mut [u64] {
        let width = self.widths[p];
        let row = if negative {
            &mut self.subtracted[p]
        } else {
            &mut self.added[p]
        };
        if row.is_empty() {
            *row = vec![0; self.codes * width];
        }
        &mut row[code * width..(code + 1) * width]
    }

    /// Row `p`'s two parts, taken out (empty if never written).
    fn take(&mut self, p: usize) -> (Vec<u64>, Vec<u64>) {
        let width = self.widths[p];
        let mut added = std::mem::take(&mut self.added[p]);
        let mut subtracted = std::mem::take(&mut self.subtracted[p]);
        if added.is_empty() && !subtracted.is_empty() {
            added = vec![0; self.codes * width];
        }
        if subtracted.is_empty() && !added.is_empty() {
            subtracted = vec![0; self.codes * width];
        }
        (added, subtracted)
    }

    /// Adds two parts (as [`Rows::take`] gives them) to row `p`.
    fn add_row(&mut self, p: usize, added: &[u64], subtracted: &[u64]) {
        if added.is_empty() {
            return;
        }
        let width = self.widths[p];
        for (negative, part) in [(false, added), (true, subtracted)] {
            let from = part.len() / self.codes;
            for code in 0..self.codes {
                let entry = &part[code * from..(code + 1) * from];
                let carry = nat::add_limbs(self.part(p, code, negative), entry);
                debug_assert!(!carry && from <= width, "a term outgrew its row's width");
            }
        }
    }
}

/// The period of an atom's pieces, when they repeat: `q` such that the piece of every length
/// `l > q` is that of `l - q` (single characters under `max_consecutive = m`: `m + 1`; without
/// it, every piece past the first is zero: `1`).
pub(crate) fn period(pieces: &[(Nat, bool)]) -> Option<usize> {
    let len = pieces.len() - 1;
    for q in 1..=len.min(64) {
        let mut repeats = true;
        for l in q + 1..=len {
            if pieces[l] != pieces[l - q] {
                repeats = false;
                break;
            }
        }
        if repeats {
            return Some(q);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::testing::{allowed_strings, random_run_limited_problems};

    #[test]
    fn clusters_count_what_brute_force_counts() {
        let mut applied = 0;
        for owned in random_run_limited_problems(61, 1500) {
            let problem = owned.problem();
            if !applies(&problem) {
                continue;
            }
            applied += 1;
            let expected = allowed_strings(&problem).len() as u128;
            assert_eq!(count(&problem).to_u128(), Some(expected), "{problem:?}");
        }
        assert!(applied > 300, "{applied}");
    }

    /// The cluster sum against the position table on policies too long to enumerate.
    #[test]
    fn clusters_count_what_the_position_table_counts() {
        let (membership, chars) = crate::problem::testing::printable();
        assert_eq!(chars.len(), membership.len());
        for (len, bounds, repeats, sequences) in [
            (40, vec![(2, 40), (2, 40), (2, 40), (1, 40)], Some(2), None),
            (
                24,
                vec![(1, 24), (0, 5), (3, 24), (0, 24)],
                Some(1),
                Some(2),
            ),
            (20, vec![(2, 20), (2, 20), (2, 20), (0, 3)], None, Some(3)),
        ] {
            let problem = crate::problem::testing::problem_over(
                len,
                &membership,
                &bounds,
                repeats,
                sequences,
                &chars,
            );
            let started = std::time::Instant::now();
            let by_clusters = count(&problem);
            let clusters_time = started.elapsed();
            let started = std::time::Instant::now();
            let by_table = crate::count::by_positions(&problem);
            println!(
                "{len}: clusters {clusters_time:?} ({:.1e}), table {:?} ({:.1e})",
                cost(&problem).0,
                started.elapsed(),
                crate::plan::positions_cost(&problem).0
            );
            assert!(by_clusters == by_table, "{problem:?}");
        }
    }
}
