//! The multinomial walk, for policies whose targets do not overlap and whose runs are free.
//!
//! Then every constraint has one atom of `s` interchangeable characters with bounds
//! `[min, max]`, and the characters no rule counts form a free atom with bounds `[0, len]`.
//! Taking the atoms in a fixed order, the number of ways to fill `r` positions with atoms
//! `a..m` is
//!
//! ```text
//! W[a][r] = sum over c in [min_a, max_a] of  C(r, c) * s_a^c * W[a + 1][r - c],
//! W[m - 1][r] = s^r if r is within the last atom's bounds, else 0,
//! ```
//!
//! a sum of non-negative terms: atom `a` takes `c` of the `r` free positions (`C(r, c)` ways),
//! puts one of its characters in each (`s_a^c` ways), and the other atoms fill the rest. The
//! count is `W[0][len]`. Unranking walks it atom by atom: find the term `c` the index falls in,
//! subtract the terms before it, and split what is left as
//! `index = (subset * s^c + characters) * W[a + 1][r - c] + rest`: `rest` goes on to the next
//! atom, `characters` gives the `c` characters (base-`s` digits) and `subset` which `c` of the
//! free positions they take (the combinatorial number system).
//!
//! The table holds `W[a][r]` only for the `r` the walk can reach at atom `a`; every such entry is
//! at most the count. Its memory is at most `atoms × (len + 1)` entries of the count's width.
//! The work to build it is one big multiplication per term; [`cost`] counts the terms.

use crate::nat::Nat;
use crate::problem::{Atom, Problem};

/// An atom of the walk: its characters (alphabet indices) and bounds.
struct BoundedAtom {
    chars: Vec<u8>,
    min: usize,
    max: usize,
}

/// The walk's table.
#[cfg_attr(
    all(feature = "checks", not(feature = "walk")),
    expect(
        dead_code,
        reason = "read by the walk, which the macro's copy leaves out"
    )
)]
pub(crate) struct Table {
    len: usize,
    bounded: Vec<BoundedAtom>,
    /// `W[a][r]` for `a` in `1..bounded.len()` at `(a - 1) * (len + 1) + r` (zero where the walk
    /// never reads it).
    suffixes: Vec<Nat>,
    /// The first term's local factor `C(r, min_a) * s_a^min_a` for `a` in `0..bounded.len() - 1`,
    /// at `a * (len + 1) + r`: the walk starts each atom's terms from it.
    firsts: Vec<Nat>,
    /// `W[0][len]`.
    pub(crate) total: Nat,
}

/// The atoms with their bounds, in walk order: the atom with the widest range last, since the
/// last atom's count is whatever is left and needs no terms.
fn bounded(problem: &Problem<'_>, atoms: Vec<(Atom, Vec<u8>)>) -> Vec<BoundedAtom> {
    let mut bounded: Vec<BoundedAtom> = Vec::with_capacity(atoms.len());
    for (atom, chars) in atoms {
        let (min, max) = problem.atom_bounds(atom);
        bounded.push(BoundedAtom { chars, min, max });
    }
    // By width, equal widths in the alphabet's order: an insertion sort (a few atoms, at most
    // one a character), which unlike `sort_by_key` adds no copy of the standard library's sort
    // to the crate.
    let width = |atom: &BoundedAtom| atom.max - atom.min;
    for k in 1..bounded.len() {
        let mut place = k;
        while place > 0 && width(&bounded[place - 1]) > width(&bounded[place]) {
            bounded.swap(place - 1, place);
            place -= 1;
        }
    }
    bounded
}

/// For each atom `a`, the range of free positions `r` the walk can reach it with.
fn reach(bounded: &[BoundedAtom], len: usize) -> Vec<(usize, usize)> {
    let mut taken_min = 0;
    let mut taken_max = 0;
    let mut reach = Vec::with_capacity(bounded.len());
    for atom in bounded {
        reach.push((len.saturating_sub(taken_max), len - taken_min.min(len)));
        taken_min += atom.min;
        taken_max += atom.max;
    }
    reach
}

/// The terms `c` of `W[a][r]`: within the atom's bounds and at most `r`.
fn terms(atom: &BoundedAtom, r: usize) -> std::ops::RangeInclusive<usize> {
    atom.min..=atom.max.min(r)
}

/// The estimated cost of building the table: `(work, limbs)`, the work in limb operations (a term
/// multiplies two numbers of about the count's width, and updates its local factor), and the
/// memory in limbs.
#[cfg(feature = "checks")]
pub(crate) fn cost(problem: &Problem<'_>) -> (f64, f64) {
    let atoms = crate::problem::atoms_with_chars(problem.membership);
    let width = crate::table::count_width(problem.membership.len(), problem.len);
    let bounded = bounded(problem, atoms);
    let reach = reach(&bounded, problem.len);
    let mut terms_total = 0usize;
    for (a, atom) in bounded
        .iter()
        .enumerate()
        .skip(1)
        .take(bounded.len().saturating_sub(2))
    {
        for r in reach[a].0..=reach[a].1 {
            terms_total += terms(atom, r).count();
        }
    }
    // The first atom's terms, at r = len.
    if bounded.len() > 1 {
        terms_total += terms(&bounded[0], problem.len).count();
    }
    let memory = bounded.len() as f64 * (problem.len + 1) as f64 * width;
    (terms_total as f64 * (width + 5.0) * width, memory)
}

impl Table {
    pub(crate) fn build(problem: &Problem<'_>, atoms: Vec<(Atom, Vec<u8>)>) -> Table {
        let len = problem.len;
        let bounded = bounded(problem, atoms);
        let reach = reach(&bounded, len);
        let m = bounded.len();
        let mut suffixes = vec![Nat::zero(); (m - 1) * (len + 1)];
        let at = |a: usize, r: usize| (a - 1) * (len + 1) + r;
        // The last atom takes whatever is left.
        if m > 1 {
            let last = &bounded[m - 1];
            for r in reach[m - 1].0..=reach[m - 1].1 {
                if (last.min..=last.max).contains(&r) {
                    suffixes[at(m - 1, r)] = Nat::pow(last.chars.len() as u64, r as u32);
                }
            }
        }
        let mut firsts = vec![Nat::zero(); m.saturating_sub(1) * (len + 1)];
        let mut sum = |suffixes: &[Nat], a: usize, r: usize| {
            let first = Locals::first(&bounded[a], r);
            let mut sum = Nat::zero();
            for (c, local) in Locals::from(first.clone(), &bounded[a], r) {
                let rest = &suffixes[at(a + 1, r - c)];
                if !rest.is_zero() {
                    sum.add_assign(&local.mul(rest));
                }
            }
            firsts[a * (len + 1) + r] = first;
            sum
        };
        for a in (1..m.saturating_sub(1)).rev() {
            for r in reach[a].0..=reach[a].1 {
                suffixes[at(a, r)] = sum(&suffixes, a, r);
            }
        }
        let total = if m == 1 {
            Nat::pow(bounded[0].chars.len() as u64, len as u32)
        } else {
            sum(&suffixes, 0, len)
        };
        Table {
            len,
            bounded,
            suffixes,
            firsts,
            total,
        }
    }

    /// The limbs the table holds.
    pub(crate) fn limbs(&self) -> usize {
        let mut limbs = 0;
        for n in self.suffixes.iter().chain(&self.firsts) {
            limbs += n.limbs().len();
        }
        limbs
    }

    #[cfg(any(feature = "walk", not(feature = "checks")))]
    fn suffix(&self, a: usize, r: usize) -> &Nat {
        &self.suffixes[(a - 1) * (self.len + 1) + r]
    }
}

/// The terms' local factors `C(r, c) * s^c` of an atom at `r` free positions, for each `c` of
/// its range in turn: each from the last by `* (r - c) / (c + 1) * s`, exact at every step
/// (`C(r, c) * (r - c)` is `C(r, c + 1) * (c + 1)`).
struct Locals {
    next: usize,
    last: usize,
    r: usize,
    s: u64,
    local: Nat,
}

impl Locals {
    /// The first term's local factor, `C(r, min) * s^min` (0 when the atom has no term at `r`).
    fn first(atom: &BoundedAtom, r: usize) -> Nat {
        let range = terms(atom, r);
        if range.is_empty() {
            Nat::zero()
        } else {
            let first = *range.start();
            binomial(r, first).mul(&Nat::pow(atom.chars.len() as u64, first as u32))
        }
    }

    /// The local factors from the first one, `first` (from [`Locals::first`]).
    fn from(first: Nat, atom: &BoundedAtom, r: usize) -> Locals {
        let range = terms(atom, r);
        Locals {
            next: *range.start(),
            last: *range.end(),
            r,
            s: atom.chars.len() as u64,
            local: first,
        }
    }
}

impl Locals {
    /// The current term's `c` and local factor; `None` past the last term.
    fn current(&self) -> Option<(usize, &Nat)> {
        (self.next <= self.last).then_some((self.next, &self.local))
    }

    /// On to the next term.
    fn advance(&mut self) {
        let c = self.next;
        if c < self.last {
            self.local.mul_small((self.r - c) as u64);
            self.local.div_exact_small((c + 1) as u64);
            self.local.mul_small(self.s);
        }
        self.next += 1;
    }
}

impl Iterator for Locals {
    type Item = (usize, Nat);

    fn next(&mut self) -> Option<(usize, Nat)> {
        let item = self.current().map(|(c, local)| (c, local.clone()));
        self.advance();
        item
    }
}

/// `C(n, k)`.
fn binomial(n: usize, k: usize) -> Nat {
    let k = k.min(n - k);
    let mut value = Nat::one();
    for i in 0..k {
        // C(n, i + 1) = C(n, i) * (n - i) / (i + 1), exact at every step.
        value.mul_small((n - i) as u64);
        value.div_exact_small((i + 1) as u64);
    }
    value
}

/// Writes the password with number `index` (below the total; used up) into `out`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn unrank(table: &Table, index_limbs: &mut [u64], out: &mut [u8]) {
    let mut index = Nat::from_limbs(index_limbs.to_vec());
    crate::nat::wipe(index_limbs);
    // The positions not yet given a character, in order; the ones an atom leaves, the digits of
    // its characters and the positions it takes: four buffers for the whole walk, all wiped.
    let mut free: Vec<u8> = Vec::with_capacity(table.len);
    for p in 0..table.len {
        free.push(p as u8);
    }
    let mut kept = Vec::with_capacity(table.len);
    let mut digits = Vec::with_capacity(table.len);
    let mut taken = Vec::with_capacity(table.len);
    let m = table.bounded.len();
    // Each term in turn, in one buffer.
    let mut term = Nat::zero();
    for (a, atom) in table.bounded.iter().enumerate() {
        let r = free.len();
        let (c, mut local) = if a + 1 == m {
            // The last atom takes every free position; the index is its characters alone.
            (r, std::mem::take(&mut index))
        } else {
            let first = table.firsts[a * (table.len + 1) + r].clone();
            let mut locals = Locals::from(first, atom, r);
            let (c, rest) = loop {
                let (c, local) = locals
                    .current()
                    .expect("an index below the count falls in one term");
                let rest = table.suffix(a + 1, r - c);
                local.mul_into(rest, &mut term);
                if index < term {
                    break (c, rest);
                }
                index.sub_assign(&term);
                locals.advance();
            };
            let (local, remainder) = index.div_rem(rest);
            index = remainder;
            (c, local)
        };
        // The characters, base-s digits, least significant first, for the taken positions in
        // order; what is left numbers the subset of positions.
        take_digits(&mut local, atom, c, &mut digits);
        take_positions(&mut free, &mut kept, c, local, &mut taken);
        for (&position, digit) in taken.iter().zip(&digits) {
            out[usize::from(position)] = *digit;
        }
    }
    for buffer in [&mut free, &mut kept, &mut digits, &mut taken] {
        crate::nat::wipe_bytes(buffer);
    }
}

/// The `c` characters of the atom numbered by the low base-`s` digits of `local`, least
/// significant first, into `digits` (cleared first), leaving the rest of `local` (the number of
/// the subset of positions). The digits come a few at a time: `local` is divided by
/// `s^k < 2^32` once for `k` digits, which are then taken from the machine-word remainder.
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn take_digits(local: &mut Nat, atom: &BoundedAtom, c: usize, digits: &mut Vec<u8>) {
    digits.clear();
    let s = atom.chars.len() as u64;
    if s == 1 {
        // One character: every digit is 0, and nothing of `local` is used.
        digits.resize(c, atom.chars[0]);
        return;
    }
    // The most digits whose base fits half a word: s^k <= 2^32 - 1 (32 at most, for s = 2).
    let mut per_chunk = 1;
    while u32::try_from(s.pow(per_chunk + 1)).is_ok() {
        per_chunk += 1;
    }
    while digits.len() < c {
        let k = per_chunk.min((c - digits.len()) as u32);
        let mut chunk = local.div_small(s.pow(k));
        for _ in 0..k {
            digits.push(atom.chars[(chunk % s) as usize]);
            chunk /= s;
        }
    }
}

/// Removes from `free` the `k`-subset numbered `subset` (below `C(free.len(), k)`) in the
/// combinatorial number system, and puts it in `taken`, in order. `kept` is working space
/// (swapped with `free`); `taken` and `kept` are cleared first, and none of the three grows
/// past the password's length, which is their capacity.
#[cfg(any(feature = "walk", not(feature = "checks")))]
fn take_positions(
    free: &mut Vec<u8>,
    kept: &mut Vec<u8>,
    k: usize,
    mut subset: Nat,
    taken: &mut Vec<u8>,
) {
    let n = free.len();
    taken.clear();
    kept.clear();
    let mut left = k;
    // `with` = C(remaining - 1, left - 1): the subsets that take the current position.
    let mut with = if k == 0 {
        Nat::zero()
    } else {
        binomial(n - 1, k - 1)
    };
    for (i, &position) in free.iter().enumerate() {
        let remaining = n - i;
        if left == 0 {
            kept.push(position);
            continue;
        }
        if subset < with {
            taken.push(position);
            // Next: C(remaining - 2, left - 2) = with * (left - 1) / (remaining - 1).
            if left > 1 {
                with.mul_small((left - 1) as u64);
                with.div_exact_small((remaining - 1) as u64);
            }
            left -= 1;
        } else {
            subset.sub_assign(&with);
            kept.push(position);
            // Next: C(remaining - 2, left - 1) = with * (remaining - left) / (remaining - 1). (A
            // valid subset never skips the last position while some are left to take.)
            if remaining > 1 {
                with.mul_small((remaining - left) as u64);
                with.div_exact_small((remaining - 1) as u64);
            }
        }
    }
    std::mem::swap(free, kept);
}
