//! `password`: passwords from a policy, streamed one a line.

use zeroize::Zeroizing;

use crate::cli::{Password, Preset};
use crate::error::Failure;
use crate::output::{self, Output};

/// `secrets password [--policy P | --rules R | --preset NAME] [--count N] [--entropy]`.
pub fn run(args: Password) -> Result<(), Failure> {
    let policy = match (args.source.policy, args.source.rules, args.source.preset) {
        (Some(policy), _, _) | (_, Some(policy), _) => *policy,
        (None, None, preset) => preset.unwrap_or(Preset::Strong).policy().clone(),
    };
    if args.entropy {
        let count = policy
            .password_count()
            .map(|count| format!(" ({count} possible passwords)"))
            .unwrap_or_default();
        output::note(&format!(
            "entropy: {:.4} bits per password{count}",
            policy.entropy_bits()
        ))?;
    }
    let mut output = Output::stdout();
    let mut left = args.count;
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
            output.line(password)?;
        }
        left -= chunk;
    }
    output.finish()
}

/// Passwords generated at a time while streaming: their randomness comes in one or two OS calls,
/// and memory stays bounded whatever `--count` is.
const CHUNK: u64 = 1024;
