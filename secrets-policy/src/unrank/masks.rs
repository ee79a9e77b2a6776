//! Masks and selects for the word-sized walks, whose time must not depend on the index: a
//! comparison gives a mask (all ones or all zeros) from arithmetic rather than a `bool` the
//! compiler may turn into a branch, and a choice among items is made by visiting every item and
//! keeping the wanted one with the mask, never by indexing with a secret or stopping early.

use crate::table::positions::Kind;

/// All ones when `a < b`, else zeros: the borrow of `a - b`.
pub(super) fn below(a: u64, b: u64) -> u64 {
    0u64.wrapping_sub(u64::from(a.overflowing_sub(b).1))
}

/// All ones when `a == b`, else zeros: `x | -x` has its top bit set exactly when `x != 0`.
pub(super) fn equal(a: u64, b: u64) -> u64 {
    let x = a ^ b;
    ((x | x.wrapping_neg()) >> 63).wrapping_sub(1)
}

/// `a` where `mask` is zeros, `b` where it is all ones.
pub(super) fn select(a: u64, b: u64, mask: u64) -> u64 {
    a ^ ((a ^ b) & mask)
}

/// A move's kind as a number a mask can be computed from.
pub(super) fn kind_code(kind: Kind) -> u64 {
    kind as u64
}

/// The character [`Kind::character`] gives, without a branch on the kind, the letter or `q`
/// and without reading at an address they decide: every character of every letter is visited
/// and the one wanted is kept by a mask. The letters hold at most the alphabet's characters, so
/// a position costs one pass over the alphabet.
pub(super) fn character(letters: &[Vec<u8>], letter: u64, kind: u64, q: u64, previous: u8) -> u8 {
    let same = equal(kind, kind_code(Kind::Same));
    let other = equal(kind, kind_code(Kind::Other));
    let previous = u64::from(previous);
    let mut picked = 0u64;
    for (l, chars) in letters.iter().enumerate() {
        let mine = equal(l as u64, letter);
        // 1 once the previous character is passed in this letter: `Other` skips it.
        let mut passed = 0u64;
        for (i, &c) in chars.iter().enumerate() {
            let c = u64::from(c);
            let is_previous = equal(c, previous);
            let rank = (i as u64).wrapping_sub(passed & other & 1);
            let hit = mine & equal(rank, q) & !(is_previous & other);
            picked |= c & hit;
            passed |= is_previous & 1;
        }
    }
    select(picked, previous, same) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_compare_like_the_operators() {
        let values = [0, 1, 2, 63, 64, u64::MAX / 2, u64::MAX - 1, u64::MAX];
        for a in values {
            for b in values {
                assert_eq!(below(a, b), if a < b { u64::MAX } else { 0 }, "{a} {b}");
                assert_eq!(equal(a, b), if a == b { u64::MAX } else { 0 }, "{a} {b}");
                assert_eq!(select(a, b, 0), a);
                assert_eq!(select(a, b, u64::MAX), b);
            }
        }
    }

    #[test]
    fn the_character_is_the_one_kind_character_gives() {
        let letters = vec![vec![3u8, 5, 9], vec![1u8], vec![0u8, 2, 4, 6]];
        for (l, letter) in letters.iter().enumerate() {
            for &previous in letter.iter().chain(&[7u8]) {
                for kind in [Kind::Any, Kind::Same, Kind::Other] {
                    let ways = match kind {
                        Kind::Any => letter.len(),
                        Kind::Same => 1,
                        Kind::Other if letter.contains(&previous) => letter.len() - 1,
                        Kind::Other => 0,
                    };
                    for q in 0..ways {
                        assert_eq!(
                            character(&letters, l as u64, kind_code(kind), q as u64, previous),
                            kind.character(letter, q, previous),
                            "letter {l} {kind:?} q {q} previous {previous}"
                        );
                    }
                }
            }
        }
    }
}
