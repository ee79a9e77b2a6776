//! Sets of ASCII printable characters, the only characters the `passwordrules` language can name.

use std::ops::RangeInclusive;

/// A set of ASCII characters, one bit per code point (`U+0000` to `U+007F`).
///
/// The language's sets are all ASCII printable, so a bit set makes union, subset and equality
/// (which the translation needs over and over) single integer operations, and iterating the bits
/// lists the characters in ASCII order whatever order the site wrote them in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct CharSet(u128);

impl CharSet {
    /// The empty set.
    pub(super) const EMPTY: CharSet = CharSet(0);
    /// `upper`: `A` to `Z`.
    pub(super) const UPPER: CharSet = CharSet::range('A'..='Z');
    /// `lower`: `a` to `z`.
    pub(super) const LOWER: CharSet = CharSet::range('a'..='z');
    /// `digit`: `0` to `9`.
    pub(super) const DIGIT: CharSet = CharSet::range('0'..='9');
    /// `ascii-printable`: space to `~`, space included as in the reference parser.
    pub(super) const ASCII_PRINTABLE: CharSet = CharSet::range(' '..='~');
    /// `special`: every ASCII printable character that is not a letter or digit, space included
    /// (the reference parser marks ` `..`/`, `:`..`@`, `[`..`` ` `` and `{`..`~`).
    pub(super) const SPECIAL: CharSet = CharSet(
        CharSet::ASCII_PRINTABLE.0 & !(CharSet::UPPER.0 | CharSet::LOWER.0 | CharSet::DIGIT.0),
    );

    /// The characters of an inclusive ASCII range.
    #[inline]
    const fn range(range: RangeInclusive<char>) -> CharSet {
        let (start, end) = (*range.start() as u32, *range.end() as u32);
        // Bits `start..=end`: all ones up to `end`, minus all ones below `start`.
        let up_to_end = if end >= 127 {
            u128::MAX
        } else {
            (1u128 << (end + 1)) - 1
        };
        CharSet(up_to_end & !((1u128 << start) - 1))
    }

    /// Whether `c` is one the language can put in a set: `U+0020` to `U+007E`.
    #[inline]
    pub(super) fn is_ascii_printable(c: char) -> bool {
        (' '..='~').contains(&c)
    }

    /// Adds `c`, which must be ASCII.
    #[inline]
    pub(super) fn insert(&mut self, c: char) {
        debug_assert!(c.is_ascii(), "CharSet::insert: `{c}` is not ASCII");
        self.0 |= 1u128 << (c as u32);
    }

    /// Whether the set holds no character.
    #[inline]
    pub(super) const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The characters in either set.
    #[must_use]
    #[inline]
    pub(super) const fn union(self, other: CharSet) -> CharSet {
        CharSet(self.0 | other.0)
    }

    /// The characters in both sets.
    #[must_use]
    #[inline]
    pub(super) const fn intersection(self, other: CharSet) -> CharSet {
        CharSet(self.0 & other.0)
    }

    /// The characters of `self` that are not in `other`.
    #[must_use]
    #[inline]
    pub(super) const fn difference(self, other: CharSet) -> CharSet {
        CharSet(self.0 & !other.0)
    }

    /// Whether every character of `self` is in `other`.
    #[inline]
    pub(super) const fn is_subset(self, other: CharSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the sets share a character.
    #[inline]
    pub(super) const fn intersects(self, other: CharSet) -> bool {
        self.0 & other.0 != 0
    }

    /// The characters, in ASCII order.
    #[inline]
    pub(super) fn chars(self) -> impl Iterator<Item = char> {
        (0u8..128)
            .filter(move |&b| self.0 & (1u128 << b) != 0)
            .map(char::from)
    }

    /// The characters as a string, in ASCII order.
    #[inline]
    pub(super) fn to_text(self) -> String {
        self.chars().collect()
    }
}

impl FromIterator<char> for CharSet {
    /// The set of the given ASCII characters.
    #[inline]
    fn from_iter<I: IntoIterator<Item = char>>(chars: I) -> Self {
        let mut set = CharSet::EMPTY;
        for c in chars {
            set.insert(c);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::CharSet;
    use crate::alphabet;

    #[test]
    fn named_sets_match_the_reference_parser() {
        assert_eq!(CharSet::UPPER.to_text(), alphabet::ASCII_UPPERCASE);
        assert_eq!(CharSet::LOWER.to_text(), alphabet::ASCII_LOWERCASE);
        assert_eq!(CharSet::DIGIT.to_text(), alphabet::DIGITS);
        // `special` is Python's `string.punctuation` plus the space.
        assert_eq!(
            CharSet::SPECIAL.to_text(),
            format!(" {}", alphabet::PUNCTUATION)
        );
        assert_eq!(CharSet::ASCII_PRINTABLE.chars().count(), 95);
        assert_eq!(
            CharSet::ASCII_PRINTABLE,
            CharSet::UPPER
                .union(CharSet::LOWER)
                .union(CharSet::DIGIT)
                .union(CharSet::SPECIAL)
        );
    }

    #[test]
    fn set_operations() {
        let abc: CharSet = "cab".chars().collect();
        let bcd: CharSet = "bcd".chars().collect();
        assert_eq!(abc.to_text(), "abc");
        assert_eq!(abc.union(bcd).to_text(), "abcd");
        assert_eq!(abc.intersection(bcd).to_text(), "bc");
        assert_eq!(abc.difference(bcd).to_text(), "a");
        assert!(abc.intersects(bcd));
        assert!(!abc.intersects("xyz".chars().collect()));
        assert!(abc.is_subset(CharSet::LOWER));
        assert!(!abc.is_subset(bcd));
        assert!(CharSet::EMPTY.is_empty() && !abc.is_empty());
        assert!(CharSet::is_ascii_printable(' ') && CharSet::is_ascii_printable('~'));
        assert!(!CharSet::is_ascii_printable('\t') && !CharSet::is_ascii_printable('é'));
        // The last ASCII character sits on the top bit.
        assert_eq!(CharSet::range('~'..='\u{7f}').to_text(), "~\u{7f}");
    }
}
