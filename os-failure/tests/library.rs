//! When the OS random source fails, every fallible function returns the `Error`, every
//! infallible one panics with a message that names it, and nothing hands out the bytes of a
//! failed call (or zeros) as random.
//!
//! Each test sets its own thread's plan (see `failing_os`), so the tests run in parallel.

use std::panic::{catch_unwind, UnwindSafe};

use rand_core::{TryCryptoRng, TryRng};
use secrets_rt::failing_os::{self, Plan, ERROR};
use secrets_rt::{
    choice, passphrase, password_policy, randbelow, randbits, token_bytes, token_hex,
    token_urlsafe, Policy, SysRng, SystemRandom, Wordlist,
};

const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);

/// Runs `f` under `plan`; it must panic with `name: operating system random source failed: `
/// and the error's own text, after asking the source `calls` times.
#[track_caller]
fn assert_panics_naming<T>(
    plan: Plan,
    name: &str,
    calls: usize,
    f: impl FnOnce() -> T + UnwindSafe,
) {
    failing_os::set(plan);
    let payload = match catch_unwind(f) {
        Ok(_) => panic!("{name}: returned a value under {plan:?}"),
        Err(payload) => payload,
    };
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .expect("a text panic");
    // The error's own text begins "operating system random source failed: ".
    let expected = format!("{name}: {}", failed());
    assert_eq!(message, expected, "under {plan:?}");
    assert_eq!(
        failing_os::calls(),
        calls,
        "{name}: source calls under {plan:?}: no retry loop, no other source"
    );
}

/// The message of the `Error` a failure under the plan gives (`Error` keeps the OS's message,
/// not `getrandom`'s type).
fn failed() -> String {
    format!("operating system random source failed: {ERROR}")
}

#[test]
fn the_shim_works_when_the_source_does() {
    // The same functions succeed over real bytes: the failures below come from the plan.
    failing_os::set(Plan::Urandom);
    assert_eq!(token_hex(16).len(), 32);
    assert!(randbelow(10u8) < 10);
    assert!(CARD.is_satisfied_by(&CARD.try_generate().unwrap()));
    assert_eq!(passphrase(3, " ").split(' ').count(), 3);
    assert!(failing_os::calls() >= 4);
}

#[test]
fn fallible_functions_return_the_error() {
    failing_os::set(Plan::FAIL);
    let mut key = [0u8; 32];
    let error = SystemRandom.try_fill_bytes(&mut key).unwrap_err();
    assert_eq!(error.to_string(), failed());
    assert_eq!(failing_os::calls(), 1);

    failing_os::set(Plan::FAIL);
    assert_eq!(CARD.try_generate().unwrap_err().to_string(), failed());
    assert_eq!(failing_os::calls(), 1);

    // A parsed policy and one imported from a website take the same path.
    let parsed = Policy::parse("len = 12, symbols >= 1").unwrap();
    let site = Policy::from_passwordrules("minlength: 8; required: digit;").unwrap();
    for policy in [&parsed, &site] {
        failing_os::set(Plan::FAIL);
        assert_eq!(policy.try_generate().unwrap_err().to_string(), failed());
    }
}

#[test]
fn a_password_is_never_made_of_zeros_or_of_a_failed_call() {
    // Zero bytes give "aaaaaaaaaa", which the card policy rejects: the generator must ask
    // again, meet the failure, and return it rather than anything it holds.
    for successes in 1..=3 {
        failing_os::set(Plan::ZerosThenFail { successes });
        assert_eq!(CARD.try_generate().unwrap_err().to_string(), failed());
        assert_eq!(failing_os::calls(), successes + 1);
    }
    assert_panics_naming(
        Plan::ZerosThenFail { successes: 1 },
        "Policy::generate",
        2,
        || CARD.generate(),
    );
}

#[test]
fn bulk_passwords_return_the_error_or_panic_with_their_name() {
    // One planned read for the whole batch, failing at once: the error, and no password.
    failing_os::set(Plan::FAIL);
    assert_eq!(
        CARD.try_generate_many(1000).unwrap_err().to_string(), failed());
    assert_eq!(failing_os::calls(), 1);
    assert_panics_naming(Plan::FAIL, "Policy::generate_many", 1, || {
        CARD.generate_many(10).len()
    });
    // Zeros are refused as for one password: the batch asks again, meets the failure, fails.
    assert_panics_naming(
        Plan::ZerosThenFail { successes: 1 },
        "Policy::generate_many",
        2,
        || CARD.generate_many(3).len(),
    );
    // An empty batch asks for nothing, and so cannot fail.
    failing_os::set(Plan::FAIL);
    assert!(CARD.try_generate_many(0).unwrap().is_empty());
    assert_eq!(failing_os::calls(), 0);
}

#[test]
fn tokens_panic_with_their_names() {
    for nbytes in [
        None,
        Some(0),
        Some(1),
        Some(16),
        Some(64),
        Some(65),
        Some(1000),
    ] {
        // A zero-byte token asks the OS for nothing, and so cannot fail.
        if nbytes == Some(0) {
            failing_os::set(Plan::FAIL);
            assert!(token_bytes(0).is_empty() && token_hex(0).is_empty());
            assert!(token_urlsafe(0).is_empty());
            assert_eq!(failing_os::calls(), 0);
            continue;
        }
        assert_panics_naming(Plan::FAIL, "token_bytes", 1, || token_bytes(nbytes));
        assert_panics_naming(Plan::FAIL, "token_hex", 1, || token_hex(nbytes));
        assert_panics_naming(Plan::FAIL, "token_urlsafe", 1, || token_urlsafe(nbytes));
    }
}

#[test]
fn numbers_and_choices_panic_with_their_names() {
    assert_panics_naming(Plan::FAIL, "randbelow", 1, || randbelow(10u8));
    assert_panics_naming(Plan::FAIL, "randbelow", 1, || randbelow(u128::MAX));
    assert_panics_naming(Plan::FAIL, "randbelow", 1, || {
        SystemRandom.randbelow(-5i64 + 10)
    });
    assert_panics_naming(Plan::FAIL, "randbits", 1, || randbits(1));
    assert_panics_naming(Plan::FAIL, "randbits", 1, || SystemRandom.randbits(128));
    assert_panics_naming(Plan::FAIL, "choice", 1, || *choice(&[1, 2, 3]));
    assert_panics_naming(Plan::FAIL, "choice", 1, || choice("abc"));
    assert_panics_naming(Plan::FAIL, "choice", 1, || SystemRandom.choice("abc"));
    assert_panics_naming(Plan::FAIL, "random", 1, || SystemRandom.random());
    assert_panics_naming(Plan::FAIL, "fill_bytes", 1, || {
        let mut key = [0u8; 32];
        SystemRandom.fill_bytes(&mut key);
        key
    });
    assert_panics_naming(Plan::FAIL, "shuffle", 1, || {
        let mut items = [1, 2, 3];
        SystemRandom.shuffle(&mut items);
        items
    });
    assert_panics_naming(Plan::FAIL, "sample", 1, || {
        SystemRandom.sample(&[1, 2, 3], 2).len()
    });
}

#[test]
fn rejection_never_accepts_zeros_from_a_source_that_then_fails() {
    // An all-zero word is rejected by every bound that is not a power of two (its low half, 0,
    // is below 2^w mod n > 0). After the zero batch the source fails, and the function must
    // panic rather than fall back on the zeros it holds: one call for the batch, one refill.
    let zeros_then_fail = Plan::ZerosThenFail { successes: 1 };
    assert_panics_naming(zeros_then_fail, "randbelow", 2, || randbelow(3u8));
    assert_panics_naming(zeros_then_fail, "randbelow", 2, || {
        randbelow((1u64 << 63) + 1)
    });
    assert_panics_naming(zeros_then_fail, "randbelow", 2, || {
        randbelow((1u128 << 127) + 1)
    });
    assert_panics_naming(zeros_then_fail, "choice", 2, || *choice(&[1, 2, 3]));
    assert_panics_naming(zeros_then_fail, "shuffle", 2, || {
        let mut items = [1, 2, 3];
        SystemRandom.shuffle(&mut items);
        items
    });
    assert_panics_naming(zeros_then_fail, "sample", 2, || {
        SystemRandom.sample(&[1, 2, 3], 2).len()
    });
}

#[test]
fn passphrases_panic_with_their_names() {
    // One OS call for the whole passphrase; the panic names the function called.
    for (name, f) in [
        ("passphrase", (|| passphrase(6, " ")) as fn() -> String),
        ("passphrase", || Wordlist::eff_large().passphrase(4, "-")),
    ] {
        failing_os::set(Plan::FAIL);
        let payload = catch_unwind(f).expect_err("a passphrase from a failed source");
        let message = payload.downcast_ref::<String>().expect("a formatted panic");
        assert!(
            message.starts_with(&format!("{name}: operating system random source failed")),
            "{message}"
        );
    }
}

#[test]
fn the_rand_core_generator_panics_rather_than_return_weak_bytes() {
    // `TryRng` with `Infallible` errors: `rand` cannot receive an error, so a failure panics
    // naming the generator.
    fn is_crypto<R: TryCryptoRng>(_: &R) {}
    is_crypto(&SysRng);
    assert_panics_naming(Plan::FAIL, "SysRng", 1, || SysRng.try_next_u32().unwrap());
    assert_panics_naming(Plan::FAIL, "SysRng", 1, || SysRng.try_next_u64().unwrap());
    assert_panics_naming(Plan::FAIL, "SysRng", 1, || {
        let mut key = [0u8; 16];
        TryRng::try_fill_bytes(&mut SysRng, &mut key).unwrap();
        key
    });
}
