//! The command line: subcommands, options, help texts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use secrets_rt::{password_policy, Policy};

use crate::values;

/// The policy grammar, with examples: the long help of `--policy` and of `secrets policy`
/// (`secrets help policy`), and a section of the manual pages.
macro_rules! POLICY_GRAMMAR {
    () => {
        include_str!("policy_grammar.txt")
    };
}

/// The policy grammar, with examples (see `POLICY_GRAMMAR!`).
pub const POLICY_GRAMMAR: &str = POLICY_GRAMMAR!();

/// Tokens, passwords and passphrases from the operating system's random source.
#[derive(Debug, Parser)]
#[command(
    name = "secrets",
    version,
    after_help = "\
Examples:
  secrets token-hex                 64 hex digits (32 random bytes)
  secrets password --policy \"len = 10, lower >= 1, upper >= 1, digits >= 3\"
  secrets password -l 16 -n 5       five passwords of 16 letters and digits
  secrets passphrase --words 6 --entropy
  secrets url https://example.com/reset?token=
  secrets help policy               the policy grammar

Every value comes straight from the operating system (getrandom), with no bias.
Exit status: 0 on success (also when the reader of the output stops early, as `head` does),
1 when the random source or the output fails, 2 on bad input."
)]
pub struct Cli {
    /// What to generate.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a random token as lowercase hex (2 digits a byte).
    #[command(after_help = "\
Examples:
  secrets token-hex        32 bytes: 64 hex digits
  secrets token-hex 16     16 bytes: 32 hex digits
  secrets token-hex -n 3   three tokens, one a line
  secrets token-hex --json   one JSON line: {\"value\":\"...\",\"entropy_bits\":256,\"entropy_exact\":true}")]
    TokenHex(Token),

    /// Print a random URL-safe text token (base64url without padding).
    #[command(after_help = "\
Examples:
  secrets token-urlsafe        32 bytes: 43 characters
  secrets token-urlsafe 16     16 bytes: 22 characters
  secrets token-urlsafe -n 3   three tokens, one a line")]
    TokenUrlsafe(Token),

    /// Write random raw bytes to standard output or to a file, any number of them.
    #[command(after_help = "\
Examples:
  secrets token-bytes 64 --out key.bin     a new file readable by its owner only
  secrets token-bytes 16 | xxd             raw bytes down a pipe
  secrets token-bytes 50000000 > fill.bin  any size: written 1 MiB at a time

Raw bytes are not written to a terminal: redirect them, give --out, or use token-hex.
--out refuses a file that exists (give --force to replace it) and never follows a
symbolic link. --force writes a new file beside FILE and renames it over FILE, so that a
reader that opened the old file keeps the old bytes. A device or a FIFO is refused unless
--stream is given. A reader that stops early (head -c 100) ends the command with status 0.")]
    TokenBytes(TokenBytes),

    /// Print a random whole number from 0 to N-1, every value equally likely.
    #[command(after_help = "\
Examples:
  secrets randbelow 6
  secrets randbelow 340282366920938463463374607431768211455")]
    Randbelow {
        /// The exclusive upper bound, from 1 to 2^128 - 1.
        #[arg(value_name = "N", value_parser = values::bound, allow_hyphen_values = true)]
        bound: u128,

        #[command(flatten)]
        format: Format,
    },

    /// Print one of the arguments, each position equally likely.
    #[command(after_help = "\
Examples:
  secrets choice heads tails
  secrets choice -- -v --verbose      after `--`, arguments may start with `-`")]
    Choice {
        /// The items to choose from (a repeated item is chosen more often, as in Python).
        #[arg(value_name = "ITEM", required = true, num_args = 1..)]
        items: Vec<String>,
    },

    /// Print passwords drawn uniformly from every password a policy allows.
    #[command(after_help = "\
Examples:
  secrets password
  secrets password --policy \"len = 10, lower >= 1, upper >= 1, digits >= 3\" --entropy
  secrets password --rules \"minlength: 12; required: lower; required: upper; required: digit;\"
  secrets password --preset pin --count 5
  secrets password -l 16                    len = 16: letters and digits
  secrets password --policy-file policy.txt --json

The policy grammar is the one of the password_policy! macro (secrets help policy lists it);
a policy that cannot be met is refused with the reason and the part at fault.")]
    Password(Password),

    /// Check a policy and print it as the grammar writes it, with its exact entropy.
    ///
    /// The policy is the one `password` would use with the same options; nothing is drawn.
    #[command(
        after_help = "\
Examples:
  secrets policy --policy \"len = 10, lower >= 1, upper >= 1, digits >= 3\"
  secrets policy --rules \"minlength: 12; required: lower, upper;\"
  secrets help policy        the grammar, with examples",
        after_long_help = concat!(
            "Examples:\n",
            "  secrets policy --policy \"len = 10, lower >= 1, upper >= 1, digits >= 3\"\n",
            "  secrets policy --rules \"minlength: 12; required: lower, upper;\"\n\n",
            POLICY_GRAMMAR!()
        )
    )]
    Policy(CheckPolicy),

    /// Print passphrases: words drawn uniformly from a word list.
    ///
    /// The default list is the EFF large list, built in: 7,776 words, 12.9248 bits a word.
    #[command(after_help = "\
Examples:
  secrets passphrase                            6 words: 77.5489 bits
  secrets passphrase --words 4 --sep - --entropy
  secrets passphrase --capitalize --number      as password managers offer: 83.4558 bits
  secrets passphrase --wordlist /usr/share/dict/words

A word list file has one word a line (UTF-8); lines are trimmed, and empty lines and repeated
words are dropped (two spellings of one word in Unicode, such as a precomposed accent and a
combining one, are one word). It must keep at least 1024 distinct words, and no word may hold
a control character.")]
    Passphrase(Passphrase),

    /// Print BASE followed by a fresh URL-safe token of 32 bytes, as for password resets.
    #[command(after_help = "\
Examples:
  secrets url https://example.com/reset?token=")]
    Url {
        /// The start of the URL (whitespace and control characters must be percent-encoded).
        #[arg(value_name = "BASE", value_parser = values::url_base)]
        base: String,

        #[command(flatten)]
        format: Format,
    },

    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "\
Examples:
  secrets completions bash > ~/.local/share/bash-completion/completions/secrets
  secrets completions zsh > ~/.zfunc/_secrets      with fpath=(~/.zfunc $fpath) before compinit
  secrets completions fish > ~/.config/fish/completions/secrets.fish")]
    Completions {
        /// The shell to complete for.
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page, in roff, for man; or write a page for each subcommand too.
    #[command(after_help = "\
Examples:
  secrets man | man -l -                                read it now
  secrets man --dir ~/.local/share/man/man1             install secrets(1), secrets-password(1), ...")]
    Man {
        /// Write secrets.1 and one page for each subcommand (secrets-password.1, ...) into DIR
        /// instead of printing secrets(1).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The size of a text token, and how many.
#[derive(Debug, Args)]
pub struct Token {
    /// The number of random bytes, from 0 to 1048576 [default: 32].
    #[arg(value_name = "N", value_parser = values::token_bytes, allow_hyphen_values = true)]
    pub nbytes: Option<usize>,

    #[command(flatten)]
    pub format: Format,
}

/// How many values to print, and in which form: shared by every command that prints text.
#[derive(Debug, Args)]
pub struct Format {
    /// How many to print, one a line (streamed: any number works).
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        value_parser = values::count,
        default_value = "1"
    )]
    pub count: u64,

    // The help is an attribute, not a doc comment: it shows JSON, which rustdoc would read as
    // markdown.
    #[arg(
        long,
        help = "Print each value as one line of JSON: {\"value\": \"...\", \"entropy_bits\": \
                BITS, \"entropy_exact\": true}; entropy_exact is false where the entropy is an \
                upper bound"
    )]
    pub json: bool,
}

/// `token-bytes`: the size, and where the bytes go.
#[derive(Debug, Args)]
pub struct TokenBytes {
    /// The number of random bytes, from 0 to 18446744073709551615, written in chunks of at
    /// most 1 MiB (memory stays bounded) [default: 32].
    #[arg(value_name = "N", value_parser = values::stream_bytes, allow_hyphen_values = true)]
    pub nbytes: Option<u64>,

    /// Write the bytes to FILE instead of standard output: a new file, readable by its owner
    /// only. An existing FILE is refused unless --force is given; a symbolic link is never
    /// followed.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// With --out, replace FILE if it exists: the bytes go to a new file beside it, readable
    /// by its owner only, which is then renamed over FILE (a reader that opened the old file
    /// keeps the old bytes; a symbolic link is still refused).
    #[arg(long, requires = "out")]
    pub force: bool,

    /// With --out, FILE is a stream (a device such as /dev/null, or a FIFO), written in place;
    /// without it such a FILE is refused. The open never waits: a FIFO with no reader is
    /// refused at once.
    #[arg(long, requires = "out")]
    pub stream: bool,
}

/// `password`: which policy, how many, and whether to show the entropy.
#[derive(Debug, Args)]
pub struct Password {
    #[command(flatten)]
    pub source: PolicySource,

    #[command(flatten)]
    pub format: Format,

    /// Print the exact entropy of each password, in bits, to standard error.
    #[arg(long, conflicts_with = "json")]
    pub entropy: bool,
}

/// `policy`: which policy to check and print.
#[derive(Debug, Args)]
pub struct CheckPolicy {
    #[command(flatten)]
    pub source: PolicySource,

    #[arg(
        long,
        help = "Print the policy as one line of JSON: {\"policy\": \"...\", \"entropy_bits\": \
                BITS, \"password_count\": \"N\"} (the count as a decimal string, or null beyond \
                2^128 - 1)"
    )]
    pub json: bool,
}

/// Where the password policy comes from: at most one of these (by default `--preset strong`).
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct PolicySource {
    /// A policy such as "len = 12, digits >= 2, symbols >= 1" (the grammar: secrets help
    /// policy).
    #[arg(
        long,
        value_name = "POLICY",
        value_parser = values::policy,
        long_help = concat!(
            "A policy such as \"len = 12, digits >= 2, symbols >= 1\" ",
            "(the grammar of the password_policy! macro of secrets-rt, ",
            "also shown by secrets help policy).\n\n",
            POLICY_GRAMMAR!()
        )
    )]
    pub policy: Option<Box<Policy>>,

    /// A file holding a policy in the grammar (line breaks are free; at most 1 MiB).
    #[arg(long, value_name = "FILE", value_parser = values::policy_file)]
    pub policy_file: Option<Box<Policy>>,

    /// Shortcut for --policy "len = N": N characters from lower, upper and digits, N from 1
    /// to 256.
    #[arg(short = 'l', long, value_name = "N", value_parser = values::length_policy)]
    pub length: Option<Box<Policy>>,

    /// A website's rules in the passwordrules language of Safari and
    /// apple/password-manager-resources, such as "minlength: 12; required: lower, upper;".
    #[arg(long, value_name = "PASSWORDRULES", value_parser = values::passwordrules)]
    pub rules: Option<Box<Policy>>,

    /// A named policy [default: strong, when no other policy option is given].
    #[arg(long, value_enum)]
    pub preset: Option<Preset>,
}

/// The named policies of `--preset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// len = 20, lower >= 1, upper >= 1, digits >= 1, symbols >= 1 (130.93 bits)
    Strong,
    /// len = 20, lower >= 1, upper >= 1, digits >= 1 (119.04 bits)
    Alphanumeric,
    /// len = 6, lower == 0, upper == 0 (19.93 bits)
    Pin,
}

impl Preset {
    /// Every preset, to test each one against its help.
    #[cfg(test)]
    pub const ALL: [Preset; 3] = [Preset::Strong, Preset::Alphanumeric, Preset::Pin];

    /// The preset's policy, checked when this command compiles; its `Display` is the text
    /// `--help` shows.
    pub fn policy(self) -> &'static Policy {
        static STRONG: Policy =
            password_policy!(len = 20, lower >= 1, upper >= 1, digits >= 1, symbols >= 1);
        static ALPHANUMERIC: Policy =
            password_policy!(len = 20, lower >= 1, upper >= 1, digits >= 1);
        static PIN: Policy = password_policy!(len = 6, lower == 0, upper == 0);
        match self {
            Preset::Strong => &STRONG,
            Preset::Alphanumeric => &ALPHANUMERIC,
            Preset::Pin => &PIN,
        }
    }
}

/// `passphrase`: how many words, the separator, the list, and whether to show the entropy.
#[derive(Debug, Args)]
pub struct Passphrase {
    /// How many words, from 1 to 1000.
    #[arg(long, value_name = "N", value_parser = values::words, default_value = "6")]
    pub words: usize,

    /// What goes between the words.
    #[arg(
        long,
        value_name = "SEP",
        default_value = " ",
        allow_hyphen_values = true
    )]
    pub sep: String,

    /// A word list file, one word a line, such as /usr/share/dict/words [default: the
    /// embedded EFF large list].
    #[arg(long, value_name = "FILE")]
    pub wordlist: Option<PathBuf>,

    /// Write each word with a capital first letter (adds no entropy).
    #[arg(long)]
    pub capitalize: bool,

    /// Add one random digit at the end of one randomly chosen word (log2(10 x words) more
    /// bits).
    #[arg(long)]
    pub number: bool,

    #[command(flatten)]
    pub format: Format,

    /// Print the entropy of each passphrase, in bits, to standard error: exact, or an upper
    /// bound (said so, with the reason) when different draws may print alike.
    #[arg(long, conflicts_with = "json")]
    pub entropy: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_preset_is_the_policy_and_entropy_its_help_shows() {
        for preset in Preset::ALL {
            let policy = preset.policy();
            let help = preset
                .to_possible_value()
                .unwrap()
                .get_help()
                .unwrap()
                .to_string();
            assert!(help.starts_with(&policy.to_string()), "{preset:?}: {help}");
            // Independently of the rule core: by inclusion-exclusion over the classes that
            // must appear, the number of passwords is the sum over subsets S of the required
            // classes of (-1)^|S| (alphabet size - size of S)^len.
            let (len, alphabet, required): (i32, f64, &[f64]) = match preset {
                Preset::Strong => (20, 94.0, &[26.0, 26.0, 10.0, 32.0]),
                Preset::Alphanumeric => (20, 62.0, &[26.0, 26.0, 10.0]),
                Preset::Pin => (6, 10.0, &[]),
            };
            let mut count = 0.0;
            for subset in 0..1u32 << required.len() {
                let left: f64 = (0..required.len())
                    .filter(|&i| subset & (1 << i) != 0)
                    .map(|i| required[i])
                    .sum();
                let sign = if subset.count_ones() % 2 == 0 {
                    1.0
                } else {
                    -1.0
                };
                count += sign * (alphabet - left).powi(len);
            }
            let bits = policy.entropy_bits();
            assert!(
                (bits - count.log2()).abs() < 1e-9,
                "{preset:?}: {bits} != {}",
                count.log2()
            );
            assert!(
                help.ends_with(&format!("({bits:.2} bits)")),
                "{preset:?}: {help}"
            );
        }
    }
}
