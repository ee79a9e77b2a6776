//! Masks and selects for the word-sized walks, whose time must not depend on the index: a
//! comparison gives a mask (all ones or all zeros) from arithmetic rather than a `bool` the
//! compiler may turn into a branch, and a choice among items is made by visiting every item and
//! keeping the wanted one with the mask, never by indexing with a secret or stopping early.
//!
//! Every mask passes through [`black_box`]: an optimiser that sees a value is all ones or all
//! zeros may turn `x & mask` back into a branch (without it, the character pass skipped the
//! letters other than the chosen one and branched on the kind, in the release build's
//! assembly), and `black_box` hides what the mask can be. It is a hint, not a guarantee: the
//! constant-time script (`scripts/constant-time.sh`) measures the result.

#[cfg(any(feature = "walk", not(feature = "checks")))]
use std::hint::black_box;

use crate::table::Kind;

/// All ones when `a < b`, else zeros: the borrow of `a - b`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn below(a: u64, b: u64) -> u64 {
    black_box(0u64.wrapping_sub(u64::from(a.overflowing_sub(b).1)))
}

/// All ones when `a >= b`, else zeros: one less than the borrow of `a - b`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn at_least(a: u64, b: u64) -> u64 {
    black_box(u64::from(a.overflowing_sub(b).1).wrapping_sub(1))
}

/// All ones when `a == b`, else zeros: `x | -x` has its top bit set exactly when `x != 0`.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn equal(a: u64, b: u64) -> u64 {
    let x = a ^ b;
    black_box(((x | x.wrapping_neg()) >> 63).wrapping_sub(1))
}

/// `a` where `mask` is zeros, `b` where it is all ones.
#[cfg(any(feature = "walk", not(feature = "checks")))]
pub(super) fn select(a: u64, b: u64, mask: u64) -> u64 {
    a ^ ((a ^ b) & mask)
}

/// A move's kind as a number a mask can be computed from.
pub(super) fn kind_code(kind: Kind) -> u64 {
    kind as u64
}

/// The letters' characters one after the other, for [`Letters::character`].
pub(crate) struct Letters {
    pub(super) chars: Vec<u8>,
    /// Where each letter starts in `chars`.
    pub(super) starts: Vec<u32>,
}

impl Letters {
    pub(super) fn of(letters: &[Vec<u8>]) -> Letters {
        let mut chars = Vec::new();
        let mut starts = Vec::with_capacity(letters.len());
        for letter in letters {
            starts.push(chars.len() as u32);
            chars.extend_from_slice(letter);
        }
        debug_assert!(chars.len() <= 256, "alphabet indices are bytes");
        Letters { chars, starts }
    }

    pub(super) fn bytes(&self) -> usize {
        self.chars.len() + 4 * self.starts.len()
    }

    /// The alphabet index `offset` to add to a place in each letter to get its character,
    /// when every letter's characters are consecutive alphabet indices (`a-z` alone, say, or
    /// the card policy's three classes): a character is then arithmetic on its place, with no
    /// pass over the alphabet. `None` when a letter skips an index (`"aeiou"`), or has none.
    pub(super) fn offsets(&self) -> Option<Vec<u8>> {
        let mut offsets = Vec::with_capacity(self.starts.len());
        for (k, &start) in self.starts.iter().enumerate() {
            let end = match self.starts.get(k + 1) {
                Some(&next) => next,
                None => self.chars.len() as u32,
            };
            let letter = self.chars.get(start as usize..end as usize)?;
            let first = *letter.first()?;
            for (i, &c) in letter.iter().enumerate() {
                if usize::from(c) != usize::from(first) + i {
                    return None;
                }
            }
            offsets.push(first.wrapping_sub(start as u8));
        }
        Some(offsets)
    }

    /// Where among the letters' characters the character [`Kind::character`] gives is, for the
    /// move of kind `kind` (a [`kind_code`]) on the letter starting at `start`: `previous_at`
    /// is where the previous character is. Computed with masks: for `Other`, one past the
    /// previous character's place once it is reached (the letter's characters but that one, in
    /// order); for `Same`, the previous place.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(super) fn place(start: u64, kind: u64, q: u64, previous_at: u64) -> u64 {
        let same = equal(kind, kind_code(Kind::Same));
        let other = equal(kind, kind_code(Kind::Other));
        let at = start + q;
        let at = at + (other & !below(at, previous_at) & 1);
        black_box(select(at, previous_at, same))
    }

    /// The character at place `at`, read by visiting every character of every letter and
    /// keeping the one there, not by indexing with it.
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(super) fn at(&self, at: u64) -> u8 {
        // The letters hold at most 256 characters (alphabet indices are bytes), so places fit a
        // byte, and the pass compares 16 places a vector instruction.
        let at_byte = at as u8;
        let mut picked = 0u8;
        for (i, &c) in self.chars.iter().enumerate() {
            // All ones at `at`: the plain comparison, as the optimiser compiles this loop to
            // vector compares (the release build's assembly has no branch in it).
            let here = 0u8.wrapping_sub(u8::from(i as u8 == at_byte));
            picked |= c & here;
        }
        picked
    }

    /// The character [`Kind::character`] gives for the move of kind `kind` (a [`kind_code`]) on
    /// the letter starting at `start`, and where it is ([`Letters::place`], read by
    /// [`Letters::at`]).
    #[cfg(any(feature = "walk", not(feature = "checks")))]
    pub(super) fn character(&self, start: u64, kind: u64, q: u64, previous_at: u64) -> (u8, u64) {
        let at = Letters::place(start, kind, q, previous_at);
        (self.at(at), at)
    }
}

#[cfg(all(test, any(feature = "walk", not(feature = "checks"))))]
mod tests {
    use super::*;

    #[test]
    fn masks_compare_like_the_operators() {
        let values = [0, 1, 2, 63, 64, u64::MAX / 2, u64::MAX - 1, u64::MAX];
        for a in values {
            for b in values {
                assert_eq!(below(a, b), if a < b { u64::MAX } else { 0 }, "{a} {b}");
                assert_eq!(at_least(a, b), if a >= b { u64::MAX } else { 0 }, "{a} {b}");
                assert_eq!(equal(a, b), if a == b { u64::MAX } else { 0 }, "{a} {b}");
                assert_eq!(select(a, b, 0), a);
                assert_eq!(select(a, b, u64::MAX), b);
            }
        }
    }

    #[test]
    fn the_character_is_the_one_kind_character_gives() {
        let letters = vec![vec![3u8, 5, 9], vec![1u8], vec![0u8, 2, 4, 6]];
        let flat = Letters::of(&letters);
        for (l, letter) in letters.iter().enumerate() {
            let start = u64::from(flat.starts[l]);
            for (k, &previous) in letter.iter().enumerate() {
                for kind in [Kind::Any, Kind::Same, Kind::Other] {
                    let ways = match kind {
                        Kind::Any => letter.len(),
                        Kind::Same => 1,
                        Kind::Other => letter.len() - 1,
                    };
                    for q in 0..ways {
                        let expected = kind.character(letter, q, previous);
                        let (c, at) =
                            flat.character(start, kind_code(kind), q as u64, start + k as u64);
                        assert_eq!(c, expected, "letter {l} {kind:?} q {q} previous {previous}");
                        assert_eq!(flat.chars[at as usize], c);
                    }
                }
            }
        }
    }
}
