//! The table of a group that holds spanning rows ([`Table`]), and its estimate.

use super::estimate::TABLE;
use super::groups::{by_characters, GroupStates};
use super::shape::{RowShape, Shape};
use crate::count::layers::{self, Layer};
use crate::count::mixed::RowPieces;
use crate::count::series::Value;
use crate::nat::Nat;
use crate::table::count_width;

/// The table of a group that holds spanning rows ([`mixed`](crate::count::mixed)): their
/// tracked pieces may also hold free characters, so a state is the units' counts and the
/// characters in all, and a row's pieces move several units at once.
pub(super) struct Table<'a> {
    pub(super) group: &'a [usize],
    pub(super) shape: &'a Shape,
    pub(super) capped: Vec<(usize, Vec<usize>)>,
    pub(super) len: usize,
}

/// The estimate of a [`Table`]: its work in limb operations, its memory in limbs, its room
/// (the most tracked characters), its entries `(j, t)`, and whether a row holds free characters
/// (`t` up to `len`).
pub(super) struct TableCost {
    pub(super) work: f64,
    pub(super) memory: f64,
    pub(super) room: f64,
    pub(super) entries: f64,
    pub(super) holds_free: bool,
}

impl Table<'_> {
    /// The estimated cost of the table of `group`, which holds the spanning `rows`.
    pub(super) fn cost(
        group: &[usize],
        shape: &Shape,
        rows: &[RowShape],
        len: usize,
        alphabet: usize,
    ) -> TableCost {
        let (mut room, mut codes) = (0, 1.0);
        for &a in group {
            let cap = shape.atom_caps[a].expect("tracked");
            room += cap;
            codes *= cap as f64 + 1.0;
        }
        let room = room.min(len) as f64;
        // A state is the counts and the characters in all (only `t = 0` with no count), reached
        // in layers up to its counts. It pushes each unit's pieces up to the room left, and each
        // row's tracked pieces that fit within the caps (a pair of count vectors, the state's and
        // the piece's, whose sum is within them) at every length it leaves when the row holds
        // free characters (half of `len` on average), else at one.
        let holds_free = rows.iter().any(|row| row.units.contains(&None));
        let lengths = if holds_free { len as f64 + 1.0 } else { 1.0 };
        let states = 1.0 + (codes - 1.0) * lengths;
        let mut pushes = states * room / 2.0;
        for row in rows {
            let row_codes: f64 = row.caps.iter().map(|&cap| cap as f64 + 1.0).product();
            let pairs: f64 = row
                .caps
                .iter()
                .map(|&cap| (cap as f64 + 1.0) * (cap as f64 + 2.0) / 2.0)
                .product();
            let others = codes / row_codes;
            let from_none = (row_codes - 1.0) * lengths;
            let from_some = (pairs - 2.0 * row_codes + 1.0) * lengths * (lengths / 2.0).max(1.0);
            pushes += others * (from_none + from_some);
        }
        // The numbers are as wide as a count of the most characters a state holds (half of
        // it on average).
        let most = if holds_free { len } else { room as usize };
        let w = count_width(alphabet, most) / 2.0 + 1.0;
        TableCost {
            work: TABLE * pushes * (room / 2.0 + 1.0) * (w + 16.0 + 2.0 * group.len() as f64),
            memory: 4.0 * states * w,
            room,
            // With every cap 0, no tracked piece fits: the sums are the empty sequence's.
            entries: if room == 0.0 {
                1.0
            } else {
                (room + 1.0) * lengths.max(room + 1.0)
            },
            holds_free,
        }
    }

    /// Whether `counts` (by unit of the group) are within every cap.
    fn within(&self, counts: &[u16]) -> bool {
        for (cap, members) in &self.capped {
            let mut used = 0;
            for &m in members {
                used += usize::from(counts[m]);
            }
            if used > *cap {
                return false;
            }
        }
        for (i, &unit) in self.group.iter().enumerate() {
            if usize::from(counts[i]) > self.shape.atom_caps[unit].expect("tracked") {
                return false;
            }
        }
        true
    }

    /// The limbs of [`Table::sequences`]' numbers: what holds the sequences of its pieces up to
    /// `len` characters when a row holds free characters, else up to the most characters a
    /// state holds (`most`), past which no sum is read out.
    fn width(
        &self,
        unit_pieces: &[Vec<Value>],
        steps: &[(Vec<u16>, &Vec<Value>)],
        holds_free: bool,
        most: usize,
    ) -> usize {
        let most = if holds_free {
            self.len
        } else {
            most.min(self.len)
        };
        layers::width_for(
            unit_pieces
                .iter()
                .map(Vec::as_slice)
                .chain(steps.iter().map(|(_, series)| series.as_slice())),
            most,
        )
    }

    /// The signed sums over sequences of the group's pieces (each unit's, each row's tracked
    /// ones) within the caps: `[j][t]` for `j` pieces of `t` characters in all. A state is a
    /// count vector ([`GroupStates`]) and the characters in all, indexed densely.
    pub(super) fn sequences(
        &self,
        unit_pieces: &[Vec<Value>],
        rows: &[(&RowShape, &RowPieces)],
    ) -> Vec<Vec<Value>> {
        let (group, len) = (self.group, self.len);
        let units = group.len();
        // Each row's tracked pieces, as steps of the group's counts.
        let mut steps: Vec<(Vec<u16>, &Vec<Value>)> = Vec::new();
        for (row, pieces) in rows {
            for (vector, series) in &pieces.tracked {
                let mut step = vec![0u16; units];
                for (k, &i) in row.present.iter().enumerate() {
                    step[i] = vector[k];
                }
                steps.push((step, series));
            }
        }
        let mut atom_caps: Vec<usize> = Vec::with_capacity(units);
        for &unit in group {
            atom_caps.push(self.shape.atom_caps[unit].expect("tracked"));
        }
        let states = GroupStates::of(&atom_caps, &self.capped);
        // Each state's move by each step: the state it reaches, or `None` past a cap.
        let mut moved: Vec<Option<usize>> = Vec::with_capacity(states.len() * steps.len());
        let mut to = vec![0u16; units];
        for state in 0..states.len() {
            let counts = states.counts(state);
            for (step, _) in &steps {
                for (i, count) in to.iter_mut().enumerate() {
                    *count = counts[i] + step[i];
                }
                moved.push(if self.within(&to) {
                    Some(states.index(states.code_of(&to)))
                } else {
                    None
                });
            }
        }
        // The characters in all are part of the state only when a row's pieces hold free
        // characters: else they are the state's counts.
        let holds_free = rows.iter().any(|(row, _)| row.units.contains(&None));
        let width = self.width(unit_pieces, &steps, holds_free, states.most);
        // Each step's pieces that are not zero, by length.
        let mut step_pieces: Vec<Vec<(usize, &Value)>> = Vec::with_capacity(steps.len());
        for (_, series) in &steps {
            let mut nonzero = Vec::new();
            for (l, piece) in series.iter().enumerate().skip(1) {
                if !piece.0.is_zero() {
                    nonzero.push((l, piece));
                }
            }
            step_pieces.push(nonzero);
        }
        let lengths = if holds_free { len + 1 } else { 1 };
        let at = |state: usize, t: usize| state * lengths + if holds_free { t } else { 0 };
        let characters = |i: usize| {
            if holds_free {
                i % lengths
            } else {
                usize::from(states.characters[i])
            }
        };
        let mut layer = Layer::zeros(states.len() * lengths, width);
        let mut next = Layer::zeros(states.len() * lengths, width);
        let mut row = Layer::zeros(len + 1, width);
        layer.set_one(at(0, 0));
        let mut value = vec![0u64; width];
        let mut sums: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
        loop {
            next.clear();
            for &i in layer.written() {
                if layer.is_zero(i) {
                    continue;
                }
                let (state, t) = (i / lengths, characters(i));
                value.copy_from_slice(layer.get(i));
                for (u, pieces) in unit_pieces.iter().enumerate() {
                    let room = usize::from(states.rooms[state * units + u]).min(len - t);
                    for (l, piece) in pieces.iter().enumerate().take(room + 1).skip(1) {
                        if piece.0.is_zero() {
                            continue;
                        }
                        let to = states.index(states.codes[state] + l * states.strides[u]);
                        next.add_product(at(to, t + l), &value, piece);
                    }
                }
                for (k, pieces) in step_pieces.iter().enumerate() {
                    let Some(to) = moved[state * steps.len() + k] else {
                        continue;
                    };
                    for &(l, piece) in pieces.iter().take_while(|&&(l, _)| l <= len - t) {
                        next.add_product(at(to, t + l), &value, piece);
                    }
                }
            }
            let Some(sums_of_layer) = by_characters(&next, &mut row, characters) else {
                break;
            };
            sums.push(sums_of_layer);
            std::mem::swap(&mut layer, &mut next);
        }
        sums
    }
}
