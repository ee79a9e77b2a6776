//! `Wordlist`: the words passphrases are drawn from, and how a list is read from a file or a
//! slice.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::hash::BuildHasher;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// A list of distinct words to draw passphrases from (see [`Wordlist::passphrase`] and
/// [`Passphrase`](crate::Passphrase)).
///
/// Three sources, all giving the same kind of list:
/// - [`Wordlist::eff_large`] (or [`Wordlist::default`]): the EFF large word list (7,776 words,
///   12.9248 bits a word), compiled into the crate from `diceware_wordlists` so it works offline
///   on any machine (the `eff-wordlist` feature, on by default);
/// - [`Wordlist::from_file`]: a file with one word a line, such as `/usr/share/dict/words`, as in
///   Python's recipe;
/// - [`Wordlist::from_words`]: any slice or iterator of words.
///
/// Words read at run time are trimmed; empty lines and repeated words are dropped (a repeated
/// word would be drawn twice as often as the others, and the entropy would be overstated).
/// Words are stored in Unicode normalization form C, so that two spellings of one word (`café`
/// with a precomposed `é`, or with `e` and a combining accent) count as the one word they
/// are. Words holding a control character, a line separator or a bidirectional control are
/// refused with the line. A list with fewer than [`Wordlist::MIN_LEN`] distinct words is
/// refused: it is far more likely to be the wrong file than a list anyone meant to draw secrets
/// from.
///
/// # Examples
/// ```
/// use secrets_rt::Wordlist;
///
/// let list = Wordlist::eff_large();
/// assert_eq!(list.len(), 7776);
///
/// let phrase = list.passphrase(6, " ");
/// assert_eq!(phrase.split(' ').count(), 6);
/// assert!((list.entropy_bits(6) - 77.5489).abs() < 1e-4);
/// ```
#[derive(Clone)]
pub struct Wordlist {
    words: Words,
    /// Whether no word is a prefix of another, which makes every passphrase readable back into
    /// its words whatever the separator (see [`Wordlist::is_unambiguous_with`]); found when
    /// first asked, since only the entropy needs it.
    prefix_free: OnceLock<bool>,
}

#[derive(Clone)]
enum Words {
    /// A list compiled into the crate, already checked (distinct, trimmed, not empty).
    #[cfg(feature = "eff-wordlist")]
    Embedded(&'static [&'static str]),
    /// Words read at run time, trimmed, normalized, distinct and not empty, each stored once:
    /// all of them back to back in `text`, word `i` ending at byte `ends[i]` (and starting
    /// where word `i - 1` ends). Two allocations for the whole list, instead of one per word.
    Loaded { text: Box<str>, ends: Box<[u32]> },
}

/// The EFF large list, compiled in from `diceware_wordlists` (MIT OR Apache-2.0).
#[cfg(feature = "eff-wordlist")]
static EFF_LARGE: Wordlist = Wordlist {
    words: Words::Embedded(&diceware_wordlists::EFF_LONG_WORDLIST),
    prefix_free: OnceLock::new(),
};

/// The most a word list may take: 64 MiB, some twenty times the largest dictionaries shipped
/// with Unix systems, so a wrong path such as `/dev/zero` fails at once instead of filling the
/// memory. For a file it is the file's size; for [`Wordlist::from_words`], the bytes of the
/// words given.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

impl Wordlist {
    /// The fewest distinct words a list may have: 1,024, that is 10 bits a word.
    ///
    /// The EFF short lists (1,296 words) and the Diceware lists (7,776) pass; a file of a few
    /// dozen lines, most likely given by mistake, does not.
    pub const MIN_LEN: usize = 1024;

    /// The EFF large word list: 7,776 distinct lower-case words of 3 to 9 characters (four of
    /// them, such as `yo-yo`, hold a hyphen), chosen by the Electronic Frontier Foundation to be
    /// easy to type and remember.
    ///
    /// No word is a prefix of another, so a passphrase from this list always reads back into
    /// its words, whatever the separator (even none).
    ///
    /// The list is a `static`: this costs nothing, and the words borrowed from it live for the
    /// whole program. With the `eff-wordlist` feature (on by default).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// let first = Wordlist::eff_large().words().next();
    /// assert_eq!(first, Some("abacus"));
    /// assert!((Wordlist::eff_large().entropy_bits_per_word() - 12.9248).abs() < 1e-4);
    /// ```
    #[cfg(feature = "eff-wordlist")]
    #[must_use]
    #[inline]
    pub const fn eff_large() -> &'static Wordlist {
        &EFF_LARGE
    }

    /// A list from any words: each is trimmed and normalized (NFC), and empty or repeated words
    /// are dropped (the first of the repeats is kept, in the order given).
    ///
    /// # Errors
    /// - [`WordlistError::ControlCharacter`] when a word holds a control character, a line
    ///   separator or a bidirectional control, with its position (from 1) among the words;
    /// - [`WordlistError::WordsTooLarge`] when the words given add up to more than 64 MiB;
    /// - [`WordlistError::TooSmall`] when fewer than [`Wordlist::MIN_LEN`] distinct words remain.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::{Wordlist, WordlistError};
    ///
    /// let words: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
    /// let list = Wordlist::from_words(&words).unwrap();
    /// assert_eq!(list.len(), 2000);
    ///
    /// let error = Wordlist::from_words(["correct", "horse", "battery", "staple"]).unwrap_err();
    /// assert!(matches!(error, WordlistError::TooSmall { len: 4, .. }));
    /// ```
    #[inline]
    pub fn from_words<I>(words: I) -> Result<Wordlist, WordlistError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut builder = Builder::new(None, 0);
        let mut given: u64 = 0;
        for (index, word) in words.into_iter().enumerate() {
            let word = word.as_ref();
            given = given.saturating_add(word.len() as u64);
            if given > MAX_INPUT_BYTES {
                return Err(WordlistError::WordsTooLarge {
                    limit: MAX_INPUT_BYTES,
                });
            }
            builder.add(word, index + 1)?;
        }
        builder.finish()
    }

    /// Reads a list from a UTF-8 file with one word a line, such as `/usr/share/dict/words`:
    /// each line is trimmed and normalized (NFC), empty lines and repeated words are dropped,
    /// and a leading byte order mark is ignored.
    ///
    /// The file is read a line at a time and each distinct word is stored once, so the memory
    /// taken stays within a small multiple of the file's size.
    ///
    /// # Errors
    /// - [`WordlistError::Read`] when the file cannot be read;
    /// - [`WordlistError::TooLarge`] when it is over 64 MiB (it is then not read in full);
    /// - [`WordlistError::NotUtf8`] when it is not UTF-8 text, with the first bad line;
    /// - [`WordlistError::ControlCharacter`] when a word holds a control character, a line
    ///   separator or a bidirectional control, with the line;
    /// - [`WordlistError::TooSmall`] when fewer than [`Wordlist::MIN_LEN`] distinct words remain.
    ///
    /// # Examples
    /// ```no_run
    /// use secrets_rt::Wordlist;
    ///
    /// let list = Wordlist::from_file("/usr/share/dict/words")?;
    /// println!("{}", list.passphrase(4, " "));
    /// # Ok::<(), secrets_rt::WordlistError>(())
    /// ```
    #[inline]
    pub fn from_file(path: impl AsRef<Path>) -> Result<Wordlist, WordlistError> {
        let path = path.as_ref();
        let read_error = |source| WordlistError::Read {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        // The words take at most the file's bytes (NFC rarely lengthens a word).
        let size_hint = file
            .metadata()
            .map_or(0, |metadata| metadata.len().min(MAX_INPUT_BYTES));
        let mut builder = Builder::new(Some(path), size_hint as usize);
        // One byte more than the limit tells a file at the limit from a larger one.
        let mut reader = BufReader::new(file.take(MAX_INPUT_BYTES + 1));
        let mut line = Vec::new();
        let mut read: u64 = 0;
        for number in 1.. {
            line.clear();
            let len = reader.read_until(b'\n', &mut line).map_err(read_error)?;
            if len == 0 {
                break;
            }
            read += len as u64;
            if read > MAX_INPUT_BYTES {
                return Err(WordlistError::TooLarge {
                    path: path.to_owned(),
                    limit: MAX_INPUT_BYTES,
                });
            }
            // A newline byte never occurs inside a multi-byte UTF-8 sequence, so checking line
            // by line finds exactly what checking the whole file would, and names the line.
            let text = std::str::from_utf8(&line).map_err(|_| WordlistError::NotUtf8 {
                path: path.to_owned(),
                line: number,
            })?;
            let text = if number == 1 {
                text.strip_prefix('\u{feff}').unwrap_or(text)
            } else {
                text
            };
            builder.add(text, number)?;
        }
        builder.finish()
    }

    /// The number of distinct words, at least [`Wordlist::MIN_LEN`].
    #[must_use]
    #[allow(clippy::len_without_is_empty, reason = "a word list is never empty")]
    #[inline]
    pub fn len(&self) -> usize {
        match &self.words {
            #[cfg(feature = "eff-wordlist")]
            Words::Embedded(words) => words.len(),
            Words::Loaded { ends, .. } => ends.len(),
        }
    }

    /// The words, in the order of the source (repeats removed).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// let list = Wordlist::from_words((0..1500).map(|i| format!(" w{} ", i % 1200))).unwrap();
    /// assert_eq!(list.len(), 1200);
    /// assert_eq!(list.words().nth(1), Some("w1"));
    /// ```
    #[must_use]
    #[inline]
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        (0..self.len()).map(move |index| self.word(index))
    }

    /// The word at `index` (below [`Wordlist::len`]).
    #[inline]
    pub(crate) fn word(&self, index: usize) -> &str {
        match &self.words {
            #[cfg(feature = "eff-wordlist")]
            Words::Embedded(words) => words[index],
            Words::Loaded { text, ends } => loaded_word(text, ends, index),
        }
    }

    /// The entropy of one word drawn uniformly from the list: `log2(len)` bits.
    #[must_use]
    #[inline]
    pub fn entropy_bits_per_word(&self) -> f64 {
        (self.len() as f64).log2()
    }

    /// The entropy of the choice of `words` words, `words * log2(len)` bits: exactly the
    /// entropy of the passphrase whenever it reads back into its words (see
    /// [`Wordlist::is_unambiguous_with`]), and an upper bound otherwise.
    #[must_use]
    #[inline]
    pub fn entropy_bits(&self, words: usize) -> f64 {
        words as f64 * self.entropy_bits_per_word()
    }

    /// Whether every passphrase joined with `separator` reads back into its words, so that
    /// different draws never print the same passphrase and [`Wordlist::entropy_bits`] is exact.
    ///
    /// True when no word of the list is a prefix of another (the EFF list; then the words can be
    /// read back from the left whatever the separator), or when the separator is not empty and
    /// none of its characters occurs in any word (then it can be split off). With
    /// `/usr/share/dict/words` and no separator, `cat` + `sup` and `cats` + `up` are the same
    /// passphrase, which this reports as false.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// assert!(Wordlist::eff_large().is_unambiguous_with(""));
    ///
    /// let list = Wordlist::from_words((0..1024).map(|i| format!("w{i}"))).unwrap();
    /// assert!(list.is_unambiguous_with(" "));
    /// assert!(!list.is_unambiguous_with(""));
    /// ```
    #[must_use]
    #[inline]
    pub fn is_unambiguous_with(&self, separator: &str) -> bool {
        self.is_prefix_free() || self.separator_splits(separator, false)
    }

    /// Whether no word is a proper prefix of another (words compared as stored).
    #[inline]
    pub(crate) fn is_prefix_free(&self) -> bool {
        *self
            .prefix_free
            .get_or_init(|| self.scan(false).prefix_free)
    }

    /// Whether `separator` is not empty and none of its characters occurs in any word, each
    /// word capitalized first when `capitalize` is set.
    #[inline]
    pub(crate) fn separator_splits(&self, separator: &str, capitalize: bool) -> bool {
        !separator.is_empty()
            && !self
                .words()
                .any(|word| shown(word, capitalize).any(|c| separator.contains(c)))
    }

    /// The words sorted as shown (capitalized when `capitalize` is set), compared with their
    /// neighbours: in sorted order, every word that starts with `a` comes right after `a`, so
    /// neighbours tell both whether two words are shown alike and whether one is a prefix of
    /// another. Sorts 8 bytes a word (where each word is), not a copy of the words.
    #[inline]
    pub(crate) fn scan(&self, capitalize: bool) -> Scan<'_> {
        // Each word as a pair whose first half grows with the word's position in the list:
        // its number for an embedded list, its start in `text` for a loaded one (where the
        // second half is its end, so the sort reads a word with one lookup).
        match &self.words {
            #[cfg(feature = "eff-wordlist")]
            Words::Embedded(words) => {
                let entries = (0..words.len() as u32)
                    .map(|index| (index, index))
                    .collect();
                scan_sorted(entries, |&(index, _)| words[index as usize], capitalize)
            }
            Words::Loaded { text, ends } => {
                let mut start = 0;
                let entries = ends
                    .iter()
                    .map(|&end| (std::mem::replace(&mut start, end), end))
                    .collect();
                scan_sorted(
                    entries,
                    |&(start, end)| &text[start as usize..end as usize],
                    capitalize,
                )
            }
        }
    }
}

/// [`Wordlist::scan`] over `entries`, which `word` turns into words.
#[inline]
fn scan_sorted<'a>(
    mut entries: Vec<(u32, u32)>,
    word: impl Fn(&(u32, u32)) -> &'a str,
    capitalize: bool,
) -> Scan<'a> {
    if capitalize {
        entries.sort_unstable_by(|a, b| compare_capitalized(word(a), word(b)));
    } else {
        entries.sort_unstable_by(|a, b| word(a).cmp(word(b)));
    }
    let mut result = Scan {
        alike: None,
        prefix_free: true,
    };
    for pair in entries.windows(2) {
        let (a, b) = (word(&pair[0]), word(&pair[1]));
        // `a` sorts first, so it is the prefix if either is.
        let mut rest = shown(b, capitalize);
        if !shown(a, capitalize).all(|c| rest.next() == Some(c)) {
            continue;
        }
        result.prefix_free = false;
        if rest.next().is_none() {
            let (first, second) = if pair[0].0 < pair[1].0 {
                (a, b)
            } else {
                (b, a)
            };
            result.alike = Some((first, second));
            break;
        }
        if !capitalize {
            // Stored words are distinct: nothing alike to look for.
            break;
        }
    }
    result
}

/// The order of `a` and `b` capitalized, without building either: characters in order, as
/// `shown(a, true).cmp(shown(b, true))`, with a shortcut when both start with an ASCII
/// character (a one-byte capital, then the rest compared as bytes, which orders UTF-8 text as
/// its characters).
#[inline]
fn compare_capitalized(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x.is_ascii() && y.is_ascii() => x
            .to_ascii_uppercase()
            .cmp(&y.to_ascii_uppercase())
            .then_with(|| a.as_bytes()[1..].cmp(&b.as_bytes()[1..])),
        _ => shown(a, true).cmp(shown(b, true)),
    }
}

/// What [`Wordlist::scan`] found: the first two words shown alike, in list order, if any; and
/// whether no word, as shown, is a prefix of another or the same as another.
pub(crate) struct Scan<'a> {
    pub(crate) alike: Option<(&'a str, &'a str)>,
    pub(crate) prefix_free: bool,
}

/// The characters of `word` as a passphrase shows it: capitalized (its first character in
/// upper case) when `capitalize` is set.
#[inline]
pub(crate) fn shown(word: &str, capitalize: bool) -> impl Iterator<Item = char> + '_ {
    let mut chars = word.chars();
    let first = if capitalize { chars.next() } else { None };
    first.into_iter().flat_map(char::to_uppercase).chain(chars)
}

/// Word `index` of a loaded list.
#[inline]
fn loaded_word<'a>(text: &'a str, ends: &[u32], index: usize) -> &'a str {
    let start = if index == 0 { 0 } else { ends[index - 1] };
    &text[start as usize..ends[index] as usize]
}

/// Whether a word may not hold `c`: control characters (`\u{1b}[2J` clears a terminal), the
/// Unicode line and paragraph separators (they break one-passphrase-a-line output), and the
/// bidirectional controls (U+202E and its kin reorder how the passphrase displays). Zero-width
/// joiners, which some scripts need, are allowed.
#[inline]
fn is_refused(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Collects a loaded list: each distinct word stored once, in order, in one buffer, and found
/// again by 32 bits of a keyed hash (std's map from a hash to the last word number with it,
/// and for each word the number of the previous word with the same hash) rather than through
/// a second copy of the words.
struct Builder<'p, S = std::hash::RandomState> {
    path: Option<&'p Path>,
    text: String,
    ends: Vec<u32>,
    /// The last word with each hash.
    last_with_hash: HashMap<u32, u32>,
    /// Per word, the word before it with the same hash, or [`NO_WORD`]: equal hashes of
    /// different words are rare (about one pair in a million-word list), and cost one
    /// comparison each.
    earlier_with_hash: Vec<u32>,
    /// Keyed afresh for each list (std's `RandomState`), so no list can be made to collide.
    hasher: S,
}

/// The end of a chain of words with one hash.
const NO_WORD: u32 = u32::MAX;

impl<'p> Builder<'p> {
    #[inline]
    fn new(path: Option<&'p Path>, capacity: usize) -> Builder<'p> {
        Builder::with_hasher(path, capacity, std::hash::RandomState::new())
    }
}

impl<'p, S: BuildHasher> Builder<'p, S> {
    #[inline]
    fn with_hasher(path: Option<&'p Path>, capacity: usize, hasher: S) -> Builder<'p, S> {
        Builder {
            path,
            text: String::with_capacity(capacity),
            ends: Vec::new(),
            last_with_hash: HashMap::new(),
            earlier_with_hash: Vec::new(),
            hasher,
        }
    }

    /// Adds `word` (line or position `line`, from 1) unless it is empty or already there.
    #[inline]
    fn add(&mut self, word: &str, line: usize) -> Result<(), WordlistError> {
        let word = word.trim();
        if word.is_empty() {
            return Ok(());
        }
        if let Some(character) = word.chars().find(|&c| is_refused(c)) {
            return Err(WordlistError::ControlCharacter {
                path: self.path.map(Path::to_owned),
                line,
                character,
            });
        }
        let start = self.text.len();
        // Canonically equivalent spellings become one string (NFC), so they are one word.
        if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
            self.text.push_str(word);
        } else {
            self.text.extend(word.nfc());
        }
        // Words are at most 64 MiB given, and NFC at most triples a text: offsets fit a u32.
        let end = u32::try_from(self.text.len()).expect("a word list's words fit in 4 GiB");
        let word = &self.text[start..];
        let hash = self.hasher.hash_one(word) as u32;
        let mut candidate = self.last_with_hash.get(&hash).copied();
        while let Some(number) = candidate {
            if loaded_word(&self.text, &self.ends, number as usize) == word {
                self.text.truncate(start);
                return Ok(());
            }
            candidate = Some(self.earlier_with_hash[number as usize]).filter(|&n| n != NO_WORD);
        }
        // Fewer than 2^32 - 1 words: each holds at least one byte of a text under 4 GiB.
        let number = u32::try_from(self.ends.len()).expect("a word list's words fit in 4 GiB");
        let earlier = self.last_with_hash.insert(hash, number);
        self.earlier_with_hash.push(earlier.unwrap_or(NO_WORD));
        self.ends.push(end);
        Ok(())
    }

    #[inline]
    fn finish(self) -> Result<Wordlist, WordlistError> {
        let Builder {
            path, text, ends, ..
        } = self;
        if ends.len() < Wordlist::MIN_LEN {
            return Err(WordlistError::TooSmall {
                path: path.map(Path::to_owned),
                len: ends.len(),
            });
        }
        Ok(Wordlist {
            words: Words::Loaded {
                text: text.into_boxed_str(),
                ends: ends.into_boxed_slice(),
            },
            prefix_free: OnceLock::new(),
        })
    }
}

#[cfg(feature = "eff-wordlist")]
impl Default for Wordlist {
    /// The EFF large list, [`Wordlist::eff_large`] (a cheap copy: the words are not copied).
    #[inline]
    fn default() -> Wordlist {
        Wordlist::eff_large().clone()
    }
}

impl fmt::Debug for Wordlist {
    /// The size and the first words, not all of them.
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wordlist")
            .field("len", &self.len())
            .field("first", &self.words().take(3).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Why a word list was refused.
///
/// Not exhaustive, nor are its variants: match with a `_` arm and `..` in each pattern, as
/// later releases may add kinds of problems and details to them.
#[derive(Debug)]
#[non_exhaustive]
pub enum WordlistError {
    /// The file could not be opened or read.
    #[non_exhaustive]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file is larger than any real word list (64 MiB).
    #[non_exhaustive]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[non_exhaustive]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The first line (from 1) with bytes that are not UTF-8.
        line: usize,
    },
    /// A word holds a character that a passphrase must not: a control character (such as the
    /// escape that starts a terminal's control sequences), a line or paragraph separator, or a
    /// bidirectional control (such as U+202E, which reverses how text displays).
    #[non_exhaustive]
    ControlCharacter {
        /// The file, when the words came from one.
        path: Option<PathBuf>,
        /// The line of the file (from 1), or the position (from 1) of the word among those
        /// given to [`Wordlist::from_words`].
        line: usize,
        /// The character.
        character: char,
    },
    /// The words given to [`Wordlist::from_words`] add up to more than any real word list
    /// (64 MiB).
    #[non_exhaustive]
    WordsTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Fewer than [`Wordlist::MIN_LEN`] distinct words remained after trimming and removing
    /// empty and repeated words.
    #[non_exhaustive]
    TooSmall {
        /// The file, when the words came from one.
        path: Option<PathBuf>,
        /// The number of distinct words found.
        len: usize,
    },
}

impl fmt::Display for WordlistError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordlistError::Read { path, source } => {
                write!(f, "cannot read word list `{}`: {source}", path.display())
            }
            WordlistError::TooLarge { path, limit } => write!(
                f,
                "word list `{}` is larger than {} MiB; give a text file with one word a line",
                path.display(),
                limit / (1024 * 1024)
            ),
            WordlistError::NotUtf8 { path, line } => write!(
                f,
                "word list `{}` is not UTF-8 text (line {line}); convert it to UTF-8",
                path.display()
            ),
            WordlistError::ControlCharacter {
                path,
                line,
                character,
            } => {
                let kind = match character {
                    '\u{2028}' | '\u{2029}' => "a line break",
                    c if c.is_control() => "a control character",
                    _ => "a bidirectional control, which reorders text",
                };
                let code = u32::from(*character);
                match path {
                    Some(path) => write!(
                        f,
                        "word list `{}` holds U+{code:04X}, {kind}, on line {line}",
                        path.display()
                    )?,
                    None => write!(f, "word {line} of the word list holds U+{code:04X}, {kind}")?,
                }
                f.write_str("; remove it: words must be visible text")
            }
            WordlistError::WordsTooLarge { limit } => write!(
                f,
                "the words given add up to more than {} MiB; give a shorter word list",
                limit / (1024 * 1024)
            ),
            WordlistError::TooSmall { path, len } => {
                match path {
                    Some(path) => write!(f, "word list `{}` has", path.display())?,
                    None => write!(f, "word list has")?,
                }
                write!(
                    f,
                    " {len} distinct words, fewer than the {} needed; use a longer list",
                    Wordlist::MIN_LEN
                )
            }
        }
    }
}

impl std::error::Error for WordlistError {
    #[inline]
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WordlistError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{compare_capitalized, shown, Builder};

    /// A hasher that gives every word the same hash, so that every word lands on one chain.
    #[derive(Default)]
    struct OneHash;

    impl std::hash::Hasher for OneHash {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn repeats_are_dropped_when_every_word_has_the_same_hash() {
        let hasher = std::hash::BuildHasherDefault::<OneHash>::default();
        let mut builder = Builder::with_hasher(None, 0, hasher);
        let words: Vec<String> = (0..3000).map(|i| format!("w{}", i % 2500)).collect();
        for (line, word) in words.iter().enumerate() {
            builder.add(word, line + 1).unwrap();
        }
        let list = builder.finish().unwrap();
        let kept: Vec<&str> = list.words().collect();
        let expected: Vec<String> = (0..2500).map(|i| format!("w{i}")).collect();
        assert_eq!(kept, expected);
    }

    proptest::proptest! {
        /// The shortcut orders words as their capitalized characters do, for ASCII, accented
        /// and multi-character capitals (`ß` is `SS`) alike.
        #[test]
        fn compare_capitalized_orders_as_the_capitalized_words(
            a in "[a-cA-Cß\u{e9}\u{1f600}0-9]{0,4}",
            b in "[a-cA-Cß\u{e9}\u{1f600}0-9]{0,4}",
        ) {
            proptest::prop_assert_eq!(
                compare_capitalized(&a, &b),
                shown(&a, true).cmp(shown(&b, true))
            );
        }
    }

    #[cfg(feature = "eff-wordlist")]
    #[test]
    fn eff_words_are_as_documented() {
        let words: Vec<&str> = super::Wordlist::eff_large().words().collect();
        assert!(words.iter().all(|word| (3..=9).contains(&word.len())));
        assert!(words
            .iter()
            .all(|word| word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
        let hyphenated: Vec<&str> = words
            .into_iter()
            .filter(|word| word.contains('-'))
            .collect();
        assert_eq!(hyphenated, ["drop-down", "felt-tip", "t-shirt", "yo-yo"]);
    }
}
