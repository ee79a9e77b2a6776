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
    for _ in 0..args.count {
        let password = Zeroizing::new(
            policy
                .try_generate()
                .map_err(|error| Failure::random(&error))?,
        );
        output.line(&password)?;
    }
    output.finish()
}
