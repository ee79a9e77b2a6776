//! Python's `Lib/test/test_secrets.py`, case by case, then what Python's implementation does
//! that its suite leaves out (size 0, `randbits(0)`, empty sequences, every integer type), the
//! `string` constants, and the rest of the public API.

use std::collections::HashSet;
use std::panic::{catch_unwind, UnwindSafe};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use secrets_rt::{
    alphabet, choice, compare_digest, randbelow, randbits, token_bytes, token_hex, token_urlsafe,
    Error, SystemRandom, DEFAULT_ENTROPY,
};

/// The message `f` panics with; fails the test if it returns instead.
fn panic_message<R>(f: impl FnOnce() -> R + UnwindSafe) -> String {
    let Err(payload) = catch_unwind(f) else {
        panic!("expected a panic, but the call returned");
    };
    if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else {
        panic!("panic payload is not a string")
    }
}

// === Compare_Digest_Tests ===

#[test]
fn compare_digest_equal() {
    for s in ["a", "bcd", "xyz123"] {
        let a = s.repeat(100);
        let b = s.repeat(100);
        assert!(compare_digest(&a, &b));
        assert!(compare_digest(a.as_bytes(), b.as_bytes()));
    }
}

#[test]
fn compare_digest_unequal() {
    assert!(!compare_digest("abc", "abcd"));
    assert!(!compare_digest(b"abc".as_slice(), b"abcd".as_slice()));
    for s in ["x", "mn", "a1b2c3"] {
        let a = s.repeat(100) + "q";
        let b = s.repeat(100) + "k";
        assert!(!compare_digest(&a, &b));
        assert!(!compare_digest(a.as_bytes(), b.as_bytes()));
    }
}

/// Python raises `TypeError` for `str` against `bytes`. Rust has no such ambiguity: both sides
/// are byte slices (a string's UTF-8 bytes), so mixed types compare by content.
#[test]
fn compare_digest_compares_strings_and_bytes_by_their_bytes() {
    let a = "abcde";
    let b = a.as_bytes().to_vec();
    assert!(compare_digest(a, &b));
    assert!(compare_digest(&b, a));
    assert!(!compare_digest("abcdf", &b));
    // Non-ASCII text, which Python refuses, is compared as UTF-8.
    assert!(compare_digest("héllo", "héllo"));
    assert!(!compare_digest("héllo", "hello"));
}

#[test]
fn compare_digest_returns_bool() {
    let same: bool = compare_digest("abc", "abc");
    let different: bool = compare_digest("abc", "xyz");
    assert!(same);
    assert!(!different);
}

#[test]
fn compare_digest_of_empty_inputs_is_true() {
    assert!(compare_digest("", b""));
    assert!(!compare_digest("", "a"));
}

// === Random_Tests ===

#[test]
fn randbits_is_below_two_to_the_k() {
    for numbits in [3, 12, 30] {
        for _ in 0..6 {
            let n = randbits(numbits);
            assert!(n < 1 << numbits, "randbits({numbits}) returned {n}");
        }
    }
}

#[test]
fn choice_returns_a_member() {
    let items = [1, 2, 4, 8, 16, 32, 64];
    for _ in 0..10 {
        assert!(items.contains(choice(&items)));
    }
}

#[test]
fn randbelow_is_in_range_and_rejects_bad_bounds() {
    for i in 2..10 {
        assert!((0..i).contains(&randbelow(i)));
    }
    assert_eq!(
        panic_message(|| randbelow(0)),
        "randbelow: exclusive_upper_bound must be positive, got 0"
    );
    assert_eq!(
        panic_message(|| randbelow(-1)),
        "randbelow: exclusive_upper_bound must be positive, got -1"
    );
}

// === Token_Tests ===

#[test]
fn token_defaults() {
    assert_eq!(DEFAULT_ENTROPY, 32);
    assert_eq!(token_bytes(None).len(), DEFAULT_ENTROPY);
    assert_eq!(token_hex(None).len(), 2 * DEFAULT_ENTROPY);
    // 32 bytes are 256 bits: 43 base64 characters of 6 bits, without padding.
    assert_eq!(token_urlsafe(None).len(), 43);
}

#[test]
fn token_bytes_has_the_length_asked() {
    for n in [1, 8, 17, 100] {
        assert_eq!(token_bytes(n).len(), n);
    }
}

#[test]
fn token_hex_is_lowercase_hex_of_twice_the_length() {
    for n in [1, 12, 25, 90] {
        let s = token_hex(n);
        assert_eq!(s.len(), 2 * n);
        assert!(s.chars().all(|c| alphabet::HEXDIGITS.contains(c)), "{s}");
        assert!(s.chars().all(|c| !c.is_ascii_uppercase()), "{s}");
    }
}

#[test]
fn token_urlsafe_uses_the_url_safe_alphabet_without_padding() {
    let legal = format!("{}-_", alphabet::ALPHANUMERIC);
    for n in [1, 11, 28, 76] {
        let s = token_urlsafe(n);
        assert!(s.chars().all(|c| legal.contains(c)), "{s}");
        // ceil(8n / 6) characters: no `=` padding.
        assert_eq!(s.len(), (8 * n).div_ceil(6), "{s}");
        assert_eq!(URL_SAFE_NO_PAD.decode(&s).unwrap().len(), n);
    }
}

// === Beyond CPython's suite ===

#[test]
fn size_zero_gives_empty_tokens() {
    assert!(token_bytes(0).is_empty());
    assert!(token_hex(0).is_empty());
    assert!(token_urlsafe(0).is_empty());
}

#[test]
fn tokens_differ_from_call_to_call() {
    // Two equal 128-bit tokens would happen with probability 2^-128.
    assert_ne!(token_bytes(16), token_bytes(16));
    assert_ne!(token_hex(16), token_hex(16));
    assert_ne!(token_urlsafe(16), token_urlsafe(16));
}

#[test]
fn randbits_zero_is_zero_and_128_is_allowed() {
    assert_eq!(randbits(0), 0);
    assert_eq!(SystemRandom.randbits(0), 0);
    // All 128 bits are random: the top bit is set in one of 64 draws but with p = 2^-64.
    assert!((0..64).any(|_| randbits(128) >> 127 == 1));
}

#[test]
fn randbits_rejects_more_than_128_bits() {
    assert_eq!(
        panic_message(|| randbits(129)),
        "randbits: k must be at most 128, got 129"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randbits(u32::MAX)),
        "randbits: k must be at most 128, got 4294967295"
    );
}

/// Python's `choice` raises `IndexError` ("Cannot choose from an empty sequence"), not
/// `ValueError`; here it is a panic with the same words.
#[test]
fn choice_of_an_empty_sequence_panics() {
    const MESSAGE: &str = "choice: cannot choose from an empty sequence";
    let empty: [u8; 0] = [];
    assert_eq!(panic_message(|| *choice(&empty)), MESSAGE);
    assert_eq!(panic_message(|| *choice(&empty[..])), MESSAGE);
    assert_eq!(panic_message(|| *choice(&Vec::<u8>::new())), MESSAGE);
    assert_eq!(panic_message(|| choice("")), MESSAGE);
    assert_eq!(panic_message(|| choice(&String::new())), MESSAGE);
}

#[test]
fn choice_accepts_slices_vectors_arrays_and_strings() {
    let array = [10, 20, 30];
    let vector = vec!["x".to_owned(), "y".to_owned()];
    let slice: &[i32] = &array[1..];
    let string = String::from("€uro");

    let from_array: &i32 = choice(&array);
    let from_vector: &String = choice(&vector);
    let from_slice: &i32 = choice(slice);
    let from_str: char = choice("€uro");
    let from_string: char = choice(&string);

    assert!(array.contains(from_array));
    assert!(vector.contains(from_vector));
    assert!(slice.contains(from_slice));
    assert!("€uro".contains(from_str));
    assert!(string.contains(from_string));
    // A single item, even a multi-byte character, is returned whole.
    assert_eq!(choice("😀"), '😀');
    assert_eq!(*choice(&[7]), 7);
}

/// The README's `choice(&seq)`, for every kind of `seq` a caller holds: owned sequences and
/// references to them (`s: &str`, `s: &[T]`, `s: &Vec<T>`), each giving the README's type.
#[test]
fn choice_of_a_reference_works_for_every_sequence_as_the_readme_writes() {
    let array = [10, 20, 30];
    let vector = vec![1u8, 2, 3];
    let string = String::from("h\u{e9}llo");
    let text: &str = "h\u{e9}llo";
    let slice: &[i32] = &array;
    let vector_ref: &Vec<u8> = &vector;
    let string_ref: &String = &string;

    let from_array: &i32 = choice(&array);
    let from_vector: &u8 = choice(&vector);
    let from_string: char = choice(&string);
    let from_str: char = choice(&text);
    let from_slice: &i32 = choice(&slice);
    let from_vector_ref: &u8 = choice(&vector_ref);
    let from_string_ref: char = choice(&string_ref);
    let from_str_ref_ref: char = choice(&&text);
    assert!(array.contains(from_array) && array.contains(from_slice));
    assert!(vector.contains(from_vector) && vector.contains(from_vector_ref));
    assert!([from_string, from_str, from_string_ref, from_str_ref_ref]
        .iter()
        .all(|&c| text.contains(c)));

    // The item borrows from the sequence, not from the short-lived outer reference.
    let chosen: &i32 = {
        let outer = &slice;
        choice(outer)
    };
    assert!(array.iter().any(|item| std::ptr::eq(item, chosen)));
    // Every character of a `&str` is reached through the reference too.
    let seen: HashSet<char> = (0..400).map(|_| choice(&text)).collect();
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(
        panic_message(|| {
            let empty: &[u8] = &[];
            *choice(&empty)
        }),
        "choice: cannot choose from an empty sequence"
    );
}

#[test]
fn choice_returns_a_reference_into_the_sequence() {
    let items = [1, 2, 3];
    let chosen = choice(&items);
    assert!(items.iter().any(|item| std::ptr::eq(item, chosen)));
}

#[test]
fn randbelow_with_a_bare_literal_is_an_i32() {
    let value = randbelow(10);
    let typed: i32 = value;
    assert!((0..10).contains(&typed));
}

/// For each type: bound 1 gives 0, the largest bound and small bounds stay in range, and a
/// zero bound panics naming the value.
macro_rules! check_integer_types {
    ($($t:ty),*) => {$({
        let (zero, one, three, seven): ($t, $t, $t, $t) = (0, 1, 3, 7);
        assert_eq!(randbelow(one), 0);
        for _ in 0..20 {
            let value = randbelow(<$t>::MAX);
            assert!((0..<$t>::MAX).contains(&value), "{}: {value}", stringify!($t));
            assert!((0..seven).contains(&randbelow(seven)));
            assert!((0..three).contains(&SystemRandom.randbelow(three)));
        }
        assert_eq!(
            panic_message(|| randbelow(zero)),
            "randbelow: exclusive_upper_bound must be positive, got 0",
        );
    })*};
}

/// For each signed type: -1 and the minimum panic naming the value.
macro_rules! check_negative_bounds {
    ($($t:ty),*) => {$({
        let minus_one: $t = -1;
        for bound in [minus_one, <$t>::MIN] {
            assert_eq!(
                panic_message(|| randbelow(bound)),
                format!("randbelow: exclusive_upper_bound must be positive, got {bound}"),
            );
        }
    })*};
}

#[test]
fn randbelow_works_for_every_integer_type() {
    check_integer_types!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
}

#[test]
fn randbelow_rejects_negative_bounds_of_every_signed_type() {
    check_negative_bounds!(i8, i16, i32, i64, i128, isize);
}

#[test]
fn randbelow_negative_bounds_panic_with_the_value() {
    assert_eq!(
        panic_message(|| randbelow(-3)),
        "randbelow: exclusive_upper_bound must be positive, got -3"
    );
    assert_eq!(
        panic_message(|| randbelow(-3_i8)),
        "randbelow: exclusive_upper_bound must be positive, got -3"
    );
    assert_eq!(
        panic_message(|| SystemRandom.randbelow(i128::MIN)),
        format!(
            "randbelow: exclusive_upper_bound must be positive, got {}",
            i128::MIN
        )
    );
}

#[test]
fn randbelow_reaches_the_top_of_wide_bounds() {
    // Values in the top half of the range show the high bits are drawn: each draw lands there
    // with probability about 1/2, so missing in 64 draws has probability about 2^-64.
    let bounds = [
        u128::MAX,
        (1 << 64) + 1,
        u128::from(u64::MAX),
        (1 << 63) + 1,
    ];
    for bound in bounds {
        assert!((0..64).any(|_| randbelow(bound) >= bound / 2), "{bound}");
    }
    assert!((0..64).any(|_| randbelow(i128::MAX) >= i128::MAX / 2));
    assert!((0..64).any(|_| randbelow(i8::MAX) >= i8::MAX / 2));
}

#[test]
fn sample_takes_distinct_positions() {
    // Equal items at different positions are different choices.
    let population = [0u8; 5];
    let all = SystemRandom.sample(&population, 5);
    let addresses: HashSet<*const u8> = all.iter().map(|item| std::ptr::from_ref(*item)).collect();
    assert_eq!(addresses.len(), 5);

    let letters = ['a', 'b', 'c', 'd', 'e', 'f'];
    let three = SystemRandom.sample(&letters, 3);
    assert_eq!(three.len(), 3);
    assert_eq!(three.iter().collect::<HashSet<_>>().len(), 3);
    assert!(SystemRandom.sample(&letters, 0).is_empty());
    assert!(SystemRandom.sample::<u8>(&[], 0).is_empty());
}

#[test]
fn sample_larger_than_the_population_panics() {
    assert_eq!(
        panic_message(|| SystemRandom.sample(&[1, 2, 3], 4)),
        "sample: cannot take 4 distinct items from a population of 3"
    );
}

#[test]
fn shuffle_keeps_the_items() {
    let mut empty: [u8; 0] = [];
    SystemRandom.shuffle(&mut empty);
    let mut one = [42];
    SystemRandom.shuffle(&mut one);
    assert_eq!(one, [42]);

    let mut items: Vec<u32> = (0..1000).collect();
    SystemRandom.shuffle(&mut items);
    // A shuffle of 1000 items that leaves them in order has probability 1/1000!.
    assert!(items.windows(2).any(|pair| pair[0] > pair[1]));
    items.sort_unstable();
    assert_eq!(items, (0..1000).collect::<Vec<_>>());
}

#[test]
fn random_is_in_the_unit_interval() {
    for _ in 0..1000 {
        let x = SystemRandom.random();
        assert!((0.0..1.0).contains(&x), "{x}");
    }
}

#[test]
fn fill_bytes_and_try_fill_bytes_fill_the_buffer() {
    // Each stays all zero with probability 2^-512.
    let mut buffer = [0u8; 64];
    SystemRandom.fill_bytes(&mut buffer);
    assert!(buffer.iter().any(|&b| b != 0));
    let mut buffer = [0u8; 64];
    SystemRandom.try_fill_bytes(&mut buffer).unwrap();
    assert!(buffer.iter().any(|&b| b != 0));
    // An empty buffer is fine.
    SystemRandom.try_fill_bytes(&mut []).unwrap();
}

#[test]
fn system_random_is_a_plain_value() {
    fn default_of<T: Default + Clone + Copy + std::fmt::Debug + Eq + std::hash::Hash>() -> T {
        T::default()
    }
    assert_eq!(default_of::<SystemRandom>(), SystemRandom);
    assert_eq!(format!("{SystemRandom:?}"), "SystemRandom");
}

// Deliberate API change (issue 13): `Error` no longer converts from or into `getrandom`'s
// error and has no `source`; its message is checked by the unit tests of `error.rs` and by the
// `os-failure` crate, which makes the OS source fail.
#[test]
fn error_is_a_plain_std_error() {
    fn is_error<E: std::error::Error + Copy + Eq + Send + Sync + 'static>() {}
    is_error::<Error>();
}

#[test]
fn alphabet_matches_pythons_string_module() {
    // The values of CPython's `string` module, written out literally.
    assert_eq!(alphabet::ASCII_LOWERCASE, "abcdefghijklmnopqrstuvwxyz");
    assert_eq!(alphabet::ASCII_UPPERCASE, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    assert_eq!(
        alphabet::ASCII_LETTERS,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    );
    assert_eq!(alphabet::DIGITS, "0123456789");
    assert_eq!(alphabet::HEXDIGITS, "0123456789abcdefABCDEF");
    assert_eq!(
        alphabet::PUNCTUATION,
        r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##
    );
    assert_eq!(
        alphabet::ALPHANUMERIC,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    );
    // And as Python defines them: letters are lower + upper; punctuation is the ASCII
    // punctuation characters in code point order.
    assert_eq!(
        alphabet::ASCII_LETTERS,
        format!("{}{}", alphabet::ASCII_LOWERCASE, alphabet::ASCII_UPPERCASE)
    );
    let punctuation: String = (0u8..128)
        .map(char::from)
        .filter(char::is_ascii_punctuation)
        .collect();
    assert_eq!(alphabet::PUNCTUATION, punctuation);
}
