//! Passphrases: words drawn uniformly, with [`choice`](crate::choice), from a [`Wordlist`].

use crate::Wordlist;

impl Wordlist {
    /// A passphrase of `words` words drawn independently and uniformly from the list (with
    /// [`choice`](crate::choice), one OS call a word), joined with `separator`: Python's
    /// `' '.join(secrets.choice(words) for i in range(4))`.
    ///
    /// Its entropy is [`Wordlist::entropy_bits`]`(words)`, `words * log2(len)` bits: 77.5489
    /// bits for 6 words of the EFF list. `words == 0` gives the empty string, as in Python.
    ///
    /// The string is allocated once at its final capacity, so no partial copy of the passphrase
    /// is left behind in memory freed by a reallocation; wrap the result in
    /// [`zeroize::Zeroizing`] to wipe it when dropped.
    ///
    /// # Panics
    /// If `words` words of the longest length, with separators, would not fit in a `String`
    /// (`usize::MAX` bytes), or if the operating system's random source fails.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Wordlist;
    ///
    /// let list = Wordlist::eff_large();
    /// let phrase = list.passphrase(4, "-");
    /// assert!(phrase.split('-').all(|word| list.words().any(|known| known == word)));
    /// assert_eq!(list.passphrase(0, " "), "");
    /// ```
    #[must_use]
    pub fn passphrase(&self, words: usize, separator: &str) -> String {
        let capacity = words
            .checked_mul(self.max_word_len())
            .and_then(|letters| {
                letters.checked_add(separator.len().checked_mul(words.saturating_sub(1))?)
            })
            .unwrap_or_else(|| {
                panic!(
                    "passphrase: {words} words with separator {separator:?} do not fit in memory"
                )
            });
        let mut phrase = String::with_capacity(capacity);
        for index in 0..words {
            if index > 0 {
                phrase.push_str(separator);
            }
            phrase.push_str(self.choose());
        }
        phrase
    }
}

/// A passphrase of `words` words from the embedded EFF large list ([`Wordlist::eff_large`]),
/// joined with `separator`; [`Wordlist::passphrase`] says more.
///
/// Each word adds 12.9248 bits: 6 words give 77.5489 bits. `words == 0` gives the empty
/// string.
///
/// # Panics
/// If the operating system's random source fails, or if `words` is so large that the
/// passphrase would not fit in memory.
///
/// # Examples
/// ```
/// let phrase = secrets_rt::passphrase(6, " ");
/// assert_eq!(phrase.split(' ').count(), 6);
/// ```
#[must_use]
pub fn passphrase(words: usize, separator: &str) -> String {
    Wordlist::eff_large().passphrase(words, separator)
}
