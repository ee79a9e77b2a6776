//! Passphrases and word lists: the embedded EFF list, loading from files and slices, the
//! errors, the entropy, and the uniformity of the words drawn.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::fs;
use std::path::PathBuf;

use secrets_rt::{passphrase, Wordlist, WordlistError};

/// A fresh path for a test's file, under the target directory cargo gives integration tests.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("secrets-rt-passphrase");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, contents).unwrap();
    path
}

/// `count` distinct words `w0`, `w1`, ...
fn numbered(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("w{i}")).collect()
}

/// The chi-square quantile with `df` degrees of freedom exceeded with probability 1e-7, by the
/// Wilson–Hilferty approximation: df * (1 - 2/(9 df) + z * sqrt(2/(9 df)))^3 with z = 5.1993,
/// the standard normal quantile of 1 - 1e-7.
fn chi_square_limit(df: f64) -> f64 {
    let v = 2.0 / (9.0 * df);
    df * (1.0 - v + 5.1993 * v.sqrt()).powi(3)
}

#[test]
fn eff_large_has_7776_distinct_trimmed_words() {
    let list = Wordlist::eff_large();
    let words: Vec<&str> = list.words().collect();
    assert_eq!(list.len(), 7776);
    assert_eq!(words.len(), 7776);
    assert_eq!(
        words.iter().collect::<HashSet<_>>().len(),
        7776,
        "repeated words"
    );
    assert_eq!((words[0], words[7775]), ("abacus", "zoom"));
    for word in &words {
        assert!((3..=9).contains(&word.len()), "{word:?}");
        assert!(
            word.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{word:?}"
        );
    }
    assert_eq!(list.words().next_back(), Some("zoom"));
}

#[test]
fn eff_large_is_prefix_free_so_any_separator_is_unambiguous() {
    // Independently of the library's sort: collect every proper prefix of every word, and
    // check that no word is one of them.
    let list = Wordlist::eff_large();
    let prefixes: HashSet<&str> = list
        .words()
        .flat_map(|word| (1..word.len()).map(move |end| &word[..end]))
        .collect();
    assert!(list.words().all(|word| !prefixes.contains(word)));
    for separator in ["", " ", "-", "e"] {
        assert!(list.is_unambiguous_with(separator), "{separator:?}");
    }
    // The same words loaded at run time are found prefix-free by the library too.
    let loaded = Wordlist::from_words(list.words()).unwrap();
    assert!(loaded.is_unambiguous_with(""));
}

#[test]
fn a_list_with_prefix_words_is_ambiguous_without_a_clean_separator() {
    let mut words = numbered(1020);
    words.extend(["cat", "cats", "up", "sup"].map(String::from));
    let list = Wordlist::from_words(&words).unwrap();
    assert!(
        !list.is_unambiguous_with(""),
        "cat+sup and cats+up are both `catsup`"
    );
    assert!(!list.is_unambiguous_with("a"), "`a` occurs in `cat`");
    assert!(!list.is_unambiguous_with("xa"), "`a` occurs in `cat`");
    assert!(list.is_unambiguous_with(" "));
    assert!(list.is_unambiguous_with("-+"));
}

#[test]
fn from_words_trims_and_drops_empty_and_repeated_words_in_order() {
    let mut words: Vec<String> = Vec::new();
    for i in 0..1100 {
        words.push(format!("  word{i}\t"));
        words.push(String::new());
        words.push(format!("word{}", i / 2));
    }
    let list = Wordlist::from_words(&words).unwrap();
    assert_eq!(list.len(), 1100);
    let expected: Vec<String> = (0..1100).map(|i| format!("word{i}")).collect();
    assert!(list.words().eq(expected.iter().map(String::as_str)));

    let from_slice = Wordlist::from_words(&expected[..]).unwrap();
    assert!(from_slice.words().eq(list.words()));
    let from_iter = Wordlist::from_words((0..1100).map(|i| format!("word{i}"))).unwrap();
    assert!(from_iter.words().eq(list.words()));
}

#[test]
fn from_file_reads_a_dictionary_with_blank_lines_duplicates_and_crlf() {
    let mut text = String::from("\u{feff}");
    for i in 0..1500 {
        // Each word twice (once padded), blank lines, Windows line ends.
        write!(text, "word{i}\r\n\r\n   word{i}  \n\n").unwrap();
    }
    let path = temp_file("dictionary.txt", text.as_bytes());
    let list = Wordlist::from_file(&path).unwrap();
    assert_eq!(list.len(), 1500);
    assert_eq!(
        list.words().next(),
        Some("word0"),
        "the byte order mark is not part of a word"
    );
    assert!(list
        .words()
        .all(|word| word.starts_with("word") && word.trim() == word));
    let phrase = list.passphrase(5, " ");
    assert!(phrase
        .split(' ')
        .all(|word| list.words().any(|known| known == word)));
}

#[test]
fn too_small_lists_are_refused_with_the_path_and_the_count() {
    // 1,023 distinct words written twice: 2,046 lines, one word short of the minimum.
    let words = numbered(Wordlist::MIN_LEN - 1);
    let text = format!("{}\n{}\n", words.join("\n"), words.join("\n"));
    let path = temp_file("small.txt", text.as_bytes());
    let error = Wordlist::from_file(&path).unwrap_err();
    match &error {
        WordlistError::TooSmall {
            path: Some(at),
            len,
        } => {
            assert_eq!((at, *len), (&path, 1023));
        }
        other => panic!("expected TooSmall, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        format!(
            "word list `{}` has 1023 distinct words, fewer than the 1024 needed; use a longer list",
            path.display()
        )
    );

    let error =
        Wordlist::from_words(["correct", "horse", "battery", "staple", "horse"]).unwrap_err();
    assert!(
        matches!(error, WordlistError::TooSmall { path: None, len: 4 }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "word list has 4 distinct words, fewer than the 1024 needed; use a longer list"
    );

    // Exactly the minimum is accepted.
    assert_eq!(
        Wordlist::from_words(numbered(Wordlist::MIN_LEN))
            .unwrap()
            .len(),
        1024
    );
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/words.txt");
    let error = Wordlist::from_file(&path).unwrap_err();
    assert!(
        matches!(&error, WordlistError::Read { path: at, .. } if *at == path),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with(&format!("cannot read word list `{}`: ", path.display())));
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_naming_the_line() {
    let mut bytes = b"alpha\nbeta\ngam".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"ma\ndelta\n");
    let path = temp_file("latin1.txt", &bytes);
    let error = Wordlist::from_file(&path).unwrap_err();
    assert!(
        matches!(error, WordlistError::NotUtf8 { line: 3, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "word list `{}` is not UTF-8 text (line 3); convert it to UTF-8",
            path.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_after_64_mib() {
    let error = Wordlist::from_file("/dev/zero").unwrap_err();
    assert!(
        matches!(error, WordlistError::TooLarge { limit, .. } if limit == 64 << 20),
        "{error:?}"
    );
    assert!(error
        .to_string()
        .starts_with("word list `/dev/zero` is larger than 64 MiB"));
}

#[test]
fn passphrases_join_the_requested_number_of_listed_words() {
    let list = Wordlist::eff_large();
    let known: HashSet<&str> = list.words().collect();
    for (words, separator) in [(1, " "), (4, " "), (6, "-"), (8, " :: ")] {
        let phrase = list.passphrase(words, separator);
        let parts: Vec<&str> = phrase.split(separator).collect();
        assert_eq!(parts.len(), words, "{phrase:?}");
        assert!(parts.iter().all(|word| known.contains(word)), "{phrase:?}");
    }
    let free = passphrase(6, " ");
    assert_eq!(
        free.split(' ').filter(|word| known.contains(word)).count(),
        6,
        "{free:?}"
    );
}

#[test]
fn zero_words_give_the_empty_string_as_in_python() {
    assert_eq!(Wordlist::eff_large().passphrase(0, " "), "");
    assert_eq!(passphrase(0, "-"), "");
}

#[test]
fn without_a_separator_eff_passphrases_still_read_back_into_words() {
    // Prefix-free: at each point exactly one word of the list starts the rest of the string.
    let list = Wordlist::eff_large();
    for _ in 0..50 {
        let phrase = list.passphrase(5, "");
        let mut rest = phrase.as_str();
        let mut words = 0;
        while !rest.is_empty() {
            let starts: Vec<&str> = list.words().filter(|word| rest.starts_with(word)).collect();
            assert_eq!(starts.len(), 1, "{phrase:?} at {rest:?}");
            rest = &rest[starts[0].len()..];
            words += 1;
        }
        assert_eq!(words, 5, "{phrase:?}");
    }
}

#[test]
fn entropy_is_words_times_log2_of_the_list_size() {
    // 7,776 = 6^5: each EFF word is five dice, 5 * log2(6) bits.
    let eff = Wordlist::eff_large();
    let per_word = 5.0 * 6f64.log2();
    assert!((eff.entropy_bits_per_word() - per_word).abs() < 1e-12);
    assert!((eff.entropy_bits(6) - 6.0 * per_word).abs() < 1e-12);
    assert_eq!(format!("{:.4}", eff.entropy_bits(6)), "77.5489");
    assert!(eff.entropy_bits(0).abs() < 1e-12);

    let list = Wordlist::from_words(numbered(2048)).unwrap();
    assert!((list.entropy_bits_per_word() - 11.0).abs() < 1e-12);
    assert!((list.entropy_bits(4) - 44.0).abs() < 1e-12);
}

#[test]
fn every_word_is_drawn_uniformly() {
    // 1,024 words, 102,400 draws (100 expected per word). A list reduced by a bug (say, only
    // its first half drawn, or the last word never) moves chi-square by thousands or leaves a
    // word out; a correct draw exceeds the 1e-7 quantile (about 1,276 for 1,023 degrees of
    // freedom) with probability 1e-7, and misses a given word with probability
    // (1 - 1/1024)^102400 < e^-99.
    let list = Wordlist::from_words(numbered(1024)).unwrap();
    let index: HashMap<&str, usize> = list.words().enumerate().map(|(i, w)| (w, i)).collect();
    let mut counts = vec![0u32; 1024];
    for _ in 0..1600 {
        for word in list.passphrase(64, " ").split(' ') {
            counts[index[word]] += 1;
        }
    }
    assert!(
        counts.iter().all(|&count| count > 0),
        "a word was never drawn"
    );
    let expected = 100.0;
    let chi_square: f64 = counts
        .iter()
        .map(|&count| (f64::from(count) - expected).powi(2) / expected)
        .sum();
    let limit = chi_square_limit(1023.0);
    assert!(
        chi_square < limit,
        "chi-square {chi_square:.1} above {limit:.1}"
    );
}

#[test]
fn the_words_of_one_passphrase_are_drawn_independently() {
    // Two words of 7,776 agree with probability 1/7776: 0.26 expected in 2,000 two-word
    // passphrases. Twenty or more happens with probability below 1e-30 (Poisson tail), while
    // reusing one draw for every word would make all 2,000 agree.
    let list = Wordlist::eff_large();
    let same = (0..2000)
        .filter(|_| {
            let phrase = list.passphrase(2, " ");
            let (first, second) = phrase.split_once(' ').unwrap();
            first == second
        })
        .count();
    assert!(same < 20, "{same} of 2000 passphrases repeat their word");
}

#[test]
fn debug_shows_the_size_not_every_word() {
    let shown = format!("{:?}", Wordlist::eff_large());
    assert_eq!(
        shown,
        r#"Wordlist { len: 7776, first: ["abacus", "abdomen", "abdominal"], .. }"#
    );
    assert_eq!(format!("{:?}", Wordlist::default()), shown);
}
