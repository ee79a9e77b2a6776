//! The `secrets` command: tokens, numbers, choices, passwords and passphrases from the
//! operating system's random source, through `secrets-rt`.
//!
//! Exit status: 0 on success (and when the reader of the output closes it early), 1 when the
//! random source or the output fails, 2 on bad input — clap's usage errors and ours alike, each
//! as one line `error: ...` naming the part at fault. A panic (the library's answer to a failed
//! OS random source) is one such line too, with status 1.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod error;
mod output;
mod values;

use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Parser;

use crate::error::Failure;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_error(&error),
    };
    report_panics_on_one_line();
    // Nothing is used after a panic but the exit status.
    match std::panic::catch_unwind(AssertUnwindSafe(|| commands::run(cli.command))) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(failure)) => {
            if !matches!(failure, Failure::ClosedPipe) {
                output::error(&failure.to_string());
            }
            failure.exit_code()
        }
        Err(_) => ExitCode::FAILURE,
    }
}

/// The library's infallible functions panic when the OS random source fails, rather than return
/// weak bytes (`randbelow: operating system random source failed: ...`). The command reports
/// such a panic, like any other, as one line `error: MESSAGE` with status 1 (see `main`), not as
/// a Rust panic report; with `RUST_BACKTRACE` set, the standard report is kept, for debugging.
fn report_panics_on_one_line() {
    let standard = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            standard(info);
        } else {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            output::error(message.unwrap_or("the command failed unexpectedly"));
        }
    }));
}

/// Prints a parsing error and gives its exit status: help and version as clap writes them
/// (status 0); every usage error as one line (status 2). A value our parsers refused (a number
/// out of range, a policy that does not parse) quotes the value and says why; clap's own usage
/// errors are folded onto one line with the usage they break.
fn clap_error(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // Help goes to standard output; nothing more can be done if it is closed.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::ValueValidation => {
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
        _ => {}
    }
    output::error(&one_line(error));
    ExitCode::from(2)
}

/// clap's rendered usage error on one line: its message lines joined, then the usage line.
fn one_line(error: &clap::Error) -> String {
    // `Display` of the rendered text leaves out the terminal styling.
    let rendered = error.render().to_string();
    let mut lines = rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty());
    let mut message = String::new();
    let mut usage = None;
    for line in lines.by_ref() {
        if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest);
            break;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        if !message.is_empty() {
            message.push_str(if message.ends_with(':') { " " } else { "; " });
        }
        message.push_str(line);
    }
    // For a missing command clap renders the whole help: its first lines describe, they do not
    // complain.
    let message = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        "a command is required".to_owned()
    } else {
        message
    };
    match usage {
        Some(usage) => format!("{message}; usage: {usage}"),
        None => message,
    }
}
