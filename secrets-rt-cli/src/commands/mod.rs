//! What each subcommand does; each module is one job.

mod completions;
mod man;
mod passphrase;
mod password;
mod pick;
mod policy;
mod tokens;

use zeroize::Zeroizing;

use crate::cli::{Command, Format};
use crate::error::Failure;
use crate::output::{Entropy, Output};

/// Runs one subcommand to the end, or to the first failure.
pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::TokenHex(token) => tokens::hex(&token),
        Command::TokenUrlsafe(token) => tokens::urlsafe(&token),
        Command::TokenBytes(args) => tokens::bytes(&args),
        Command::Url { base, format } => tokens::url(&base, &format),
        Command::Randbelow { bound, format } => pick::randbelow(bound, &format),
        Command::Choice { items } => pick::choice(&items),
        Command::Password(args) => password::run(&args),
        Command::Policy(args) => policy::run(&args),
        Command::Passphrase(args) => passphrase::run(&args),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { dir } => man::run(dir.as_deref()),
    }
}

/// Prints `format.count` values from `next`, one a line, as they are or as JSON with `entropy`.
/// Each value is wiped when it has been written (the output's buffer is wiped too).
fn print_values(
    format: &Format,
    entropy: Entropy,
    mut next: impl FnMut() -> Result<Zeroizing<String>, Failure>,
) -> Result<(), Failure> {
    let mut output = Output::stdout();
    for _ in 0..format.count {
        let value = next()?;
        output.value(&value, entropy, format.json)?;
    }
    output.finish()
}
