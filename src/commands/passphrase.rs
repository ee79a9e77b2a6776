//! `passphrase`: words from the EFF list or a word list file, streamed one phrase a line.

use secrets_rt::Wordlist;
use zeroize::Zeroizing;

use crate::cli::Passphrase;
use crate::error::Failure;
use crate::output::{self, Output};

/// `secrets passphrase [--words N] [--sep S] [--wordlist FILE] [--count N] [--entropy]`.
pub fn run(args: &Passphrase) -> Result<(), Failure> {
    let loaded;
    let list = match &args.wordlist {
        Some(path) => {
            loaded =
                Wordlist::from_file(path).map_err(|error| Failure::Input(error.to_string()))?;
            &loaded
        }
        None => Wordlist::eff_large(),
    };
    if args.entropy {
        output::note(&entropy_note(list, args.words, &args.sep))?;
    }
    let mut output = Output::stdout();
    for _ in 0..args.count {
        output.line(&Zeroizing::new(list.passphrase(args.words, &args.sep)))?;
    }
    output.finish()
}

/// The entropy line: exact when the passphrase reads back into its words, otherwise an upper
/// bound, said as such.
fn entropy_note(list: &Wordlist, words: usize, separator: &str) -> String {
    let bits = list.entropy_bits(words);
    let source = format!("{words} words from a list of {}", list.len());
    if list.is_unambiguous_with(separator) {
        format!("entropy: {bits:.4} bits per passphrase ({source})")
    } else {
        format!(
            "entropy: at most {bits:.4} bits per passphrase ({source}); with the separator \
             {separator:?}, different words can give the same passphrase"
        )
    }
}
