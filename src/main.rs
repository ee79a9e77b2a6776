//! The `secrets` command: tokens, numbers, choices, passwords and passphrases from the
//! operating system's random source, through `secrets-rt`.
//!
//! Exit status: 0 on success (and when the reader of the output closes it early), 1 when the
//! random source or the output fails, 2 on bad input — clap's usage errors and ours alike,
//! ours as one line `error: ...` naming the part at fault.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod error;
mod output;
mod values;

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use crate::error::Failure;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error),
    };
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !matches!(failure, Failure::ClosedPipe) {
                output::error(&failure.to_string());
            }
            failure.exit_code()
        }
    }
}

/// Prints a parsing error and gives its exit status. A value our parsers refused (a number
/// out of range, a policy that does not parse) is one line quoting the value and saying why;
/// other usage errors keep clap's text with the usage line. Help and version exit 0.
fn clap_error(error: &clap::Error) -> ExitCode {
    if error.kind() == ErrorKind::ValueValidation {
        if let (Some(ContextValue::String(arg)), Some(ContextValue::String(value))) = (
            error.get(ContextKind::InvalidArg),
            error.get(ContextKind::InvalidValue),
        ) {
            let why = std::error::Error::source(error)
                .map(|source| format!(": {source}"))
                .unwrap_or_default();
            output::error(&format!("invalid value '{value}' for '{arg}'{why}"));
            return ExitCode::from(2);
        }
    }
    // Help goes to standard output, errors to standard error; nothing more can be done if
    // either is closed.
    let _ = error.print();
    // clap's codes are 0 (help, version) and 2 (usage errors).
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}
