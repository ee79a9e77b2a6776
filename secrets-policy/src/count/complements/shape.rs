//! A term's shape: its caps less those another implies, each atom's cap, the tracked atoms in
//! groups and units, the spanning rows within a group ([`RowShape`]), and what a group's sums
//! depend on ([`GroupKey`]).

use super::terms::{Cap, Term};

/// A term's shape: its caps less those another cap implies ([`without_implied`]), each atom's
/// cap (`None`: free), and the tracked atoms in groups that share no capped constraint, each
/// group's atoms by *unit*: atoms that every capped constraint counts alike share one counter
/// (a capped union of classes is one counter, not one per class; a cap past half of `len`
/// flipped onto the other classes is one counter for them), their pieces added up. `groups`
/// holds each unit's first atom, `units` its atoms.
pub(super) struct Shape {
    pub(super) caps: Vec<Option<Cap>>,
    pub(super) atom_caps: Vec<Option<usize>>,
    pub(super) groups: Vec<Vec<usize>>,
    pub(super) units: Vec<Vec<usize>>,
    /// Each tracked atom's unit (its first atom).
    pub(super) unit_of: Vec<Option<usize>>,
}

/// Puts `atoms` in one group: every atom of their groups takes the first one's group.
fn join(group_of: &mut [usize], atoms: &[usize]) {
    let Some(&first) = atoms.first() else {
        return;
    };
    let joined = group_of[first];
    for &a in atoms {
        let old = group_of[a];
        for g in group_of.iter_mut() {
            if *g == old {
                *g = joined;
            }
        }
    }
}

impl Shape {
    pub(super) fn of(term: &Term, masks: &[u32], spanning: &[Vec<usize>]) -> Shape {
        let caps = without_implied(&term.caps, masks);
        let mut atom_caps: Vec<Option<usize>> = Vec::with_capacity(masks.len());
        for &mask in masks {
            let mut least: Option<usize> = None;
            for (j, cap) in caps.iter().enumerate() {
                let Some(cap) = cap else {
                    continue;
                };
                match least {
                    Some(l) if l <= cap.cap => {}
                    _ if cap.counts(mask, j) => least = Some(cap.cap),
                    _ => {}
                }
            }
            atom_caps.push(least);
        }
        // Groups: atoms joined by a capped constraint they both count toward.
        let mut group_of: Vec<usize> = (0..masks.len()).collect();
        for (j, cap) in caps.iter().enumerate() {
            let Some(cap) = cap else {
                continue;
            };
            let mut members: Vec<usize> = Vec::new();
            for (a, &mask) in masks.iter().enumerate() {
                if cap.counts(mask, j) {
                    members.push(a);
                }
            }
            join(&mut group_of, &members);
        }
        // A row that spans atoms joins the groups of its tracked atoms: its pieces move them all.
        for row in spanning {
            let mut tracked: Vec<usize> = Vec::new();
            for &a in row {
                if atom_caps[a].is_some() {
                    tracked.push(a);
                }
            }
            join(&mut group_of, &tracked);
        }
        // The capped constraints that count each atom: atoms alike in all share a unit.
        let signature = |a: usize| -> Vec<bool> {
            let mut counted = Vec::with_capacity(caps.len());
            for (j, cap) in caps.iter().enumerate() {
                counted.push(matches!(cap, Some(cap) if cap.counts(masks[a], j)));
            }
            counted
        };
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut units: Vec<Vec<usize>> = vec![Vec::new(); masks.len()];
        let mut leaders: Vec<usize> = Vec::new();
        for a in 0..masks.len() {
            if atom_caps[a].is_none() {
                continue;
            }
            if let Some(g) = leaders.iter().position(|&l| l == group_of[a]) {
                let mut alike = None;
                for &u in &groups[g] {
                    if signature(u) == signature(a) {
                        alike = Some(u);
                        break;
                    }
                }
                if let Some(unit) = alike {
                    units[unit].push(a);
                } else {
                    groups[g].push(a);
                    units[a].push(a);
                }
            } else {
                leaders.push(group_of[a]);
                groups.push(vec![a]);
                units[a].push(a);
            }
        }
        let mut unit_of = vec![None; masks.len()];
        for group in &groups {
            for &unit in group {
                for &a in &units[unit] {
                    unit_of[a] = Some(unit);
                }
            }
        }
        Shape {
            caps,
            atom_caps,
            groups,
            units,
            unit_of,
        }
    }

    /// The spanning rows with a tracked character in `group`, each character's unit as an
    /// index in the row's own units, and those units (indices in `group`) with their caps.
    pub(super) fn rows_of(&self, group: &[usize], spanning: &[Vec<usize>]) -> Vec<RowShape> {
        let in_group = |a: usize| -> Option<usize> {
            let unit = self.unit_of[a]?;
            group.iter().position(|&u| u == unit)
        };
        let mut rows = Vec::new();
        for (index, row) in spanning.iter().enumerate() {
            let mut present: Vec<usize> = Vec::new();
            for &a in row {
                if let Some(i) = in_group(a) {
                    present.push(i);
                }
            }
            if present.is_empty() {
                continue;
            }
            present.sort_unstable();
            present.dedup();
            let mut units = Vec::with_capacity(row.len());
            for &a in row {
                units.push(in_group(a).map(|i| present.binary_search(&i).expect("present")));
            }
            let mut caps = Vec::with_capacity(present.len());
            for &i in &present {
                caps.push(self.atom_caps[group[i]].expect("tracked"));
            }
            rows.push(RowShape {
                index,
                units,
                present,
                caps,
            });
        }
        rows
    }

    /// The free atoms (no capped constraint counts them).
    pub(super) fn free(&self) -> Vec<usize> {
        let mut free = Vec::new();
        for (a, cap) in self.atom_caps.iter().enumerate() {
            if cap.is_none() {
                free.push(a);
            }
        }
        free
    }

    /// The most characters the tracked atoms take: each unit's cap, added up.
    pub(super) fn tracked_room(&self) -> usize {
        let mut room = 0;
        for group in &self.groups {
            for &unit in group {
                room += self.atom_caps[unit].expect("tracked");
            }
        }
        room
    }

    /// Whether the term counts nothing: the tracked atoms cannot fill the password alone.
    pub(super) fn is_empty(&self, len: usize) -> bool {
        self.free().is_empty() && self.tracked_room() < len
    }
}

/// `caps` less each cap that another one kept implies: one counting every atom it counts (and
/// maybe more) with a cap no higher. A term's value does not change: a password within the
/// other caps is within it. (A spanning row's characters are each in an atom, so the atoms
/// decide for the rows too.)
pub(super) fn without_implied(caps: &[Option<Cap>], masks: &[u32]) -> Vec<Option<Cap>> {
    let counted = |j: usize, cap: Cap| -> Vec<bool> {
        let mut counted = Vec::with_capacity(masks.len());
        for &mask in masks {
            counted.push(cap.counts(mask, j));
        }
        counted
    };
    let mut kept = caps.to_vec();
    for j in 0..kept.len() {
        let Some(cap) = kept[j] else {
            continue;
        };
        let mine = counted(j, cap);
        let mut implied = false;
        for (i, other) in kept.iter().enumerate() {
            let Some(other) = *other else {
                continue;
            };
            if i != j && other.cap <= cap.cap {
                let theirs = counted(i, other);
                let mut covers = true;
                for (a, &counts) in mine.iter().enumerate() {
                    covers &= !counts || theirs[a];
                }
                if covers {
                    implied = true;
                    break;
                }
            }
        }
        if implied {
            kept[j] = None;
        }
    }
    kept
}

/// A spanning row within one group of a term: the row (its index), each character's unit (an
/// index in `present`, or `None` for a free character), the group's units it holds (indices
/// in the group) and their caps.
pub(super) struct RowShape {
    index: usize,
    pub(super) units: Vec<Option<usize>>,
    pub(super) present: Vec<usize>,
    pub(super) caps: Vec<usize>,
}

/// What identifies a spanning row's pieces in a term: the row, its characters' units and
/// their caps.
pub(super) type RowKey = (usize, Vec<Option<usize>>, Vec<usize>);

impl RowShape {
    /// A spanning row with no tracked character in the term.
    pub(super) fn free(index: usize, size: usize) -> RowShape {
        RowShape {
            index,
            units: vec![None; size],
            present: Vec::new(),
            caps: Vec::new(),
        }
    }

    /// The key of its pieces: the same row with the same units and caps has the same pieces.
    pub(super) fn key(&self) -> RowKey {
        (self.index, self.units.clone(), self.caps.clone())
    }
}

/// What a group's sums depend on: each of its units' atoms and cap, and the capped constraints
/// the group counts toward (see [`capped`]). The spanning rows in the group, and how the term
/// splits them, follow from its units' atoms and caps (a row's tracked atoms are all in one
/// group, its other characters free).
pub(super) type GroupKey = (
    Vec<Vec<usize>>,
    Vec<Option<usize>>,
    Vec<(usize, Vec<usize>)>,
);

/// How many of the first keys of `a` and `b` are alike.
pub(super) fn common_prefix(a: &[GroupKey], b: &[GroupKey]) -> usize {
    let mut alike = 0;
    while alike < a.len() && alike < b.len() && a[alike] == b[alike] {
        alike += 1;
    }
    alike
}

pub(super) fn group_key(group: &[usize], shape: &Shape, masks: &[u32]) -> GroupKey {
    let mut units = Vec::with_capacity(group.len());
    let mut caps = Vec::with_capacity(group.len());
    for &unit in group {
        units.push(shape.units[unit].clone());
        caps.push(shape.atom_caps[unit]);
    }
    (units, caps, capped(group, masks, &shape.caps))
}

/// The capped constraints `group` counts toward among `caps`: each one's cap and the indices in
/// `group` of its atoms.
pub(super) fn capped(
    group: &[usize],
    masks: &[u32],
    caps: &[Option<Cap>],
) -> Vec<(usize, Vec<usize>)> {
    let mut capped = Vec::new();
    for (j, cap) in caps.iter().enumerate() {
        let Some(cap) = cap else {
            continue;
        };
        let mut members: Vec<usize> = Vec::new();
        for (i, &a) in group.iter().enumerate() {
            if cap.counts(masks[a], j) {
                members.push(i);
            }
        }
        if !members.is_empty() {
            capped.push((cap.cap, members));
        }
    }
    capped
}
