//! `passphrase`: words from the EFF list or a word list file, streamed one phrase a line.

use secrets_rt::{Passphrase, Wordlist};
use zeroize::Zeroizing;

use crate::cli;
use crate::commands::print_values;
use crate::error::Failure;
use crate::output::{self, Entropy};

/// `secrets passphrase [--words N] [--sep S] [--wordlist FILE] [--capitalize] [--number]
/// [-n COUNT] [--entropy | --json]`.
pub fn run(args: &cli::Passphrase) -> Result<(), Failure> {
    let loaded;
    let list = match &args.wordlist {
        Some(path) => {
            loaded =
                Wordlist::from_file(path).map_err(|error| Failure::Input(error.to_string()))?;
            &loaded
        }
        None => Wordlist::eff_large(),
    };
    let spec = Passphrase::with_wordlist(list, args.words)
        .separator(&args.sep)
        .capitalize(args.capitalize)
        .number(args.number);
    if args.entropy {
        output::note(&entropy_note(&spec, list.len(), args.words, args.number))?;
    }
    let entropy = Entropy {
        bits: spec.entropy_bits(),
        exact: spec.ambiguity().is_none(),
    };
    print_values(&args.format, entropy, || {
        spec.try_generate()
            .map(Zeroizing::new)
            .map_err(|error| Failure::random(&error))
    })
}

/// The entropy line: exact when different draws always print different passphrases,
/// otherwise an upper bound, said as such, with the reason.
fn entropy_note(spec: &Passphrase<'_>, list_len: usize, words: usize, number: bool) -> String {
    let bits = spec.entropy_bits();
    let digit = if number {
        format!(", and one of 10 digits on one of the {words} words")
    } else {
        String::new()
    };
    let source = format!("{words} words from a list of {list_len}{digit}");
    match spec.ambiguity() {
        None => format!("entropy: {bits:.4} bits per passphrase ({source})"),
        Some(reason) => {
            format!("entropy: at most {bits:.4} bits per passphrase ({source}); {reason}")
        }
    }
}
