//! `man`: the manual pages, in roff. `clap_mangen` renders the parts it derives from the
//! command's definition (name, description, options, commands); the synopsis (with the values
//! options take), EXAMPLES, the policy grammar and EXIT STATUS are rendered here, as sections
//! of their own.

use std::path::Path;

use clap::{Arg, ArgAction, Command, CommandFactory};
use clap_mangen::roff::{bold, italic, roman, Inline, Roff};
use clap_mangen::Man;

use crate::cli::{Cli, POLICY_GRAMMAR};
use crate::error::Failure;
use crate::output::Output;

/// `secrets man [--dir DIR]`: secrets(1) to standard output, or every page into `DIR`.
pub fn run(dir: Option<&Path>) -> Result<(), Failure> {
    // `secrets help` is `--help` by another name: it gets no page of its own.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = dir {
        let write = |name: &str, page: &[u8]| {
            std::fs::write(dir.join(format!("{name}.1")), page).map_err(|error| {
                Failure::Input(format!(
                    "cannot write the manual pages into `{}`: {error}",
                    dir.display()
                ))
            })
        };
        write("secrets", &page(&command, None)?)?;
        for sub in command.get_subcommands() {
            let name = sub.get_display_name().unwrap_or_else(|| sub.get_name());
            write(name, &page(sub, Some(&command))?)?;
        }
        return Ok(());
    }
    let mut output = Output::stdout();
    output.bytes(&page(&command, None)?)?;
    output.finish()
}

/// The page of `command`: secrets(1) when `parent` is `None`, otherwise secrets-NAME(1) of
/// one subcommand.
pub fn page(command: &Command, parent: Option<&Command>) -> Result<Vec<u8>, Failure> {
    let failed =
        |error: std::io::Error| Failure::System(format!("cannot render the manual page: {error}"));
    // Built (as `run` does), every subcommand knows its page name (`secrets-password`) and the
    // words that run it (`secrets password`).
    let usage_prefix = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let man = Man::new(command.clone());
    let mut page = Vec::new();
    man.render_title(&mut page).map_err(failed)?;
    man.render_name_section(&mut page).map_err(failed)?;

    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    if command.has_subcommands() {
        for sub in command.get_subcommands() {
            let sub_usage = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
            roff.text(synopsis(sub_usage, sub));
            roff.control("br", []);
        }
    } else {
        roff.text(synopsis(&usage_prefix, command));
    }
    roff.to_writer(&mut page).map_err(failed)?;

    man.render_description_section(&mut page).map_err(failed)?;
    if command.get_arguments().any(|arg| !is_builtin(arg)) {
        man.render_options_section(&mut page).map_err(failed)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut page).map_err(failed)?;
    }

    let mut roff = Roff::new();
    let after = command
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let (examples, notes) = split_after_help(&after);
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        preformatted(&mut roff, &examples);
    }
    if !notes.is_empty() {
        roff.control("SH", ["NOTES"]);
        preformatted(&mut roff, &notes);
    }
    if parent.is_none() || ["password", "policy"].contains(&command.get_name()) {
        roff.control("SH", ["POLICY GRAMMAR"]);
        preformatted(&mut roff, POLICY_GRAMMAR);
    }
    roff.control("SH", ["EXIT STATUS"]);
    roff.control("TP", []);
    roff.text([bold("0")]);
    roff.text([roman(
        "Success, also when the reader of the output closes it early (as head does).",
    )]);
    roff.control("TP", []);
    roff.text([bold("1")]);
    roff.text([roman(
        "The operating system's random source or the output failed (one line on standard error).",
    )]);
    roff.control("TP", []);
    roff.text([bold("2")]);
    roff.text([roman(
        "Bad input: an argument, a policy or a file named on the command line (one line on \
         standard error that names the part at fault).",
    )]);
    roff.to_writer(&mut page).map_err(failed)?;
    if parent.is_none() {
        man.render_version_section(&mut page).map_err(failed)?;
    }
    Ok(page)
}

/// The help and version flags clap adds.
fn is_builtin(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

/// One synopsis line: `prefix`, then every option with the value it takes (`[-n|--count N]`),
/// then the positional arguments (`[N]`, `ITEM...`).
fn synopsis(prefix: &str, command: &Command) -> Vec<Inline> {
    let mut line = vec![bold(prefix)];
    for arg in command.get_arguments() {
        if arg.is_hide_set() || is_builtin(arg) || arg.is_positional() {
            continue;
        }
        let (open, close) = if arg.is_required_set() {
            ("", "")
        } else {
            ("[", "]")
        };
        line.push(roman(format!(" {open}")));
        match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => {
                line.push(bold(format!("-{short}")));
                line.push(roman("|"));
                line.push(bold(format!("--{long}")));
            }
            (Some(short), None) => line.push(bold(format!("-{short}"))),
            (None, Some(long)) => line.push(bold(format!("--{long}"))),
            (None, None) => {}
        }
        if matches!(arg.get_action(), ArgAction::Set | ArgAction::Append) {
            line.push(roman(" "));
            line.push(italic(value_name(arg)));
        }
        line.push(roman(close));
    }
    for arg in command.get_positionals() {
        let many = matches!(arg.get_num_args(), Some(range) if range.max_values() > 1);
        let name = format!("{}{}", value_name(arg), if many { "..." } else { "" });
        if arg.is_required_set() {
            line.push(roman(" "));
            line.push(italic(name));
        } else {
            line.push(roman(" ["));
            line.push(italic(name));
            line.push(roman("]"));
        }
    }
    line
}

fn value_name(arg: &Arg) -> String {
    arg.get_value_names().map_or_else(
        || arg.get_id().as_str().to_uppercase(),
        |names| names.join(" "),
    )
}

/// The `Examples:` paragraph of a help text (its lines after the heading), and the rest, without
/// the exit status (which has a section of its own).
fn split_after_help(text: &str) -> (String, String) {
    let mut examples = String::new();
    let mut notes = String::new();
    for paragraph in text.split("\n\n") {
        if let Some(body) = paragraph.strip_prefix("Examples:\n") {
            examples.push_str(body);
        } else {
            let kept: Vec<&str> = paragraph
                .lines()
                .take_while(|line| !line.starts_with("Exit status:"))
                .collect();
            if !kept.is_empty() {
                if !notes.is_empty() {
                    notes.push_str("\n\n");
                }
                notes.push_str(&kept.join("\n"));
            }
        }
    }
    (examples, notes)
}

/// `text` line for line, as written (`.nf`).
fn preformatted(roff: &mut Roff, text: &str) {
    roff.control("nf", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}
