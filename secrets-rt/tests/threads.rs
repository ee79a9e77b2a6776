//! Many threads drawing at once: no shared state to corrupt, so no duplicates and no panics.

use std::collections::HashSet;
use std::thread;

use secrets_rt::{choice, randbelow, token_bytes, token_urlsafe, SystemRandom};

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
