//! How a command fails, and the exit status each kind of failure gives.

use std::fmt;
use std::io;
use std::process::ExitCode;

/// Why a command stopped before doing its whole job.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong (an argument, a file it names): exit status 2, like clap's own
    /// usage errors, with a one-line message naming the part at fault.
    Input(String),
    /// The system failed (the OS random source, writing the output): exit status 1.
    System(String),
    /// Whoever read the output stopped early (`secrets password --count 1000000 | head -1`):
    /// not an error for the user, so the command ends quietly with status 0.
    ClosedPipe,
}

impl Failure {
    /// A failure to write to standard output: a closed pipe, or an I/O error.
    pub fn stdout(error: &io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::ClosedPipe
        } else {
            Failure::System(format!("cannot write to standard output: {error}"))
        }
    }

    /// The OS random source failed: no weaker source is used instead. The library's error says
    /// so itself (`operating system random source failed: ...`).
    pub fn random(error: &impl fmt::Display) -> Failure {
        Failure::System(error.to_string())
    }

    /// The exit status for this failure.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Input(_) => ExitCode::from(2),
            Failure::System(_) => ExitCode::FAILURE,
            Failure::ClosedPipe => ExitCode::SUCCESS,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(message) | Failure::System(message) => f.write_str(message),
            Failure::ClosedPipe => f.write_str("the reader of the output closed it"),
        }
    }
}
