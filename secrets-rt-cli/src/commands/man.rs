//! `man`: the manual pages, in roff, generated from the command's own definition by
//! `clap_mangen`.

use std::path::Path;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Failure;
use crate::output::Output;

/// `secrets man [--dir DIR]`: secrets(1) to standard output, or every page into `DIR`.
pub fn run(dir: Option<&Path>) -> Result<(), Failure> {
    // `secrets help` is `--help` by another name: it gets no page of its own.
    let command = Cli::command().disable_help_subcommand(true);
    if let Some(dir) = dir {
        return clap_mangen::generate_to(command, dir).map_err(|error| {
            Failure::Input(format!(
                "cannot write the manual pages into `{}`: {error}",
                dir.display()
            ))
        });
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|error| Failure::System(format!("cannot render the manual page: {error}")))?;
    let mut output = Output::stdout();
    output.bytes(&page)?;
    output.finish()
}
