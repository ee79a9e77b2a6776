//! `fork`: parent and child draw right after it, and never get the same values.
//!
//! The library keeps no random state in user space, so there is nothing for `fork` to copy
//! into two processes. This guards that against a future cache, pool or bulk buffer: such a
//! buffer, filled before the fork, would hand the same bytes to both sides.
//!
//! Forking is test-only code: the library itself has no `unsafe`. This file holds one test,
//! so no other test thread of this binary can hold a lock while it forks.
#![cfg(unix)]
#![allow(unsafe_code, reason = "fork, _exit and waitpid are foreign functions")]

use std::collections::HashSet;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

#[cfg(feature = "eff-wordlist")]
use secrets_rt::passphrase;
use secrets_rt::{
    password_policy, randbelow, randbits, token_bytes, token_hex, token_urlsafe, Policy,
    SystemRandom,
};

/// How many times the test forks; each fork compares every kind of draw below.
const FORKS: usize = 300;

const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);

/// One value of every kind of draw, as text, one per line, in a fixed order (the kinds are the
/// names of the lines in [`kinds`]). Add a line here for every new way of drawing.
fn draws(parsed: &Policy) -> Vec<String> {
    let mut deck: Vec<u8> = (0..32).collect();
    SystemRandom.shuffle(&mut deck);
    #[allow(unused_mut, reason = "passphrases only with the word list compiled in")]
    let mut lines = vec![
        format!("{:?}", token_bytes(16)),
        token_hex(16),
        token_urlsafe(16),
        randbelow(u64::MAX).to_string(),
        randbelow(u128::MAX / 3).to_string(),
        randbits(128).to_string(),
        SystemRandom.random().to_bits().to_string(),
        format!("{deck:?}"),
        CARD.generate(),
        parsed.generate(),
        // A bulk batch is one line: its planned reads must not be served from a buffer filled
        // before the fork either.
        CARD.generate_many(50).join(" "),
        parsed.generate_many(50).join(" "),
    ];
    #[cfg(feature = "eff-wordlist")]
    lines.push(passphrase(6, " "));
    lines
}

/// The names of the lines of [`draws`], for messages.
fn kinds() -> Vec<&'static str> {
    #[allow(unused_mut, reason = "passphrases only with the word list compiled in")]
    let mut kinds = vec![
        "token_bytes(16)",
        "token_hex(16)",
        "token_urlsafe(16)",
        "randbelow(u64::MAX)",
        "randbelow(u128::MAX / 3)",
        "randbits(128)",
        "SystemRandom.random()",
        "shuffle of 32",
        "Policy::generate (card policy, const)",
        "Policy::generate (parsed policy)",
        "Policy::generate_many(50) (card policy, const)",
        "Policy::generate_many(50) (parsed policy)",
    ];
    #[cfg(feature = "eff-wordlist")]
    kinds.push("passphrase(6)");
    kinds
}

/// Forks; the child draws, sends its draws down a pipe and exits; the parent draws at the same
/// time and returns both.
fn fork_and_draw(parsed: &Policy) -> (Vec<String>, Vec<String>) {
    let (mut reader, mut writer) = std::io::pipe().expect("a pipe");
    // SAFETY: the child only draws (allocating, which glibc's fork handlers keep working in
    // the child), writes to its end of the pipe and leaves with `_exit`, running no destructor
    // or handler of the parent's; this binary has no other test thread that could hold a lock.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        drop(reader);
        let status = match catch_unwind(AssertUnwindSafe(|| draws(parsed))) {
            Ok(lines) => match writer.write_all(lines.join("\n").as_bytes()) {
                Ok(()) => 0,
                Err(_) => 2,
            },
            Err(_) => 1,
        };
        drop(writer);
        // SAFETY: ends the child at once, as a forked child of a threaded process must.
        unsafe { libc::_exit(status) };
    }
    drop(writer);
    let parent = draws(parsed);
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .expect("read the child's draws");
    let mut status = 0;
    // SAFETY: waits for the child just forked, with a valid pointer to `status`.
    let waited = unsafe { libc::waitpid(pid, &raw mut status, 0) };
    assert_eq!(waited, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "the child failed: wait status {status}"
    );
    let child: Vec<String> = text.split('\n').map(str::to_owned).collect();
    (parent, child)
}

#[test]
fn parent_and_child_never_draw_alike_after_fork() {
    // A parsed policy, built before the forks: a policy built once and shared is where a
    // per-policy cache would live.
    #[cfg(feature = "parse")]
    let parsed = Policy::parse("len = 16, symbols >= 2, exclude = \"Il1O0\"").unwrap();
    #[cfg(not(feature = "parse"))]
    let parsed = password_policy!(len = 16, symbols >= 2, exclude = "Il1O0");
    // Every value of every process, per kind: all must be distinct, not only parent against
    // child. Collision odds for a correct source, 600 values a kind: at most
    // 600^2 / 2 / 2^53 = 2e-11 (`random()`, 53 bits); the card policy (57 bits) 1.2e-12.
    let kinds = kinds();
    let mut seen: Vec<HashSet<String>> = vec![HashSet::new(); kinds.len()];
    for fork in 0..FORKS {
        let (parent, child) = fork_and_draw(&parsed);
        assert_eq!(
            child.len(),
            kinds.len(),
            "fork {fork}: the child's draws {child:?}"
        );
        for (kind, (ours, theirs)) in kinds.iter().zip(parent.iter().zip(&child)) {
            assert_ne!(
                ours, theirs,
                "fork {fork}: {kind} drew the same in both processes"
            );
        }
        for (index, value) in parent.into_iter().chain(child).enumerate() {
            let kind = index % kinds.len();
            assert!(
                seen[kind].insert(value.clone()),
                "fork {fork}: {} repeated {value:?}",
                kinds[kind]
            );
        }
    }
    assert!(seen.iter().all(|values| values.len() == 2 * FORKS));
}
