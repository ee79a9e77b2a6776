//! What each subcommand does; each module is one job.

mod completions;
mod man;
mod passphrase;
mod password;
mod pick;
mod tokens;

use crate::cli::Command;
use crate::error::Failure;

/// Runs one subcommand to the end, or to the first failure.
pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::TokenHex(token) => tokens::hex(token.nbytes),
        Command::TokenUrlsafe(token) => tokens::urlsafe(token.nbytes),
        Command::TokenBytes(args) => tokens::bytes(&args),
        Command::Url { base } => tokens::url(&base),
        Command::Randbelow { bound } => pick::randbelow(bound),
        Command::Choice { items } => pick::choice(&items),
        Command::Password(args) => password::run(args),
        Command::Passphrase(args) => passphrase::run(&args),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { dir } => man::run(dir.as_deref()),
    }
}
