//! `completions`: a shell's completion script, generated from the command's own definition by
//! `clap_complete`, so it always knows every subcommand and option.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Failure;
use crate::output::Output;

/// `secrets completions SHELL`.
pub fn run(shell: Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "secrets", &mut script);
    let mut output = Output::stdout();
    output.bytes(&script)?;
    output.finish()
}
