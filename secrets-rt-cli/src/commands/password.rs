//! `password`: passwords from a policy, streamed one a line.

use secrets_rt::Policy;
use zeroize::Zeroizing;

use crate::cli::{Password, PolicySource, Preset};
use crate::error::Failure;
use crate::output::{self, Entropy, Output};

/// `secrets password [--policy P | --policy-file F | --rules R | --length N | --preset NAME]
/// [-n COUNT] [--entropy | --json]`.
pub fn run(args: &Password) -> Result<(), Failure> {
    let policy = chosen_policy(&args.source);
    if args.entropy {
        output::note(&entropy_note(policy))?;
    }
    let entropy = Entropy {
        bits: policy.entropy_bits(),
        exact: true,
    };
    let mut output = Output::stdout();
    let mut left = args.format.count;
    while left > 0 {
        let chunk = left.min(CHUNK);
        // Moved, not copied, into wiping wrappers before anything can fail: a closed pipe midway
        // drops the rest of the chunk wiped.
        let passwords: Vec<Zeroizing<String>> = policy
            .try_generate_many(chunk as usize)
            .map_err(|error| Failure::random(&error))?
            .into_iter()
            .map(Zeroizing::new)
            .collect();
        for password in &passwords {
            output.value(password, entropy, args.format.json)?;
        }
        left -= chunk;
    }
    output.finish()
}

/// The policy the options name: at most one of them was given (clap checks), by default the
/// `strong` preset.
pub fn chosen_policy(source: &PolicySource) -> &Policy {
    let given = [
        &source.policy,
        &source.policy_file,
        &source.rules,
        &source.length,
    ];
    match given.into_iter().flatten().next() {
        Some(policy) => policy,
        None => source.preset.unwrap_or(Preset::Strong).policy(),
    }
}

/// `entropy: BITS bits per password (N possible passwords)`.
pub fn entropy_note(policy: &Policy) -> String {
    let count = policy
        .password_count()
        .map(|count| format!(" ({count} possible passwords)"))
        .unwrap_or_default();
    format!(
        "entropy: {:.4} bits per password{count}",
        policy.entropy_bits()
    )
}

/// Passwords generated at a time while streaming: their randomness comes in one or two OS calls,
/// and memory stays bounded whatever `--count` is.
const CHUNK: u64 = 1024;
