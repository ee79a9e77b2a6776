//! A stranger's black-box contract test: written against the public API fixed by issues 2, 3
//! and 4 (names, signatures, trait bounds, behaviour and panic messages), not against the
//! implementation. If this file stops compiling, an application written against the issues
//! stops compiling too.
//!
//! Randomised assertions are chosen so that a correct implementation fails them with
//! probability far below 10^-6; each one states its bound where it is not obvious.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Debug;
use std::panic::{catch_unwind, UnwindSafe};

use secrets_rt::{
    alphabet, choice, compare_digest, randbelow, randbits, token_bytes, token_hex, token_urlsafe,
    SystemRandom, DEFAULT_ENTROPY,
};

/// Runs `f`, which must panic, and returns its panic message.
fn panic_message<R>(f: impl FnOnce() -> R + UnwindSafe) -> String {
    let Err(payload) = catch_unwind(f) else {
        panic!("expected a panic, but the call returned");
    };
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else {
        panic!("panic payload is neither String nor &str");
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 2: constants and tokens
// ---------------------------------------------------------------------------------------------

// `DEFAULT_ENTROPY` is a `usize` constant usable in const context.
const DEFAULT: usize = DEFAULT_ENTROPY;

#[test]
fn default_entropy_is_32_bytes() {
    assert_eq!(DEFAULT, 32);
}

#[test]
fn token_functions_have_the_issue_signatures() {
    // `impl Into<Option<usize>>` instantiated both ways; coercion to fn pointers pins the
    // return types exactly.
    let _: fn(Option<usize>) -> Vec<u8> = token_bytes;
    let _: fn(usize) -> Vec<u8> = token_bytes;
    let _: fn(Option<usize>) -> String = token_hex;
    let _: fn(usize) -> String = token_hex;
    let _: fn(Option<usize>) -> String = token_urlsafe;
    let _: fn(usize) -> String = token_urlsafe;
}

#[test]
fn token_bytes_lengths_with_none_bare_and_some() {
    assert_eq!(token_bytes(None).len(), DEFAULT_ENTROPY);
    assert_eq!(token_bytes(16).len(), 16);
    assert_eq!(token_bytes(Some(16)).len(), 16);
    assert_eq!(token_bytes(0).len(), 0);
    assert_eq!(token_bytes(Some(0)), Vec::<u8>::new());
    assert_eq!(token_bytes(1000).len(), 1000);
}

#[test]
fn token_bytes_are_fresh_each_call() {
    // Two equal 32-byte tokens: probability 2^-256.
    assert_ne!(token_bytes(None), token_bytes(None));
    // 1000 bytes all zero: probability 2^-8000.
    assert!(token_bytes(1000).iter().any(|&b| b != 0));
}

fn is_lower_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn token_hex_is_two_lowercase_hex_digits_per_byte() {
    let none = token_hex(None);
    assert_eq!(none.len(), 2 * DEFAULT_ENTROPY);
    assert!(is_lower_hex(&none), "{none:?}");
    for n in [0usize, 1, 2, 15, 16, 17, 64] {
        let bare = token_hex(n);
        let some = token_hex(Some(n));
        assert_eq!(bare.len(), 2 * n);
        assert_eq!(some.len(), 2 * n);
        assert!(
            is_lower_hex(&bare) && is_lower_hex(&some),
            "{bare:?} {some:?}"
        );
    }
    // Lowercase, not just "hex": in 64 random bytes some nibble is a..f with probability
    // 1 - (10/16)^128 (failure < 10^-26).
    assert!(token_hex(64).bytes().any(|b| b.is_ascii_lowercase()));
    assert_ne!(token_hex(16), token_hex(16));
}

#[test]
fn token_urlsafe_is_unpadded_urlsafe_base64_of_n_bytes() {
    use base64::Engine as _;
    let check = |s: &str, n: usize| {
        // Unpadded base64 of n bytes has ceil(4n/3) characters.
        assert_eq!(s.len(), (4 * n).div_ceil(3), "{s:?} for {n} bytes");
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{s:?} is not URL-safe base64"
        );
        assert!(!s.contains('='), "{s:?} is padded");
        let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .expect("token_urlsafe output decodes as URL-safe base64");
        assert_eq!(decoded.len(), n);
    };
    check(&token_urlsafe(None), DEFAULT_ENTROPY);
    assert_eq!(token_urlsafe(None).len(), 43);
    assert_eq!(token_urlsafe(16).len(), 22);
    assert_eq!(token_urlsafe(Some(16)).len(), 22);
    for n in [0usize, 1, 2, 3, 4, 5, 16, 31, 32, 33, 100] {
        check(&token_urlsafe(n), n);
        check(&token_urlsafe(Some(n)), n);
    }
    assert_eq!(token_urlsafe(0), "");
}

// ---------------------------------------------------------------------------------------------
// Issue 2: choice
// ---------------------------------------------------------------------------------------------

#[test]
fn choice_on_slices_vecs_and_arrays_returns_a_reference_into_the_sequence() {
    let arr = [10, 20, 30, 40];
    let v = vec![String::from("a"), String::from("b"), String::from("c")];

    let from_array: &i32 = choice(&arr);
    assert!(arr.iter().any(|e| std::ptr::eq(e, from_array)));

    let from_slice: &i32 = choice(&arr[..]);
    assert!(arr.iter().any(|e| std::ptr::eq(e, from_slice)));

    let from_vec: &String = choice(&v);
    assert!(v.iter().any(|e| std::ptr::eq(e, from_vec)));

    let from_vec_slice: &String = choice(v.as_slice());
    assert!(v.iter().any(|e| std::ptr::eq(e, from_vec_slice)));

    // Array literals and byte strings (`&[u8; N]`) too.
    let lit: &&str = choice(&["x", "y"]);
    assert!(["x", "y"].contains(lit));
    let byte: &u8 = choice(b"xyz");
    assert!(b"xyz".contains(byte));

    // Singletons.
    assert_eq!(*choice(&[7u8]), 7);
    assert_eq!(*choice(&vec![()]), ());
}

#[test]
fn choice_reaches_every_element() {
    // CPython test_choice: membership; plus coverage: 8 items, 400 draws, one item never
    // drawn has probability <= 8 * (7/8)^400 < 10^-22.
    let items: Vec<u32> = (0..8).collect();
    let seen: HashSet<u32> = (0..400).map(|_| *choice(&items)).collect();
    assert_eq!(seen.len(), items.len());
}

#[test]
fn choice_on_str_and_string_returns_whole_chars() {
    let c: char = choice("abc");
    assert!("abc".contains(c));

    let owned = String::from("xyz");
    let c: char = choice(&owned);
    assert!(owned.contains(c));

    // Multi-byte characters come out whole. 300 draws over 4 chars: one char never drawn has
    // probability <= 4 * (3/4)^300 < 10^-36.
    let text = "日本語é";
    let seen: BTreeSet<char> = (0..300).map(|_| choice(text)).collect();
    assert_eq!(seen, text.chars().collect::<BTreeSet<_>>());
    let owned_text = String::from(text);
    let seen: BTreeSet<char> = (0..300).map(|_| choice(&owned_text)).collect();
    assert_eq!(seen, text.chars().collect::<BTreeSet<_>>());

    // Uniform over chars, not bytes: "a" + a 4-byte char. With byte-weighted picking 'a' would
    // come 1/5 of the time; with char-uniform picking 1/2. In 2000 draws the count of 'a' is
    // Binomial(2000, 1/2): mean 1000, sd 22.4; we require > 700 (13 sd below; a byte-weighted
    // mean is 400).
    let a_count = (0..2000).filter(|_| choice("a😀") == 'a').count();
    assert!(a_count > 700, "'a' drawn {a_count} times out of 2000");
}

#[test]
#[should_panic(expected = "choice")]
fn choice_on_empty_slice_panics() {
    let empty: [u8; 0] = [];
    let _ = choice(&empty[..]);
}

#[test]
#[should_panic(expected = "empty")]
fn choice_on_empty_vec_panics() {
    let empty: Vec<i32> = Vec::new();
    let _ = choice(&empty);
}

#[test]
#[should_panic(expected = "empty")]
fn choice_on_empty_array_panics() {
    let empty: [i32; 0] = [];
    let _ = choice(&empty);
}

#[test]
#[should_panic(expected = "choice")]
fn choice_on_empty_str_panics() {
    let _ = choice("");
}

#[test]
#[should_panic(expected = "empty")]
fn choice_on_empty_string_panics() {
    let _ = choice(&String::new());
}

#[test]
fn choice_panic_names_the_function_and_the_empty_sequence() {
    for msg in [
        panic_message(|| *choice(&Vec::<u8>::new())),
        panic_message(|| choice("")),
    ] {
        assert!(msg.contains("choice"), "{msg:?}");
        assert!(msg.contains("empty"), "{msg:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 2: randbelow
// ---------------------------------------------------------------------------------------------

#[test]
fn randbelow_accepts_a_bare_literal() {
    let r = randbelow(10);
    // The literal infers i32; the result has the bound's type.
    let _: i32 = r;
    assert!((0..10).contains(&r));
    // Python's `randbelow(1) == 0`.
    assert_eq!(randbelow(1), 0);
}

macro_rules! randbelow_contract {
    ($($name:ident: $t:ty),* $(,)?) => {$(
        #[test]
        fn $name() {
            // Same type in, same type out.
            let _: fn($t) -> $t = randbelow::<$t>;
            for _ in 0..100 {
                assert_eq!(randbelow(1 as $t), 0);
                let r: $t = randbelow(10 as $t);
                assert!((0 as $t..10 as $t).contains(&r), "{r}");
                let r: $t = randbelow(<$t>::MAX);
                assert!(r >= 0 as $t && r < <$t>::MAX, "{r}");
            }
            // The whole range is reached: 200 draws below MAX all in the lower half has
            // probability ~2^-200.
            let half = <$t>::MAX / 2;
            assert!((0..200).any(|_| randbelow(<$t>::MAX) > half));
            // A bound just above a power of two (the hard case for bit-length rejection).
            let b: $t = (<$t>::MAX / 2) / 2 + 2;
            for _ in 0..100 {
                let r = randbelow(b);
                assert!(r >= 0 as $t && r < b, "{r} for bound {b}");
            }
            // Every value of a small bound comes up: 5 values, 300 draws, a value never drawn
            // has probability <= 5 * (4/5)^300 < 10^-28.
            let seen: BTreeSet<$t> = (0..300).map(|_| randbelow(5 as $t)).collect();
            assert_eq!(seen, (0 as $t..5 as $t).collect::<BTreeSet<_>>());
            // A zero bound panics naming the function and the value.
            let msg = panic_message(|| randbelow(0 as $t));
            assert!(msg.contains("randbelow"), "{msg:?}");
            assert!(msg.contains("exclusive_upper_bound must be positive"), "{msg:?}");
            assert!(msg.contains('0'), "{msg:?}");
        }
    )*};
}

randbelow_contract! {
    randbelow_u8: u8, randbelow_u16: u16, randbelow_u32: u32, randbelow_u64: u64,
    randbelow_u128: u128, randbelow_usize: usize,
    randbelow_i8: i8, randbelow_i16: i16, randbelow_i32: i32, randbelow_i64: i64,
    randbelow_i128: i128, randbelow_isize: isize,
}

macro_rules! randbelow_negative_panics {
    ($($t:ty),*) => {$(
        for bound in [-1 as $t, <$t>::MIN] {
            let msg = panic_message(|| randbelow(bound));
            assert!(msg.contains("randbelow"), "{msg:?}");
            assert!(msg.contains("exclusive_upper_bound must be positive"), "{msg:?}");
            assert!(msg.contains(&bound.to_string()), "{msg:?} does not name {bound}");
        }
    )*};
}

#[test]
fn randbelow_negative_bounds_panic_for_every_signed_type() {
    randbelow_negative_panics!(i8, i16, i32, i64, i128, isize);
}

#[test]
#[should_panic(expected = "exclusive_upper_bound must be positive")]
fn randbelow_zero_literal_panics() {
    let _ = randbelow(0);
}

#[test]
#[should_panic(expected = "exclusive_upper_bound must be positive")]
fn randbelow_negative_literal_panics() {
    let _ = randbelow(-1);
}

#[test]
#[should_panic(expected = "exclusive_upper_bound must be positive")]
fn randbelow_zero_unsigned_panics() {
    let _ = randbelow(0u64);
}

#[test]
#[should_panic(expected = "-170141183460469231731687303715884105728")]
fn randbelow_panic_names_the_bad_value() {
    let _ = randbelow(i128::MIN);
}

// ---------------------------------------------------------------------------------------------
// Issue 2: randbits
// ---------------------------------------------------------------------------------------------

#[test]
fn randbits_has_the_issue_signature_and_range() {
    let _: fn(u32) -> u128 = randbits;
    assert_eq!(randbits(0), 0);
    // CPython test_randbits: 0 <= randbits(k) < 2**k.
    for k in 1..128u32 {
        for _ in 0..10 {
            assert!(randbits(k) < 1u128 << k, "randbits({k})");
        }
    }
    let _ = randbits(128);
    // The top bit of k bits is set sometimes: 200 draws never setting it has probability 2^-200.
    for k in [1u32, 7, 8, 53, 64, 65, 127, 128] {
        assert!(
            (0..200).any(|_| randbits(k) >> (k - 1) == 1),
            "randbits({k}) never sets bit {}",
            k - 1
        );
    }
}

#[test]
#[should_panic(expected = "randbits")]
fn randbits_above_128_panics() {
    let _ = randbits(129);
}

#[test]
fn randbits_panic_names_the_bad_value() {
    let msg = panic_message(|| randbits(129));
    assert!(msg.contains("randbits") && msg.contains("129"), "{msg:?}");
    let msg = panic_message(|| randbits(u32::MAX));
    assert!(msg.contains(&u32::MAX.to_string()), "{msg:?}");
}

// ---------------------------------------------------------------------------------------------
// Issue 2: compare_digest
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_digest_on_mixed_byte_like_arguments() {
    // CPython test_equal / test_unequal / test_bool, across the argument types Rust callers
    // hold: &str, &[u8], byte-string literals, Vec<u8>, String, &String, arrays.
    let eq: bool = compare_digest("abc", "abc");
    assert!(eq);
    assert!(!compare_digest("abc", "abd"));
    assert!(!compare_digest("abc", "abcd"));
    assert!(!compare_digest("abcd", "abc"));
    assert!(compare_digest("", ""));
    assert!(!compare_digest("", "a"));

    assert!(compare_digest(b"abc", b"abc"));
    assert!(compare_digest(&b"abc"[..], "abc"));
    assert!(compare_digest(vec![b'a', b'b', b'c'], "abc"));
    assert!(compare_digest(String::from("abc"), Vec::from("abc")));
    let owned = String::from("abc");
    assert!(compare_digest(&owned, &owned));
    assert!(compare_digest(&owned, [b'a', b'b', b'c']));
    assert!(!compare_digest(&owned, vec![b'a', b'b', b'd']));
    assert!(!compare_digest(b"\x00", b"\x01"));

    // Tokens compare equal to themselves and (with overwhelming probability) not to others.
    let t = token_hex(None);
    assert!(compare_digest(&t, t.clone()));
    assert!(!compare_digest(&t, token_hex(None)));
    let b = token_bytes(None);
    assert!(compare_digest(&b, b.as_slice()));

    // Strings and their UTF-8 bytes are the same digest.
    assert!(compare_digest("é", [0xc3u8, 0xa9]));
}

// ---------------------------------------------------------------------------------------------
// Issue 2: SystemRandom
// ---------------------------------------------------------------------------------------------

/// Builds a `T` through `Default`, then copies it (the issue's trait list).
fn default_copy<T: Default + Copy + Debug + Send + Sync + 'static>() -> T {
    let value = T::default();
    // `value` is used after the move into `copy` only because `T: Copy`.
    let copy = value;
    assert_eq!(format!("{value:?}"), format!("{copy:?}"));
    copy
}

/// Generic over `Clone` alone, so the call goes through `Clone::clone`.
fn via_clone<T: Clone>(value: &T) -> T {
    value.clone()
}

#[test]
fn system_random_traits() {
    let rng: SystemRandom = via_clone(&default_copy::<SystemRandom>());
    assert!(!format!("{rng:?}").is_empty());
    // A unit struct, as written in the issue.
    let unit: SystemRandom = SystemRandom;
    assert_eq!(format!("{unit:?}"), format!("{rng:?}"));
}

#[test]
fn system_random_randbelow_randbits_choice() {
    let rng = SystemRandom;
    for _ in 0..100 {
        assert!(rng.randbelow(10u8) < 10);
        assert!((0..10).contains(&rng.randbelow(10)));
        assert!(rng.randbelow(-(i64::MIN + 1)) >= 0);
        assert!(rng.randbits(5) < 32);
    }
    assert_eq!(rng.randbits(0), 0);
    let v = vec![1, 2, 3];
    let x: &i32 = rng.choice(&v);
    assert!(v.contains(x));
    let c: char = rng.choice("ab");
    assert!(c == 'a' || c == 'b');
    let c: char = rng.choice(alphabet::HEXDIGITS);
    assert!(c.is_ascii_hexdigit());
}

#[test]
#[should_panic(expected = "exclusive_upper_bound must be positive")]
fn system_random_randbelow_zero_panics() {
    let _ = SystemRandom.randbelow(0u32);
}

#[test]
#[should_panic(expected = "randbits")]
fn system_random_randbits_above_128_panics() {
    let _ = SystemRandom.randbits(200);
}

#[test]
#[should_panic(expected = "choice")]
fn system_random_choice_empty_panics() {
    let _ = SystemRandom.choice(&Vec::<u8>::new());
}

#[test]
fn system_random_shuffle_permutes_and_reaches_every_order() {
    let rng = SystemRandom;
    let mut v: Vec<u32> = (0..50).collect();
    rng.shuffle(&mut v);
    let mut sorted = v.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    // Not the identity: probability 1/50!.
    assert_ne!(v, sorted);

    // All 6 orders of 3 items: 600 shuffles, one order missing has probability
    // <= 6 * (5/6)^600 < 10^-46.
    let mut seen = HashSet::new();
    for _ in 0..600 {
        let mut a = ['a', 'b', 'c'];
        rng.shuffle(&mut a);
        seen.insert(a);
    }
    assert_eq!(seen.len(), 6);

    // Empty and singleton slices are fine.
    let mut empty: [u8; 0] = [];
    rng.shuffle(&mut empty);
    let mut one = [1];
    rng.shuffle(&mut one);
    assert_eq!(one, [1]);
}

#[test]
fn system_random_sample_takes_k_distinct_positions() {
    let rng = SystemRandom;
    // Equal values at different positions: distinct positions, not distinct values.
    let items = [7u8; 10];
    let picked: Vec<&u8> = rng.sample(&items, 4);
    assert_eq!(picked.len(), 4);
    for (i, a) in picked.iter().enumerate() {
        assert!(items.iter().any(|e| std::ptr::eq(e, *a)));
        for b in &picked[i + 1..] {
            assert!(!std::ptr::eq(*a, *b), "the same position was sampled twice");
        }
    }
    // k == len is a permutation; k == 0 is empty.
    let v: Vec<u32> = (0..20).collect();
    let all: BTreeSet<u32> = rng.sample(&v, 20).into_iter().copied().collect();
    assert_eq!(all.len(), 20);
    assert!(rng.sample(&v, 0).is_empty());
    assert!(rng.sample(&[] as &[u8], 0).is_empty());
    // Every element can be sampled: 2 of 10, 300 times; an element never picked has
    // probability <= 10 * (8/10)^300 < 10^-28.
    let seen: BTreeSet<u32> = (0..300)
        .flat_map(|_| rng.sample(&v[..10], 2).into_iter().copied())
        .collect();
    assert_eq!(seen.len(), 10);
}

#[test]
#[should_panic(expected = "sample")]
fn system_random_sample_more_than_len_panics() {
    let _ = SystemRandom.sample(&[1, 2, 3], 4);
}

#[test]
fn system_random_sample_panic_names_the_bad_value() {
    let msg = panic_message(|| SystemRandom.sample(&[1, 2, 3], 4).len());
    assert!(msg.contains("sample") && msg.contains('4'), "{msg:?}");
}

#[test]
fn system_random_random_is_53_bit_float_in_unit_interval() {
    let rng = SystemRandom;
    let two53 = (1u64 << 53) as f64;
    let mut odd = false;
    let mut upper_half = false;
    for _ in 0..200 {
        let x: f64 = rng.random();
        assert!((0.0..1.0).contains(&x), "{x}");
        let scaled = x * two53;
        // A multiple of 2^-53 (exactly 53 bits)...
        assert_eq!(
            scaled.fract().to_bits(),
            0f64.to_bits(),
            "{x} is not a multiple of 2^-53"
        );
        // ...and the 53rd bit is used: 200 draws all even has probability 2^-200.
        odd |= (scaled as u64) % 2 == 1;
        upper_half |= x >= 0.5;
    }
    assert!(odd, "random() never set its lowest (53rd) bit");
    assert!(upper_half);
}

#[test]
fn system_random_fill_bytes_and_try_fill_bytes() {
    let rng = SystemRandom;
    let mut buf = [0u8; 64];
    rng.fill_bytes(&mut buf);
    // All zero after filling: probability 2^-512.
    assert_ne!(buf, [0u8; 64]);

    let mut buf2 = [0u8; 64];
    let result: Result<(), secrets_rt::Error> = rng.try_fill_bytes(&mut buf2);
    result.expect("the OS source works in tests");
    assert_ne!(buf2, [0u8; 64]);
    assert_ne!(buf, buf2);

    let mut empty: [u8; 0] = [];
    rng.fill_bytes(&mut empty);
    rng.try_fill_bytes(&mut empty).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Issue 2: alphabet
// ---------------------------------------------------------------------------------------------

#[test]
fn alphabet_constants_match_python_string_module() {
    // Usable in const context.
    const ALNUM: &str = alphabet::ALPHANUMERIC;
    // Python 3: string.ascii_lowercase etc., verbatim.
    let lower: &'static str = alphabet::ASCII_LOWERCASE;
    assert_eq!(lower, "abcdefghijklmnopqrstuvwxyz");
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
    assert_eq!(alphabet::PUNCTUATION.len(), 32);
    assert_eq!(
        alphabet::ALPHANUMERIC,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    );
    assert_eq!(ALNUM.len(), 62);
}

// ---------------------------------------------------------------------------------------------
// Issue 2: Error
// ---------------------------------------------------------------------------------------------

fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn error_is_a_std_error_whose_display_says_what_failed() {
    assert_error::<secrets_rt::Error>();
    // Deliberate API change (issue 13): no `From<getrandom::Error>`, so an `Error` only comes
    // from a failed call; the message is checked by the unit tests of `error.rs` and by the
    // `os-failure` crate. What stays promised: a code and a message, nothing of `getrandom`.
    let code: fn(secrets_rt::Error) -> Option<i32> = secrets_rt::Error::raw_os_error;
    let _ = code;
}

// ---------------------------------------------------------------------------------------------
// Issue 2: the seed's recipes, as a stranger would write them
// ---------------------------------------------------------------------------------------------

#[test]
fn recipe_eight_char_alphanumeric_password() {
    let password: String = (0..8).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
    assert_eq!(password.chars().count(), 8);
    assert!(password.chars().all(|c| c.is_ascii_alphanumeric()));
}

#[test]
fn recipe_ten_chars_with_rejection_loop() {
    let password = loop {
        let p: String = (0..10).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
        if p.chars().any(|c| c.is_ascii_lowercase())
            && p.chars().any(|c| c.is_ascii_uppercase())
            && p.chars().filter(char::is_ascii_digit).count() >= 3
        {
            break p;
        }
    };
    assert_eq!(password.len(), 10);
}

#[test]
fn recipe_password_reset_url() {
    let url = format!("https://example.com/reset={}", token_urlsafe(None));
    assert_eq!(url.len(), "https://example.com/reset=".len() + 43);
}

// ---------------------------------------------------------------------------------------------
// Issue 3: password_policy! and Policy
// ---------------------------------------------------------------------------------------------

mod policy_contract {
    use super::*;
    use secrets_rt::{password_policy, Policy};
    // Policies read from text: the `parse` feature (on by default).
    #[cfg(feature = "parse")]
    use secrets_rt::PolicyError;

    const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    static STRONG_STATIC: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    // Const-evaluable: usable inside other constant expressions.
    const TWO: [Policy; 2] = [
        password_policy!(len = 16),
        password_policy!(len = 12, symbols >= 2, exclude = "Il1O0",),
    ];

    #[cfg(feature = "parse")]
    const CARD: &str = "len = 10, lower >= 1, upper >= 1, digits >= 3";

    /// The card's policy counted independently: sum over class counts (l, u, d) with
    /// l >= 1, u >= 1, d >= 3, l + u + d = 10 of 10!/(l! u! d!) * 26^l * 26^u * 10^d.
    fn card_count() -> u128 {
        fn fact(n: u32) -> u128 {
            (1..=u128::from(n)).product()
        }
        let mut total = 0u128;
        for l in 1..=10u32 {
            for u in 1..=10 - l {
                let d = 10 - l - u;
                if d >= 3 {
                    total += fact(10) / (fact(l) * fact(u) * fact(d))
                        * 26u128.pow(l)
                        * 26u128.pow(u)
                        * 10u128.pow(d);
                }
            }
        }
        total
    }

    fn satisfies_card(pw: &str) -> bool {
        pw.chars().count() == 10
            && pw.chars().all(|c| alphabet::ALPHANUMERIC.contains(c))
            && pw.chars().any(|c| c.is_ascii_lowercase())
            && pw.chars().any(|c| c.is_ascii_uppercase())
            && pw.chars().filter(char::is_ascii_digit).count() >= 3
    }

    fn assert_policy_traits<T: Clone + Debug + PartialEq + Send + Sync + std::fmt::Display>() {}

    #[test]
    fn policy_works_in_const_static_and_let() {
        assert_policy_traits::<Policy>();
        let local: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
        for p in [&STRONG, &STRONG_STATIC, &local] {
            let pw: String = p.generate();
            assert!(satisfies_card(&pw), "{pw:?}");
        }
        assert_eq!(STRONG, STRONG_STATIC);
        assert_eq!(STRONG, local);
        assert_ne!(TWO[0], TWO[1]);
    }

    #[test]
    fn generate_satisfies_every_rule_and_varies() {
        let passwords: HashSet<String> = (0..200).map(|_| STRONG.generate()).collect();
        for pw in &passwords {
            assert!(satisfies_card(pw), "{pw:?}");
        }
        // 200 draws from 1.7e17 passwords: any collision has probability < 200^2 / 1.7e17.
        assert_eq!(passwords.len(), 200);
    }

    #[test]
    fn entropy_bits_is_exact() {
        let bits: f64 = STRONG.entropy_bits();
        assert_eq!(card_count(), 172_120_264_792_320_000);
        assert!((bits - 57.2562).abs() < 5e-5, "{bits}");
        assert!((bits - (card_count() as f64).log2()).abs() < 1e-9, "{bits}");
        // A policy with no constraints beyond the alphabet: 16 * log2(62).
        assert!((TWO[0].entropy_bits() - 16.0 * 62f64.log2()).abs() < 1e-9);
    }

    #[test]
    fn count_acceptance_and_checker_agree_with_the_card() {
        // The card's figures: 172,120,264,792,320,000 passwords, acceptance 0.2051.
        assert_eq!(STRONG.password_count(), Some(card_count()));
        let acceptance = card_count() as f64 / 62f64.powi(10);
        assert!((STRONG.acceptance_probability() - acceptance).abs() < 1e-12);
        assert!((STRONG.acceptance_probability() - 0.2051).abs() < 5e-5);
        assert!(STRONG.is_satisfied_by("aB345cdefg"));
        assert!(!STRONG.is_satisfied_by("aB34cdefgh"), "only two digits");
        assert!(!STRONG.is_satisfied_by("aB345cdef"), "nine characters");
        assert!(
            !STRONG.is_satisfied_by("aB345cdef!"),
            "`!` is not in the alphabet"
        );
        for _ in 0..50 {
            assert!(STRONG.is_satisfied_by(&STRONG.generate()));
        }
    }

    #[test]
    fn len_maximum_is_at_least_256() {
        const LONGEST: Policy = password_policy!(len = 256);
        assert_eq!(LONGEST.generate().chars().count(), 256);
        #[cfg(feature = "parse")]
        {
            assert_eq!(Policy::parse("len = 256").unwrap(), LONGEST);
            assert_parse_error("len = 257", "257", &["len", "256"]);
        }
    }

    #[test]
    fn len_and_alphabet_accessors() {
        assert_eq!(STRONG.len(), 10);
        let alpha: BTreeSet<char> = STRONG.alphabet().iter().copied().collect();
        assert_eq!(
            alpha,
            alphabet::ALPHANUMERIC.chars().collect::<BTreeSet<_>>()
        );
        let alpha: BTreeSet<char> = TWO[1].alphabet().iter().copied().collect();
        let expected: BTreeSet<char> = alphabet::ALPHANUMERIC
            .chars()
            .chain(alphabet::PUNCTUATION.chars())
            .filter(|c| !"Il1O0".contains(*c))
            .collect();
        assert_eq!(alpha, expected);
    }

    #[test]
    fn grammar_features_generate_what_they_say() {
        let p = password_policy!(
            len = 12,
            symbols = "!@#$%",
            symbols >= 2,
            digits == 0,
            exclude = "Il1O0",
            min_entropy = 40.5,
        );
        assert!(p.entropy_bits() >= 40.5);
        for _ in 0..100 {
            let pw = p.generate();
            assert_eq!(pw.chars().count(), 12);
            assert!(
                pw.chars().filter(|c| "!@#$%".contains(*c)).count() >= 2,
                "{pw:?}"
            );
            assert!(!pw.chars().any(|c| c.is_ascii_digit()), "{pw:?}");
            assert!(!pw.chars().any(|c| "Il1O0".contains(c)), "{pw:?}");
            assert!(
                pw.chars()
                    .all(|c| c.is_ascii_alphabetic() || "!@#$%".contains(c)),
                "{pw:?}"
            );
        }
    }

    #[cfg(feature = "parse")]
    #[test]
    fn parse_gives_the_macro_policy() {
        let parsed: Result<Policy, PolicyError> = Policy::parse(CARD);
        let parsed = parsed.expect("the card's policy parses");
        assert_eq!(parsed, STRONG);
        assert_eq!(
            parsed.entropy_bits().to_bits(),
            STRONG.entropy_bits().to_bits()
        );
        assert!(satisfies_card(&parsed.generate()));
        // FromStr, as every parseable std type offers.
        let via_from_str: Policy = CARD.parse().expect("FromStr agrees with Policy::parse");
        assert_eq!(via_from_str, STRONG);
    }

    #[cfg(feature = "parse")]
    #[test]
    fn display_round_trips_through_parse() {
        let custom = password_policy!(
            len = 20,
            lower <= 8,
            upper >= 2,
            digits == 4,
            symbols = "-_.",
            symbols >= 1,
            exclude = "xyz",
            min_entropy = 60,
        );
        for p in [STRONG, TWO[0].clone(), TWO[1].clone(), custom] {
            let text = p.to_string();
            let back = Policy::parse(&text)
                .unwrap_or_else(|e| panic!("Display output {text:?} does not parse: {e}"));
            assert_eq!(back, p, "{text:?}");
            assert_eq!(back.to_string(), text);
        }
    }

    /// Asserts that `text` fails to parse, that the error's byte range lies inside `rule`
    /// (which must occur in `text`), and that its message contains each of `parts`.
    #[cfg(feature = "parse")]
    fn assert_parse_error(text: &str, rule: &str, parts: &[&str]) -> PolicyError {
        let err = Policy::parse(text).expect_err(text);
        let start = text.find(rule).expect("rule occurs in text");
        let end = start + rule.len();
        let range: std::ops::Range<usize> = err.span();
        assert!(
            range.start >= start && range.end <= end && range.start < range.end,
            "{text:?}: error range {range:?} ({:?}) is not inside {rule:?}",
            text.get(range.clone())
        );
        let msg = err.to_string();
        for part in parts {
            assert!(msg.contains(part), "{text:?}: {msg:?} lacks {part:?}");
        }
        assert!(!msg.ends_with('.'), "{msg:?} ends with a period");
        err
    }

    #[cfg(feature = "parse")]
    #[test]
    fn parse_errors_carry_the_byte_range_of_the_offending_rule() {
        assert_error::<PolicyError>();
        assert_parse_error(
            "len = 10, digit >= 3",
            "digit >= 3",
            &["unknown class `digit`", "did you mean `digits`"],
        );
        assert_parse_error("len = 10, lower >= 11", "lower >= 11", &["lower"]);
        assert_parse_error("len = 10, lower >= 1, lower >= 2", "lower >= 2", &["lower"]);
        assert_parse_error("len = 100000", "len = 100000", &["len"]);
        assert_parse_error("len = 10, colour = 3", "colour = 3", &["colour"]);
        assert_parse_error("len = 10, symbols = \"\"", "symbols = \"\"", &["symbols"]);
        assert_parse_error("len = 8, min_entropy = 200", "min_entropy = 200", &["bits"]);
        // Missing `len` and nothing at all are errors too (their range is not a rule).
        assert!(Policy::parse("lower >= 1").is_err());
        assert!(Policy::parse("").is_err());
        assert!(Policy::parse("len = 0").is_err());
    }

    #[test]
    fn issue_4_grammar_union_minimum_and_max_consecutive() {
        // Small enough to enumerate: alphabet {a, b, X, Y, 0, 1}, 6^4 strings.
        const SMALL: Policy = password_policy!(
            len = 4,
            lower = "ab",
            upper = "XY",
            digits = "01",
            lower | upper >= 3,
            max_consecutive = 2,
        );
        let ok = |pw: &str| {
            let chars: Vec<char> = pw.chars().collect();
            chars.len() == 4
                && chars.iter().all(|c| "abXY01".contains(*c))
                && chars.iter().filter(|c| "abXY".contains(**c)).count() >= 3
                && !chars.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
        };
        let alphabet: Vec<char> = "abXY01".chars().collect();
        let mut count = 0u32;
        for i in 0..6u32.pow(4) {
            let pw: String = (0..4)
                .map(|k| alphabet[(i / 6u32.pow(k) % 6) as usize])
                .collect();
            if ok(&pw) {
                count += 1;
            }
        }
        assert!(
            (SMALL.entropy_bits() - f64::from(count).log2()).abs() < 1e-9,
            "{} vs log2({count})",
            SMALL.entropy_bits()
        );
        for _ in 0..200 {
            let pw = SMALL.generate();
            assert!(ok(&pw), "{pw:?}");
        }
        #[cfg(feature = "parse")]
        {
            let text = SMALL.to_string();
            assert_eq!(Policy::parse(&text).expect(&text), SMALL);
            assert_eq!(
                Policy::parse(
                    "len = 4, lower = \"ab\", upper = \"XY\", digits = \"01\", \
                     lower | upper >= 3, max_consecutive = 2"
                )
                .unwrap(),
                SMALL
            );
        }
    }

    /// The expansion names the runtime only by absolute paths: local items called
    /// `secrets_rt`, `Policy`, `core` or `std` do not capture it.
    #[allow(
        dead_code,
        non_camel_case_types,
        reason = "names that shadow the macro's"
    )]
    mod hygiene {
        mod secrets_rt {}
        mod core {}
        mod std {}
        struct Policy;
        struct Option;
        struct String;
        const SHADOWED: ::secrets_rt::Policy =
            ::secrets_rt::password_policy!(len = 8, digits >= 2, symbols = "!?", symbols >= 1);

        #[test]
        fn macro_expansion_uses_absolute_paths() {
            let pw = SHADOWED.generate();
            assert_eq!(pw.chars().count(), 8);
            assert!(
                pw.chars().filter(char::is_ascii_digit).count() >= 2,
                "{pw:?}"
            );
            assert!(pw.contains(['!', '?']), "{pw:?}");
        }
    }

    // -----------------------------------------------------------------------------------------
    // Issue 4: passwordrules (the `parse` feature)
    // -----------------------------------------------------------------------------------------

    #[cfg(feature = "parse")]
    fn max_run(pw: &str) -> usize {
        let chars: Vec<char> = pw.chars().collect();
        let mut best = 0;
        let mut run = 0;
        for (i, c) in chars.iter().enumerate() {
            run = if i > 0 && chars[i - 1] == *c {
                run + 1
            } else {
                1
            };
            best = best.max(run);
        }
        best
    }

    #[cfg(feature = "parse")]
    #[test]
    fn from_passwordrules_generates_conforming_passwords() {
        let rules = "minlength: 8; maxlength: 20; max-consecutive: 2; \
                     required: lower, upper; required: digit;";
        let p: Policy = Policy::from_passwordrules(rules).expect(rules);
        for _ in 0..100 {
            let pw = p.generate();
            let n = pw.chars().count();
            assert!((8..=20).contains(&n), "{pw:?}");
            assert!(max_run(&pw) <= 2, "{pw:?}");
            assert!(pw.chars().any(|c| c.is_ascii_alphabetic()), "{pw:?}");
            assert!(pw.chars().any(|c| c.is_ascii_digit()), "{pw:?}");
            // Allowed defaults to the required classes.
            assert!(pw.chars().all(|c| c.is_ascii_alphanumeric()), "{pw:?}");
        }
        // The imported policy prints in the macro grammar and reads back the same.
        let text = p.to_string();
        assert_eq!(Policy::parse(&text).expect(&text), p);
    }

    #[cfg(feature = "parse")]
    #[test]
    fn from_passwordrules_custom_sets_with_dash_and_bracket() {
        // admiral.com from the corpus: `-` first and `]` last are literal members.
        let rules = "minlength: 8; required: digit; \
                     required: [- !\"#$&'()*+,.:;<=>?@[^_`{|}~]]; allowed: lower, upper;";
        let set = "- !\"#$&'()*+,.:;<=>?@[^_`{|}~]";
        let p = Policy::from_passwordrules(rules).expect(rules);
        let mut saw_dash_or_bracket = false;
        for _ in 0..300 {
            let pw = p.generate();
            assert!(pw.chars().count() >= 8, "{pw:?}");
            assert!(pw.chars().any(|c| c.is_ascii_digit()), "{pw:?}");
            assert!(pw.chars().any(|c| set.contains(c)), "{pw:?}");
            assert!(
                pw.chars()
                    .all(|c| c.is_ascii_alphanumeric() || set.contains(c)),
                "{pw:?}"
            );
            saw_dash_or_bracket |= pw.contains('-') || pw.contains(']');
        }
        // Its Display escapes `"` and reads back the same policy.
        let text = p.to_string();
        assert_eq!(Policy::parse(&text).expect(&text), p);
        // 300 passwords each with >= 1 character from a 30-char set that includes `-` and `]`:
        // never seeing either has probability < (28/30)^300 < 10^-8.
        assert!(saw_dash_or_bracket);
    }

    #[cfg(feature = "parse")]
    #[test]
    fn from_passwordrules_repeated_required_means_one_more() {
        let p = Policy::from_passwordrules(
            "minlength: 6; maxlength: 6; required: digit; required: digit;",
        )
        .unwrap();
        for _ in 0..100 {
            let pw = p.generate();
            assert_eq!(pw.chars().count(), 6, "{pw:?}");
            assert!(
                pw.chars().filter(char::is_ascii_digit).count() >= 2,
                "{pw:?}"
            );
        }
    }

    #[cfg(feature = "parse")]
    #[test]
    fn from_passwordrules_other_classes_parse() {
        for rules in [
            "minlength: 12; allowed: ascii-printable;",
            "minlength: 12; required: special; allowed: unicode;",
            "minlength: 8; maxlength: 8;",
        ] {
            let p = Policy::from_passwordrules(rules).unwrap_or_else(|e| panic!("{rules:?}: {e}"));
            let pw = p.generate();
            assert!(pw.chars().count() >= 8, "{rules:?}: {pw:?}");
            // ascii-printable brings `"` and `\` into the alphabet: Display must escape them.
            let text = p.to_string();
            assert_eq!(Policy::parse(&text).expect(&text), p);
        }
    }

    #[cfg(feature = "parse")]
    #[test]
    fn from_passwordrules_errors_point_into_the_text() {
        let rules = "minlength: 8; colour: blue;";
        let err: PolicyError = Policy::from_passwordrules(rules).expect_err(rules);
        let range = err.span();
        assert!(
            range.end <= rules.len() && range.start < range.end,
            "{range:?}"
        );
        assert!(range.start >= rules.find("colour").unwrap(), "{range:?}");
        assert!(!err.to_string().is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 4: Wordlist and passphrase
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "eff-wordlist")]
mod passphrase_contract {
    use secrets_rt::{passphrase, Wordlist};
    use std::collections::HashSet;

    fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!(
            "secrets-rt-api-contract-{}-{name}",
            std::process::id()
        ));
        std::fs::write(&path, contents).unwrap();
        path
    }

    #[test]
    fn embedded_eff_large_list() {
        let list = Wordlist::eff_large();
        assert_eq!(list.len(), 7776);
        let unique: HashSet<&str> = list.words().collect();
        assert_eq!(unique.len(), 7776);
        // Per-word entropy is log2(7776) = 12.925 bits; six words are 77.5 bits.
        assert!((list.entropy_bits(6) - 6.0 * 7776f64.log2()).abs() < 1e-9);
    }

    #[test]
    fn passphrase_uses_words_from_the_list_and_the_separator() {
        let list = Wordlist::eff_large();
        let words: HashSet<&str> = list.words().collect();
        // Four EFF words hold a `-` (`yo-yo`): split on a separator no word holds.
        let phrase: String = passphrase(6, "_");
        let parts: Vec<&str> = phrase.split('_').collect();
        assert_eq!(parts.len(), 6, "{phrase:?}");
        assert!(parts.iter().all(|w| words.contains(w)), "{phrase:?}");
        assert_ne!(passphrase(6, " "), passphrase(6, " "));

        let from_list = list.passphrase(4, " ");
        assert_eq!(from_list.split(' ').count(), 4);
    }

    #[test]
    fn wordlist_from_file_trims_and_deduplicates() {
        // Above the documented minimum of `Wordlist::MIN_LEN` (1,024) distinct words.
        let words: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
        let contents = format!(
            "  {}  \n\n{}\n   \n{}\nword0\nword1\n",
            words[0],
            words[1..].join("\n"),
            words[5]
        );
        let path = temp_file("dups.txt", &contents);
        let list = Wordlist::from_file(&path).expect("a 2000-word list loads");
        std::fs::remove_file(&path).ok();
        assert_eq!(list.len(), 2000);
        let got: HashSet<&str> = list.words().collect();
        let want: HashSet<&str> = words.iter().map(String::as_str).collect();
        assert_eq!(got, want);
        let phrase = list.passphrase(5, " ");
        assert!(phrase.split(' ').all(|w| want.contains(w)), "{phrase:?}");
        assert!((list.entropy_bits(5) - 5.0 * 2000f64.log2()).abs() < 1e-9);
    }

    #[test]
    fn wordlist_refuses_a_tiny_list_and_a_missing_file() {
        let path = temp_file("tiny.txt", "one\ntwo\none\n\n");
        let err = Wordlist::from_file(&path).expect_err("a two-word list is refused");
        std::fs::remove_file(&path).ok();
        assert!(!err.to_string().is_empty());

        let missing = std::env::temp_dir().join("secrets-rt-api-contract-does-not-exist.txt");
        assert!(Wordlist::from_file(&missing).is_err());
    }

    #[test]
    fn wordlist_from_words_in_a_slice() {
        let words: Vec<String> = (0..Wordlist::MIN_LEN).map(|i| format!("w{i}")).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let list = Wordlist::from_words(&refs).expect("MIN_LEN words are enough");
        assert_eq!(list.len(), Wordlist::MIN_LEN);
        let err = Wordlist::from_words(&refs[..Wordlist::MIN_LEN - 1]).unwrap_err();
        assert!(!err.to_string().is_empty());
        let phrase = list.passphrase(3, "+");
        assert!(phrase.split('+').all(|w| refs.contains(&w)), "{phrase:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 4: the rand_core feature
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "rand_core")]
mod rand_core_contract {
    // Deliberate API change (issue 13): the `rand_core` generator is `SysRng`, a unit struct
    // with no inherent methods, so that `rand`'s methods are not shadowed; `SystemRandom`
    // keeps Python's methods only.
    use rand::seq::{IndexedRandom, SliceRandom};
    use rand::RngExt;
    use secrets_rt::SysRng;

    fn is_crypto_rng<R: rand_core::CryptoRng + rand_core::TryCryptoRng>(_: &R) {}

    #[test]
    fn sys_rng_is_a_crypto_rng() {
        let rng = SysRng;
        is_crypto_rng(&rng);
    }

    #[test]
    fn rand_distributions_and_slice_methods_work() {
        let mut rng = SysRng;
        for _ in 0..100 {
            let x: u32 = rng.random_range(0..10);
            assert!(x < 10);
        }
        let v = [1, 2, 3];
        assert!(v.contains(v.choose(&mut rng).unwrap()));
        let mut w: Vec<u32> = (0..20).collect();
        w.shuffle(&mut rng);
        w.sort_unstable();
        assert_eq!(w, (0..20).collect::<Vec<_>>());
        // `random` is `rand`'s: nothing shadows it.
        let b: u64 = rng.random();
        let c = rng.random::<u64>();
        assert_ne!(b, c); // equal with probability 2^-64
    }

    #[test]
    fn rand_core_methods_fill_and_draw() {
        use rand_core::{Rng, TryRng};
        let mut rng = SysRng;
        let mut buf = [0u8; 32];
        Rng::fill_bytes(&mut rng, &mut buf);
        assert_ne!(buf, [0u8; 32]);
        TryRng::try_fill_bytes(&mut rng, &mut buf).unwrap();
        assert_ne!(rng.next_u64(), rng.next_u64());
        let _ = rng.next_u32();
    }
}
