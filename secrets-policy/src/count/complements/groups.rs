//! A group's sums over sequences of its units' pieces within the caps: its states (count
//! vectors within every cap, [`GroupStates`]), its table layer by layer ([`group_sequences`])
//! and that table's size for the estimate ([`GroupTable`]).

use super::shape::{capped, Shape};
use crate::count::layers::{self, Layer};
use crate::count::series::Value;
use crate::nat::Nat;

/// The characters the atoms `members` (indices in `counts`) take.
fn used(counts: &[usize], members: &[usize]) -> usize {
    let mut used = 0;
    for &m in members {
        used += counts[m];
    }
    used
}

/// The room the caps of `capped` that count atom `a` leave it at `counts` (none: 0), at most
/// its own cap.
fn room_left(capped: &[(usize, Vec<usize>)], counts: &[usize], a: usize, atom_cap: usize) -> usize {
    let mut room: Option<usize> = None;
    for (cap, members) in capped {
        if members.contains(&a) {
            let left = cap - used(counts, members);
            room = Some(match room {
                Some(room) if room <= left => room,
                _ => left,
            });
        }
    }
    match room {
        Some(room) => room.min(atom_cap),
        None => 0,
    }
}

/// Whether `counts[..=i]` is within every cap of `capped` (its atoms up to `i`, which come
/// first in each list).
fn within_caps(capped: &[(usize, Vec<usize>)], counts: &[usize], i: usize) -> bool {
    for (cap, members) in capped {
        let mut set = 0;
        while set < members.len() && members[set] <= i {
            set += 1;
        }
        if used(&counts[..=i], &members[..set]) > *cap {
            return false;
        }
    }
    true
}

/// Calls `state` on every count vector of a group's units within `atom_caps` and every cap of
/// `capped`, the first unit varying slowest: one recursion for the estimate's count of the
/// states and for the states themselves (`dyn`, so that it is compiled once).
fn for_each_state(
    atom_caps: &[usize],
    capped: &[(usize, Vec<usize>)],
    state: &mut dyn FnMut(&[usize]),
) {
    fn extend(
        atom_caps: &[usize],
        capped: &[(usize, Vec<usize>)],
        counts: &mut [usize],
        i: usize,
        state: &mut dyn FnMut(&[usize]),
    ) {
        if i == counts.len() {
            state(counts);
            return;
        }
        for count in 0..=atom_caps[i] {
            counts[i] = count;
            if !within_caps(capped, counts, i) {
                break;
            }
            extend(atom_caps, capped, counts, i + 1, state);
        }
        counts[i] = 0;
    }
    let mut counts = vec![0; atom_caps.len()];
    extend(atom_caps, capped, &mut counts, 0, state);
}

/// The table of [`group_sequences`], counted without its numbers: its states (counter vectors
/// within every cap), the pieces they push over their layers, and the most characters.
pub(super) struct GroupTable {
    pub(super) states: f64,
    pub(super) pushes: f64,
    pub(super) most: usize,
}

impl GroupTable {
    pub(super) fn of(atom_caps: &[usize], capped: &[(usize, Vec<usize>)]) -> GroupTable {
        let mut table = GroupTable {
            states: 0.0,
            pushes: 0.0,
            most: 0,
        };
        for_each_state(atom_caps, capped, &mut |counts| {
            let characters: usize = counts.iter().sum();
            // As in `group_sequences`: each atom's pieces up to the room under its caps.
            let mut rooms = 0;
            for (a, &atom_cap) in atom_caps.iter().enumerate() {
                rooms += room_left(capped, counts, a, atom_cap);
            }
            table.states += 1.0;
            // A state of `t` characters may be reached in every layer up to `t`.
            table.pushes += (characters as f64 + 1.0) * rooms as f64;
            table.most = table.most.max(characters);
        });
        table
    }
}

/// The signed sums over sequences of pieces of `group`'s units within the caps of `shape`:
/// `[j][t]` for `j` pieces of `t` characters in all. The states (count vectors within every
/// cap) are listed once and indexed densely; each layer `j` is one [`Layer`].
pub(super) fn group_sequences(
    group: &[usize],
    shape: &Shape,
    masks: &[u32],
    unit_pieces: &[Vec<Value>],
) -> Vec<Vec<Value>> {
    let mut atom_caps: Vec<usize> = Vec::with_capacity(group.len());
    for &unit in group {
        atom_caps.push(shape.atom_caps[unit].expect("tracked"));
    }
    let states = GroupStates::of(&atom_caps, &capped(group, masks, &shape.caps));
    let most = states.most;
    let width = layers::width_for(unit_pieces.iter().map(Vec::as_slice), most);
    let mut layer = Layer::zeros(states.len(), width);
    let mut next = Layer::zeros(states.len(), width);
    let mut row = Layer::zeros(most + 1, width);
    layer.set_one(0);
    let mut value = vec![0u64; width];
    let mut sums: Vec<Vec<Value>> = vec![vec![(Nat::one(), false)]];
    loop {
        next.clear();
        for &state in layer.written() {
            if layer.is_zero(state) {
                continue;
            }
            value.copy_from_slice(layer.get(state));
            for (i, pieces) in unit_pieces.iter().enumerate() {
                let room = usize::from(states.rooms[state * group.len() + i]);
                for (l, piece) in pieces.iter().enumerate().take(room + 1).skip(1) {
                    if piece.0.is_zero() {
                        continue;
                    }
                    let to = states.index(states.codes[state] + l * states.strides[i]);
                    next.add_product(to, &value, piece);
                }
            }
        }
        let characters = |state: usize| usize::from(states.characters[state]);
        let Some(sums_of_layer) = by_characters(&next, &mut row, characters) else {
            break;
        };
        sums.push(sums_of_layer);
        std::mem::swap(&mut layer, &mut next);
    }
    sums
}

/// A layer's sums by the characters in all of each state (`characters`), summed in `row`;
/// `None` when every state is zero (the table ends).
pub(super) fn by_characters(
    layer: &Layer,
    row: &mut Layer,
    characters: impl Fn(usize) -> usize,
) -> Option<Vec<Value>> {
    row.clear();
    let mut reached = 0;
    for &i in layer.written() {
        if !layer.is_zero(i) {
            let t = characters(i);
            row.add(t, layer.get(i));
            reached = reached.max(t + 1);
        }
    }
    if reached == 0 {
        return None;
    }
    let mut sums = Vec::with_capacity(reached);
    for t in 0..reached {
        sums.push(row.value(t));
    }
    Some(sums)
}

/// The states of a group's table: its units' count vectors within every cap, in order of their
/// codes (mixed radix, the first unit lowest), with their characters and each unit's room (the
/// most characters one more piece of it may add).
pub(super) struct GroupStates {
    pub(super) codes: Vec<usize>,
    /// Each state's count vector, `units` counts a state.
    vectors: Vec<u16>,
    pub(super) characters: Vec<u16>,
    pub(super) rooms: Vec<u16>,
    pub(super) strides: Vec<usize>,
    /// Each code's state, when the codes are few enough for a table; else found by search.
    table: Option<Vec<u32>>,
    pub(super) most: usize,
}

/// The most codes [`GroupStates`] indexes by a table (beyond it, by binary search).
const CODES_TABLED: usize = 1 << 20;

impl GroupStates {
    pub(super) fn of(atom_caps: &[usize], capped: &[(usize, Vec<usize>)]) -> GroupStates {
        let mut strides = Vec::with_capacity(atom_caps.len());
        let mut radix = 1usize;
        for &cap in atom_caps {
            strides.push(radix);
            radix = radix.saturating_mul(cap + 1);
        }
        let mut states = GroupStates {
            codes: Vec::new(),
            vectors: Vec::new(),
            characters: Vec::new(),
            rooms: Vec::new(),
            strides,
            table: None,
            most: 0,
        };
        for_each_state(atom_caps, capped, &mut |counts| {
            let characters: usize = counts.iter().sum();
            let mut code = 0;
            for (i, &count) in counts.iter().enumerate() {
                code += count * states.strides[i];
                states.vectors.push(count as u16);
            }
            states.codes.push(code);
            states.characters.push(characters as u16);
            states.most = states.most.max(characters);
            // The room left under every cap that counts the unit.
            for (a, &atom_cap) in atom_caps.iter().enumerate() {
                states
                    .rooms
                    .push(room_left(capped, counts, a, atom_cap) as u16);
            }
        });
        // Listed with the first unit outermost: sorted, the codes can be searched.
        let mut order: Vec<usize> = (0..states.codes.len()).collect();
        order.sort_unstable_by_key(|&i| states.codes[i]);
        let units = atom_caps.len();
        let mut sorted = GroupStates {
            codes: Vec::with_capacity(order.len()),
            vectors: Vec::with_capacity(states.vectors.len()),
            characters: Vec::with_capacity(order.len()),
            rooms: Vec::with_capacity(states.rooms.len()),
            ..states
        };
        for &i in &order {
            sorted.codes.push(states.codes[i]);
            sorted.characters.push(states.characters[i]);
            let (from, to) = (i * units, (i + 1) * units);
            sorted.rooms.extend_from_slice(&states.rooms[from..to]);
            sorted.vectors.extend_from_slice(&states.vectors[from..to]);
        }
        let mut states = sorted;
        if radix <= CODES_TABLED {
            let mut table = vec![u32::MAX; radix];
            for (i, &code) in states.codes.iter().enumerate() {
                table[code] = i as u32;
            }
            states.table = Some(table);
        }
        states
    }

    pub(super) fn len(&self) -> usize {
        self.codes.len()
    }

    /// The count vector of `state`.
    pub(super) fn counts(&self, state: usize) -> &[u16] {
        let units = self.strides.len();
        &self.vectors[state * units..(state + 1) * units]
    }

    /// The code of a count vector.
    pub(super) fn code_of(&self, counts: &[u16]) -> usize {
        let mut code = 0;
        for (i, &count) in counts.iter().enumerate() {
            code += usize::from(count) * self.strides[i];
        }
        code
    }

    /// The state of `code`, which is within the caps.
    pub(super) fn index(&self, code: usize) -> usize {
        match &self.table {
            Some(table) => table[code] as usize,
            None => self.codes.binary_search(&code).expect("within the caps"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// A group's states are those within every cap, each found again from its code, by table
    /// or (past [`CODES_TABLED`] codes) by search, with its characters and rooms.
    #[test]
    fn group_states_are_the_vectors_within_the_caps() {
        for (atom_caps, tabled) in [(vec![3, 5, 2], true), (vec![1100, 1100, 4], false)] {
            // A cap of 6 on the first two units together.
            let capped = vec![(6, vec![0, 1])];
            let states = GroupStates::of(&atom_caps, &capped);
            assert_eq!(states.table.is_some(), tabled);
            let mut expected = 0;
            for a in 0..=atom_caps[0].min(6) {
                for b in 0..=atom_caps[1].min(6 - a) {
                    for c in 0..=atom_caps[2] {
                        expected += 1;
                        let counts = [a as u16, b as u16, c as u16];
                        let state = states.index(states.code_of(&counts));
                        assert_eq!(states.counts(state), counts);
                        assert_eq!(usize::from(states.characters[state]), a + b + c);
                        let rooms = &states.rooms[state * 3..state * 3 + 3];
                        let shared = (6 - a - b) as u16;
                        assert_eq!(rooms[0], shared.min(atom_caps[0] as u16));
                        assert_eq!(rooms[1], shared.min(atom_caps[1] as u16));
                        // A unit under no cap of the group's has no room (as in the tables).
                        assert_eq!(rooms[2], 0);
                    }
                }
            }
            assert_eq!(states.len(), expected);
            assert_eq!(states.codes[0], 0);
        }
    }
}
