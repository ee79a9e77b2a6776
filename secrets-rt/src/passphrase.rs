//! Passphrases: words drawn uniformly from a [`Wordlist`], with the options password managers
//! offer (capitalized words, a digit), and their exact entropy.

use std::fmt;

use zeroize::Zeroizing;

use crate::below::index_below;
use crate::os::{expect_os, Draws};
use crate::wordlist::shown;
use crate::{Error, Wordlist};

/// A passphrase to draw: how many words, from which list, joined how, capitalized or not, with
/// a digit or not. A small `Copy` value built with chained methods; [`Passphrase::generate`]
/// draws one.
///
/// - [`capitalize`](Passphrase::capitalize) writes each word with a capital first letter
///   (`Correct-Horse`). It adds no entropy: the capitals are not random.
/// - [`number`](Passphrase::number) adds one random digit at the end of one randomly chosen
///   word (`correct-horse7-battery`): `log2(10 * words)` more bits, 5.9069 for six words.
///
/// Each word, the word that gets the digit, and the digit are drawn independently and
/// uniformly (rejection sampling, as [`randbelow`](crate::randbelow)), all from one OS call
/// for up to 510 words.
///
/// # Examples
/// ```
/// use secrets_rt::{Passphrase, Wordlist};
///
/// // Spaces, since a few EFF words hold a hyphen (`yo-yo`).
/// let spec = Passphrase::new(4).separator(" ").capitalize(true).number(true);
/// let phrase = spec.generate();
/// assert_eq!(phrase.split(' ').count(), 4);
/// assert_eq!(phrase.chars().filter(char::is_ascii_digit).count(), 1);
/// assert!(phrase.split(' ').all(|word| word.starts_with(|c: char| c.is_ascii_uppercase())));
///
/// // 4 EFF words (51.6993 bits) and a digit on one of them (log2(40) = 5.3219 bits), exact:
/// // the EFF list reads back into its words, capitalized or not, digit or not.
/// assert!((spec.entropy_bits() - 57.0212).abs() < 1e-4);
/// assert_eq!(spec.ambiguity(), None);
///
/// // From another list.
/// let list = Wordlist::from_words((0..2048).map(|i| format!("w{i}"))).unwrap();
/// let phrase = Passphrase::new(3).wordlist(&list).generate();
/// assert_eq!(phrase.split(' ').count(), 3);
/// let phrase = Passphrase::with_wordlist(&list, 3).separator("_").generate();
/// assert_eq!(phrase.split('_').count(), 3);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Passphrase<'a> {
    words: usize,
    wordlist: &'a Wordlist,
    separator: &'a str,
    capitalize: bool,
    number: bool,
}

#[cfg(feature = "eff-wordlist")]
impl Passphrase<'static> {
    /// `words` words from the EFF large list ([`Wordlist::eff_large`]), joined with a space,
    /// not capitalized, without a digit. `words == 0` gives the empty string, as in Python.
    ///
    /// With the `eff-wordlist` feature (on by default); without it, use
    /// [`Passphrase::with_wordlist`].
    #[must_use]
    #[inline]
    pub fn new(words: usize) -> Passphrase<'static> {
        Passphrase::with_wordlist(Wordlist::eff_large(), words)
    }
}

impl<'a> Passphrase<'a> {
    /// `words` words from `wordlist`, joined with a space, not capitalized, without a digit:
    /// [`Passphrase::new`]`(words).wordlist(wordlist)`.
    #[must_use]
    #[inline]
    pub fn with_wordlist(wordlist: &'a Wordlist, words: usize) -> Passphrase<'a> {
        Passphrase {
            words,
            wordlist,
            separator: " ",
            capitalize: false,
            number: false,
        }
    }

    /// Draws the words from `wordlist` instead of the EFF large list.
    #[must_use]
    #[inline]
    pub fn wordlist(self, wordlist: &'a Wordlist) -> Passphrase<'a> {
        Passphrase { wordlist, ..self }
    }

    /// Joins the words with `separator` (a space by default; it may be empty).
    #[must_use]
    #[inline]
    pub fn separator(self, separator: &'a str) -> Passphrase<'a> {
        Passphrase { separator, ..self }
    }

    /// Writes each word with its first character in upper case (`Correct Horse`). Adds no
    /// entropy.
    #[must_use]
    #[inline]
    pub fn capitalize(self, capitalize: bool) -> Passphrase<'a> {
        Passphrase { capitalize, ..self }
    }

    /// Adds one random digit (0 to 9) at the end of one randomly chosen word: `log2(10 *
    /// words)` more bits. Nothing is added to a passphrase of no words.
    #[must_use]
    #[inline]
    pub fn number(self, number: bool) -> Passphrase<'a> {
        Passphrase { number, ..self }
    }

    /// A passphrase drawn as specified: Python's `' '.join(secrets.choice(words) for i in
    /// range(4))`, plus the options.
    ///
    /// The string is allocated once, at the length of the words drawn, so no partial copy of
    /// the passphrase is left behind in memory freed by a reallocation; the random bytes and
    /// the word numbers behind it are wiped. Wrap the result in [`zeroize::Zeroizing`] to wipe
    /// it when dropped.
    ///
    /// # Panics
    /// If the passphrase cannot be held in memory (more than `isize::MAX` bytes, or more than
    /// the allocator can give): `Passphrase::generate: 1099511627776 words with separator " "
    /// do not fit in memory`. Also if the operating system's random source fails;
    /// [`Passphrase::try_generate`] returns the error instead.
    #[must_use]
    #[inline]
    pub fn generate(&self) -> String {
        expect_os(self.draw("Passphrase::generate"), "Passphrase::generate")
    }

    /// A passphrase drawn as specified, or the error of the operating system's random source.
    ///
    /// # Errors
    /// When the OS random source fails; no weaker source is ever used instead.
    ///
    /// # Panics
    /// If the passphrase cannot be held in memory, as [`Passphrase::generate`].
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::{Error, Passphrase};
    ///
    /// fn recovery_phrase() -> Result<String, Error> {
    ///     Passphrase::new(8).separator(" ").try_generate()
    /// }
    /// assert_eq!(recovery_phrase().unwrap().split(' ').count(), 8);
    /// ```
    #[inline]
    pub fn try_generate(&self) -> Result<String, Error> {
        self.draw("Passphrase::try_generate")
    }

    /// The entropy of the draw, in bits: `words * log2(len)`, plus `log2(10 * words)` with a
    /// digit. It is the passphrase's exact entropy when [`Passphrase::ambiguity`] is `None`
    /// (different draws then always print different passphrases), and an upper bound
    /// otherwise.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Passphrase;
    ///
    /// assert_eq!(format!("{:.4}", Passphrase::new(6).entropy_bits()), "77.5489");
    /// // The digit: log2(60) = 5.9069 more bits. Capitals: none.
    /// let spec = Passphrase::new(6).number(true).capitalize(true);
    /// assert_eq!(format!("{:.4}", spec.entropy_bits()), "83.4558");
    /// ```
    #[must_use]
    #[inline]
    pub fn entropy_bits(&self) -> f64 {
        let mut bits = self.wordlist.entropy_bits(self.words);
        if self.has_digit() {
            bits += (10.0 * self.words as f64).log2();
        }
        bits
    }

    /// Why two different draws might print the same passphrase, making
    /// [`Passphrase::entropy_bits`] an upper bound; `None` when they never can, and the
    /// entropy is exact.
    ///
    /// `None` is a proof; `Some` says which check could not give one. Capitalized words that
    /// print alike always collide; for the separator and the digit the checks are sufficient
    /// conditions, so a list can be reported as ambiguous though no collision exists (telling
    /// in general would mean searching every way to read a passphrase).
    ///
    /// Always `None` for the EFF large list: no word is a prefix of another, capitalized or
    /// not, and no word holds a digit, so every passphrase reads back into its words, its
    /// digit and where the digit is, whatever the separator. For other lists the words are
    /// checked as shown (capitalized when asked): the passphrase reads back when no word is a
    /// prefix of another (and, with a digit, none starts with a digit), or when the separator
    /// is not empty and occurs in no word (and, with a digit, holds no digit, and no word ends
    /// with one).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::{Ambiguity, Passphrase, Wordlist};
    ///
    /// let mut words: Vec<String> = (0..1024).map(|i| format!("w{i}")).collect();
    /// words.extend(["polish".to_owned(), "Polish".to_owned()]);
    /// let list = Wordlist::from_words(&words).unwrap();
    ///
    /// let spec = Passphrase::new(4).wordlist(&list);
    /// assert_eq!(spec.ambiguity(), None);
    /// assert_eq!(
    ///     spec.capitalize(true).ambiguity(),
    ///     Some(Ambiguity::Capitalization { first: "polish", second: "Polish" })
    /// );
    /// // `w1` + `0` reads as `w10`.
    /// assert_eq!(spec.separator("").ambiguity(), Some(Ambiguity::Separator { separator: "" }));
    /// ```
    #[must_use]
    #[inline]
    pub fn ambiguity(&self) -> Option<Ambiguity<'a>> {
        let list = self.wordlist;
        if self.words == 0 {
            return None;
        }
        let prefix_free = if self.capitalize {
            let scan = list.scan(true);
            if let Some((first, second)) = scan.alike {
                return Some(Ambiguity::Capitalization { first, second });
            }
            scan.prefix_free
        } else {
            list.is_prefix_free()
        };
        // One word: no separator is printed, and the digit, when there is one, is always its
        // last character.
        if self.words == 1 {
            return None;
        }
        let digit = |c: char| c.is_ascii_digit();
        let splits = list.separator_splits(self.separator, self.capitalize);
        if !(prefix_free || splits) {
            return Some(Ambiguity::Separator {
                separator: self.separator,
            });
        }
        if !self.number {
            return None;
        }
        // Read from the left, a prefix-free list tells a digit from the next word unless a
        // word starts with a digit; split at the separator, the piece that ends in a digit is
        // the one that got it unless the separator holds a digit or a word ends in one.
        let reads_from_left = prefix_free && !list.words().any(|word| word.starts_with(digit));
        let reads_by_splitting = splits
            && !self.separator.contains(digit)
            && !list.words().any(|word| word.ends_with(digit));
        if reads_from_left || reads_by_splitting {
            None
        } else {
            Some(Ambiguity::Number)
        }
    }

    /// Whether a digit is added: asked for, and a word to add it to.
    #[inline]
    fn has_digit(&self) -> bool {
        self.number && self.words > 0
    }

    /// Draws the passphrase; `function` names the caller in a panic.
    #[inline]
    fn draw(&self, function: &str) -> Result<String, Error> {
        let (words, list) = (self.words, self.wordlist);
        let too_large = || -> ! {
            panic!(
                "{function}: {words} words with separator {:?} do not fit in memory",
                self.separator
            )
        };
        // The word numbers say what the passphrase is: wiped when dropped, and reserved at
        // their final size so no reallocation leaves a copy behind.
        let mut chosen = Zeroizing::new(Vec::<usize>::new());
        if chosen.try_reserve_exact(words).is_err() {
            too_large();
        }
        // Eight bytes for each word, the word that gets the digit and the digit, in one OS
        // call (a `Draws` holds up to 4 KiB: 512 draws). A rejection, rare for any list below
        // 2^40 words, may need a refill.
        let draws_needed = words.saturating_add(if self.has_digit() { 2 } else { 0 });
        let mut draws = Draws::new(draws_needed.saturating_mul(8));
        for _ in 0..words {
            chosen.push(index_below(list.len(), &mut draws)?);
        }
        let digit = if self.has_digit() {
            let position = index_below(words, &mut draws)?;
            // Below 10, so the cast is lossless and the character a digit.
            let digit = char::from(b'0' + index_below(10, &mut draws)? as u8);
            Some((position, digit))
        } else {
            None
        };

        let mut len = self
            .separator
            .len()
            .checked_mul(words.saturating_sub(1))
            .unwrap_or_else(|| too_large());
        for &index in chosen.iter() {
            let word_len = shown(list.word(index), self.capitalize)
                .map(char::len_utf8)
                .sum();
            len = len.checked_add(word_len).unwrap_or_else(|| too_large());
        }
        len = len
            .checked_add(usize::from(digit.is_some()))
            .unwrap_or_else(|| too_large());
        let mut phrase = String::new();
        if phrase.try_reserve_exact(len).is_err() {
            too_large();
        }
        for (position, &index) in chosen.iter().enumerate() {
            if position > 0 {
                phrase.push_str(self.separator);
            }
            phrase.extend(shown(list.word(index), self.capitalize));
            if let Some((at, digit)) = digit {
                if at == position {
                    phrase.push(digit);
                }
            }
        }
        debug_assert_eq!(phrase.len(), len, "the passphrase has the length reserved");
        Ok(phrase)
    }
}

/// Why two different draws might print the same passphrase (see [`Passphrase::ambiguity`]):
/// the passphrase's entropy is then at most [`Passphrase::entropy_bits`].
///
/// Its `Display` says it in a phrase, such as ``capitalized, the words `polish` and `Polish`
/// are the same``.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ambiguity<'a> {
    /// The separator may not show where words end: it is empty or occurs in words, and some
    /// word is a prefix of another (`cat` + `sup` and `cats` + `up` both give `catsup`).
    Separator {
        /// The separator.
        separator: &'a str,
    },
    /// Two words of the list are the same once capitalized.
    Capitalization {
        /// The word that comes first in the list.
        first: &'a str,
        /// The other word.
        second: &'a str,
    },
    /// The added digit may be read as part of a word or of the separator (`w1` + `0` and `w10`
    /// look alike).
    Number,
}

impl fmt::Display for Ambiguity<'_> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ambiguity::Separator { separator } => write!(
                f,
                "with the separator {separator:?}, different words may give the same passphrase"
            ),
            Ambiguity::Capitalization { first, second } => write!(
                f,
                "capitalized, the words `{first}` and `{second}` are the same"
            ),
            Ambiguity::Number => f.write_str(
                "the added digit may be read as part of a word or of the separator, so \
                 different draws may give the same passphrase",
            ),
        }
    }
}

impl Wordlist {
    /// A passphrase of `words` words drawn independently and uniformly from the list, joined
    /// with `separator`: Python's `' '.join(secrets.choice(words) for i in range(4))`.
    /// [`Passphrase`] adds the options (capitals, a digit).
    ///
    /// Its entropy is [`Wordlist::entropy_bits`]`(words)`, `words * log2(len)` bits: 77.5489
    /// bits for 6 words of the EFF list. `words == 0` gives the empty string, as in Python.
    /// The whole passphrase takes one OS call (for up to 512 words).
    ///
    /// The string is allocated once, at the length of the words drawn, so no partial copy of
    /// the passphrase is left behind in memory freed by a reallocation; wrap the result in
    /// [`zeroize::Zeroizing`] to wipe it when dropped.
    ///
    /// # Panics
    /// If the passphrase cannot be held in memory (more than `isize::MAX` bytes, or more than
    /// the allocator can give): `passphrase: 1099511627776 words with separator " " do not fit
    /// in memory`. Also if the operating system's random source fails.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// let list = Wordlist::eff_large();
    /// let phrase = list.passphrase(4, " ");
    /// assert!(phrase.split(' ').all(|word| list.words().any(|known| known == word)));
    /// assert_eq!(list.passphrase(0, " "), "");
    /// ```
    #[must_use]
    #[inline]
    pub fn passphrase(&self, words: usize, separator: &str) -> String {
        let spec = Passphrase::with_wordlist(self, words).separator(separator);
        expect_os(spec.draw("passphrase"), "passphrase")
    }
}

/// A passphrase of `words` words from the embedded EFF large list ([`Wordlist::eff_large`]),
/// joined with `separator`; [`Wordlist::passphrase`] says more, and [`Passphrase`] adds the
/// options (capitals, a digit).
///
/// Each word adds 12.9248 bits: 6 words give 77.5489 bits. `words == 0` gives the empty
/// string. One OS call draws the whole passphrase.
///
/// With the `eff-wordlist` feature (on by default).
///
/// # Panics
/// If the passphrase cannot be held in memory (more than `isize::MAX` bytes, or more than the
/// allocator can give), naming `passphrase`; or if the operating system's random source fails.
///
/// # Examples
/// ```
/// let phrase = secrets_rt::passphrase(6, " ");
/// assert_eq!(phrase.split(' ').count(), 6);
/// ```
#[cfg(feature = "eff-wordlist")]
#[must_use]
#[inline]
pub fn passphrase(words: usize, separator: &str) -> String {
    Wordlist::eff_large().passphrase(words, separator)
}

#[cfg(all(test, feature = "eff-wordlist"))]
mod tests {
    use super::*;
    use crate::os::fills_on_this_thread;

    #[test]
    #[inline]
    fn a_whole_passphrase_is_one_os_call() {
        for spec in [
            Passphrase::new(6),
            Passphrase::new(6).number(true).capitalize(true),
            // 510 words and the digit's two draws: 4,096 bytes, one full batch.
            Passphrase::new(510).number(true),
        ] {
            let before = fills_on_this_thread();
            let phrase = spec.generate();
            assert!(!phrase.is_empty());
            assert_eq!(fills_on_this_thread() - before, 1, "{spec:?}");
        }
        let before = fills_on_this_thread();
        let _ = passphrase(6, " ");
        let _ = Wordlist::eff_large().passphrase(12, "-");
        assert_eq!(fills_on_this_thread() - before, 2);
        // Beyond one batch, one call per 512 draws.
        let before = fills_on_this_thread();
        let _ = passphrase(1024, " ");
        assert_eq!(fills_on_this_thread() - before, 2);
        // Nothing to draw, nothing asked.
        let before = fills_on_this_thread();
        assert_eq!(Passphrase::new(0).number(true).generate(), "");
        assert_eq!(fills_on_this_thread() - before, 0);
    }
}
