//! `Wordlist`: the words passphrases are drawn from, and how a list is read from a file or a
//! slice.

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A list of distinct words to draw passphrases from (see [`Wordlist::passphrase`]).
///
/// Three sources, all giving the same kind of list:
/// - [`Wordlist::eff_large`] (or [`Wordlist::default`]): the EFF large word list (7,776 words,
///   12.9248 bits a word), compiled into the crate from `diceware_wordlists` so it works offline
///   on any machine;
/// - [`Wordlist::from_file`]: a file with one word a line, such as `/usr/share/dict/words`, as in
///   Python's recipe;
/// - [`Wordlist::from_words`]: any slice or iterator of words.
///
/// Words read at run time are trimmed; empty lines and repeated words are dropped (a repeated
/// word would be drawn twice as often as the others, and the entropy would be overstated). A
/// list with fewer than [`Wordlist::MIN_LEN`] distinct words is refused: it is far more likely
/// to be the wrong file than a list anyone meant to draw secrets from.
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
    /// its words whatever the separator (see [`Wordlist::is_unambiguous_with`]).
    prefix_free: bool,
    /// The longest word, in bytes: lets a passphrase be built in one allocation.
    max_word_len: usize,
}

#[derive(Clone)]
enum Words {
    /// A list compiled into the crate, already checked (distinct, trimmed, not empty).
    Embedded(&'static [&'static str]),
    /// Words read at run time, already trimmed, distinct and not empty.
    Loaded(Vec<Box<str>>),
}

/// The EFF large list, compiled in from `diceware_wordlists` (MIT OR Apache-2.0).
static EFF_LARGE: Wordlist = {
    const WORDS: &[&str] = &diceware_wordlists::EFF_LONG_WORDLIST;
    Wordlist {
        words: Words::Embedded(WORDS),
        // Checked by the tests against the list itself.
        prefix_free: true,
        max_word_len: max_len(WORDS),
    }
};

/// The largest word list file [`Wordlist::from_file`] reads: 64 MiB, some twenty times the
/// largest dictionaries shipped with Unix systems, so a wrong path such as `/dev/zero` fails at
/// once instead of filling the memory.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
    /// whole program.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// let first = Wordlist::eff_large().words().next();
    /// assert_eq!(first, Some("abacus"));
    /// assert!((Wordlist::eff_large().entropy_bits_per_word() - 12.9248).abs() < 1e-4);
    /// ```
    #[must_use]
    pub const fn eff_large() -> &'static Wordlist {
        &EFF_LARGE
    }

    /// A list from any words: each is trimmed, and empty or repeated words are dropped (the
    /// first of the repeats is kept, in the order given).
    ///
    /// # Errors
    /// [`WordlistError::TooSmall`] when fewer than [`Wordlist::MIN_LEN`] distinct words remain.
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
    pub fn from_words<I>(words: I) -> Result<Wordlist, WordlistError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Wordlist::collect(words, None)
    }

    /// Reads a list from a UTF-8 file with one word a line, such as `/usr/share/dict/words`:
    /// each line is trimmed, empty lines and repeated words are dropped, and a leading byte
    /// order mark is ignored.
    ///
    /// # Errors
    /// - [`WordlistError::Read`] when the file cannot be read;
    /// - [`WordlistError::TooLarge`] when it is over 64 MiB (it is then not read in full);
    /// - [`WordlistError::NotUtf8`] when it is not UTF-8 text, with the first bad line;
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
    pub fn from_file(path: impl AsRef<Path>) -> Result<Wordlist, WordlistError> {
        let path = path.as_ref();
        let read_error = |source| WordlistError::Read {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut bytes = Vec::new();
        // One byte more than the limit tells a file at the limit from a larger one.
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(WordlistError::TooLarge {
                path: path.to_owned(),
                limit: MAX_FILE_BYTES,
            });
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            // The valid part ends on the bad line: its pieces between newlines are the lines
            // up to and including that one.
            let line = valid.split(|&byte| byte == b'\n').count();
            WordlistError::NotUtf8 {
                path: path.to_owned(),
                line,
            }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Wordlist::collect(text.lines(), Some(path))
    }

    fn collect<I>(words: I, path: Option<&Path>) -> Result<Wordlist, WordlistError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut seen = HashSet::new();
        let mut kept: Vec<Box<str>> = Vec::new();
        for word in words {
            let word = word.as_ref().trim();
            if !word.is_empty() && seen.insert(Box::<str>::from(word)) {
                kept.push(word.into());
            }
        }
        if kept.len() < Wordlist::MIN_LEN {
            return Err(WordlistError::TooSmall {
                path: path.map(Path::to_owned),
                len: kept.len(),
            });
        }
        let max_word_len = kept.iter().map(|word| word.len()).max().unwrap_or(0);
        let prefix_free = is_prefix_free(&kept);
        Ok(Wordlist {
            words: Words::Loaded(kept),
            prefix_free,
            max_word_len,
        })
    }

    /// The number of distinct words, at least [`Wordlist::MIN_LEN`].
    #[must_use]
    #[allow(clippy::len_without_is_empty, reason = "a word list is never empty")]
    pub fn len(&self) -> usize {
        match &self.words {
            Words::Embedded(words) => words.len(),
            Words::Loaded(words) => words.len(),
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
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> + DoubleEndedIterator + '_ {
        (0..self.len()).map(move |index| self.word(index))
    }

    fn word(&self, index: usize) -> &str {
        match &self.words {
            Words::Embedded(words) => words[index],
            Words::Loaded(words) => &words[index],
        }
    }

    /// The entropy of one word drawn uniformly from the list: `log2(len)` bits.
    #[must_use]
    pub fn entropy_bits_per_word(&self) -> f64 {
        (self.len() as f64).log2()
    }

    /// The entropy of the choice of `words` words, `words * log2(len)` bits: exactly the
    /// entropy of the passphrase whenever it reads back into its words (see
    /// [`Wordlist::is_unambiguous_with`]), and an upper bound otherwise.
    #[must_use]
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
    pub fn is_unambiguous_with(&self, separator: &str) -> bool {
        self.prefix_free
            || (!separator.is_empty()
                && !self
                    .words()
                    .any(|word| word.contains(|c| separator.contains(c))))
    }

    /// Draws one word uniformly from the list.
    pub(crate) fn choose(&self) -> &str {
        match &self.words {
            Words::Embedded(words) => crate::choice(*words),
            Words::Loaded(words) => crate::choice(words),
        }
    }

    /// The longest word, in bytes.
    pub(crate) fn max_word_len(&self) -> usize {
        self.max_word_len
    }
}

impl Default for Wordlist {
    /// The EFF large list, [`Wordlist::eff_large`] (a cheap copy: the words are not copied).
    fn default() -> Wordlist {
        Wordlist::eff_large().clone()
    }
}

impl fmt::Debug for Wordlist {
    /// The size and the first words, not all of them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wordlist")
            .field("len", &self.len())
            .field("first", &self.words().take(3).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// The length in bytes of the longest word, in a `const fn` so the embedded list needs no
/// work at run time.
const fn max_len(words: &[&str]) -> usize {
    let mut max = 0;
    let mut index = 0;
    while index < words.len() {
        if words[index].len() > max {
            max = words[index].len();
        }
        index += 1;
    }
    max
}

/// Whether no word is a proper prefix of another. In sorted order, every word that starts with
/// `a` comes right after `a`, so comparing neighbours is enough.
pub(crate) fn is_prefix_free<S: AsRef<str>>(words: &[S]) -> bool {
    let mut sorted: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    sorted.sort_unstable();
    sorted.windows(2).all(|pair| !pair[1].starts_with(pair[0]))
}

/// Why a word list was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum WordlistError {
    /// The file could not be opened or read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file is larger than any real word list (64 MiB).
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// The first line (from 1) with bytes that are not UTF-8.
        line: usize,
    },
    /// Fewer than [`Wordlist::MIN_LEN`] distinct words remained after trimming and removing
    /// empty and repeated words.
    TooSmall {
        /// The file, when the words came from one.
        path: Option<PathBuf>,
        /// The number of distinct words found.
        len: usize,
    },
}

impl fmt::Display for WordlistError {
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
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WordlistError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Wordlist;

    #[test]
    fn eff_words_are_as_documented() {
        let words: Vec<&str> = Wordlist::eff_large().words().collect();
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
