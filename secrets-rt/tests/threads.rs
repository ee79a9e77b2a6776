//! Many threads drawing at once: no shared state to corrupt, so no duplicates and no panics.

use std::collections::HashSet;
use std::thread;

use secrets_rt::{choice, randbelow, token_bytes, token_urlsafe, Policy, SystemRandom};
#[cfg(all(feature = "eff-wordlist", feature = "parse"))]
use {
    secrets_rt::{passphrase, password_policy, token_hex, Wordlist},
    std::sync::Barrier,
};

// Compile-time: what an application shares between threads (a policy or word list in a
// `static` or an `Arc`, the generator, the errors) is `Send + Sync`. Losing either (a `Cell`
// or `Rc` cache inside, say) stops this file from compiling.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Policy>();
    #[cfg(feature = "passphrase")]
    send_sync::<secrets_rt::Wordlist>();
    send_sync::<SystemRandom>();
    send_sync::<secrets_rt::Error>();
    #[cfg(feature = "parse")]
    send_sync::<secrets_rt::PolicyError>();
    #[cfg(feature = "passphrase")]
    send_sync::<secrets_rt::WordlistError>();
};

#[cfg(all(feature = "eff-wordlist", feature = "parse"))]
#[test]
fn policies_and_word_lists_move_to_threads_and_are_shared_by_them() {
    let policy = std::sync::Arc::new(Policy::parse("len = 12, digits >= 2").unwrap());
    let list = std::sync::Arc::new(Wordlist::eff_large().clone());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (policy, list) = (policy.clone(), list.clone());
            thread::spawn(move || (policy.generate(), list.passphrase(3, " ")))
        })
        .collect();
    for handle in handles {
        let (password, phrase) = handle.join().expect("a drawing thread panicked");
        assert!(policy.is_satisfied_by(&password), "{password}");
        assert_eq!(phrase.split(' ').count(), 3);
    }
}

#[test]
fn eight_threads_of_a_thousand_tokens_are_all_distinct() {
    const THREADS: usize = 8;
    const TOKENS: usize = 1000;
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            thread::spawn(|| {
                let mut tokens = Vec::with_capacity(TOKENS);
                for _ in 0..TOKENS {
                    tokens.push(token_bytes(16));
                    // Other operations interleaved with the tokens, from every thread.
                    assert!(randbelow(1_000_u32) < 1000);
                    assert!(b"abc".contains(choice(b"abc")));
                }
                tokens
            })
        })
        .collect();
    let mut all = HashSet::new();
    for handle in handles {
        for token in handle.join().expect("a drawing thread panicked") {
            assert_eq!(token.len(), 16);
            // Any repeat among 8000 128-bit tokens has probability below 2^-102.
            assert!(all.insert(token), "duplicate token");
        }
    }
    assert_eq!(all.len(), THREADS * TOKENS);
}

#[test]
fn a_shared_system_random_serves_threads_at_once() {
    let rng = SystemRandom;
    let tokens: HashSet<String> = thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(move || {
                    let mut items: Vec<u16> = (0..100).collect();
                    rng.shuffle(&mut items);
                    items.sort_unstable();
                    assert_eq!(items, (0..100).collect::<Vec<_>>());
                    (0..100).map(|_| token_urlsafe(None)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a drawing thread panicked"))
            .collect()
    });
    assert_eq!(tokens.len(), 800);
}

#[cfg(all(feature = "eff-wordlist", feature = "parse"))]
#[test]
fn eight_threads_of_passwords_passphrases_and_tokens_are_all_distinct() {
    // Each thread draws every kind from policies and a word list shared by reference, all
    // starting at once, one value at a time and in bulk batches. A repeat within a kind among
    // 8 * 300 values: at most 2400^2 / 2 / 2^57.26 = 1.7e-11 for the card policy, the weakest
    // kind here.
    const THREADS: usize = 8;
    const EACH: usize = 300;
    const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    let parsed = Policy::parse("len = 16, symbols >= 2, max_consecutive = 2").unwrap();
    let words: Vec<String> = (0..2000).map(|i| format!("w{i}")).collect();
    let list = Wordlist::from_words(&words).unwrap();
    let start = Barrier::new(THREADS);
    let kinds = [
        "card password",
        "parsed password",
        "EFF passphrase",
        "passphrase from a loaded list",
        "token_hex",
        "token_urlsafe",
        "card passwords from generate_many",
        "parsed passwords from generate_many",
    ];
    let per_thread: Vec<Vec<Vec<String>>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                scope.spawn(|| {
                    start.wait();
                    let mut drawn = vec![Vec::with_capacity(EACH); kinds.len()];
                    for _ in 0..EACH {
                        drawn[0].push(CARD.generate());
                        drawn[1].push(parsed.generate());
                        drawn[2].push(passphrase(6, " "));
                        drawn[3].push(list.passphrase(6, " "));
                        drawn[4].push(token_hex(16));
                        drawn[5].push(token_urlsafe(16));
                    }
                    // Batches split the way a server's would: many small and one large.
                    for _ in 0..10 {
                        drawn[6].extend(CARD.generate_many(EACH / 20));
                    }
                    drawn[6].extend(CARD.generate_many(EACH / 2));
                    drawn[7].extend(parsed.generate_many(EACH));
                    drawn
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a drawing thread panicked"))
            .collect()
    });
    for (kind, name) in kinds.iter().enumerate() {
        let mut all = HashSet::new();
        for drawn in &per_thread {
            for value in &drawn[kind] {
                assert!(all.insert(value), "{name}: {value:?} drawn twice");
            }
        }
        assert_eq!(all.len(), THREADS * EACH, "{name}");
    }
    for drawn in &per_thread {
        assert!(drawn[0].iter().all(|pw| CARD.is_satisfied_by(pw)));
        assert!(drawn[1].iter().all(|pw| parsed.is_satisfied_by(pw)));
        assert!(drawn[6].iter().all(|pw| CARD.is_satisfied_by(pw)));
        assert!(drawn[7].iter().all(|pw| parsed.is_satisfied_by(pw)));
    }
}
