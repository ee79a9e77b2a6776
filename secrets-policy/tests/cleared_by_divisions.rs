//! Long policies under `max_sequential` the survey refused as too intricate until the powers of
//! the free classes' series (counting by complements) were divided by a fixed-width kernel:
//! nearly all their counting is those divisions. The last (issue 14's stretch) was cleared when
//! free sets of alike classes (`lower` and `upper`) came to share their powers.
//!
//! Their counts are too long for an independent counter here; the rule core's own tests compare
//! the complements count with the cluster sum and the position automaton on long policies under
//! both run limits, and the kernel with the plain division.

mod common;

use std::collections::BTreeSet;

use common::{counts_hold, draw, runs_hold, Lcg};
use secrets_policy::CheckedPolicy;

/// A count rule: its characters, minimum and maximum.
type Rule = (&'static str, usize, usize);

/// Each policy with its count rules, written apart from the text.
const CLEARED: [(&str, [Rule; 4]); 3] = [
    (
        "len = 239, lower >= 8, lower <= 38, upper >= 3, digits >= 2, symbols >= 3, \
         max_consecutive = 1, max_sequential = 2",
        [
            ("abcdefghijklmnopqrstuvwxyz", 8, 38),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3, 239),
            ("0123456789", 2, 239),
            ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 3, 239),
        ],
    ),
    (
        "len = 181, lower >= 3, upper >= 0, digits >= 6, symbols >= 8, symbols <= 122, \
         max_sequential = 3",
        [
            ("abcdefghijklmnopqrstuvwxyz", 3, 181),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 0, 181),
            ("0123456789", 6, 181),
            ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 8, 122),
        ],
    ),
    (
        "len = 256, lower >= 16, upper >= 16, digits >= 16, symbols >= 16, max_sequential = 3",
        [
            ("abcdefghijklmnopqrstuvwxyz", 16, 256),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 16, 256),
            ("0123456789", 16, 256),
            ("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", 16, 256),
        ],
    ),
];

/// Each is accepted, counted exactly (its entropy finite and below the unconstrained one), walked
/// through a relaxation that keeps at least half of its draws, and draws passwords that keep the
/// count rules and run limits as checked here.
#[test]
fn the_policies_cleared_by_the_division_kernel_are_accepted() {
    let mut draws = Lcg(239);
    for (text, rules) in CLEARED {
        let policy = CheckedPolicy::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        let sampler = policy.sampler();
        assert!(sampler.walks_a_relaxation(), "{text}");
        assert!(
            sampler.acceptance() >= 0.5,
            "{text}: {}",
            sampler.acceptance()
        );
        let entropy = policy.entropy_bits();
        let unconstrained = policy.len() as f64 * (policy.alphabet().len() as f64).log2();
        assert!(
            entropy > 0.9 * unconstrained && entropy < unconstrained,
            "{text}: {entropy}"
        );
        let counts: Vec<(BTreeSet<char>, usize, usize)> = rules
            .iter()
            .map(|&(chars, min, max)| (chars.chars().collect(), min, max))
            .collect();
        for _ in 0..10 {
            let password = draw(&policy, &mut draws);
            assert_eq!(password.len(), policy.len(), "{text}");
            assert!(
                counts_hold(
                    &password,
                    counts.iter().map(|(chars, min, max)| (chars, *min, *max))
                ),
                "{text}: {password:?}"
            );
            assert!(
                runs_hold(&password, policy.max_consecutive(), policy.max_sequential()),
                "{text}: {password:?}"
            );
            let text_password: String = password.iter().collect();
            assert!(policy.is_satisfied_by(&text_password), "{text}");
        }
    }
}
