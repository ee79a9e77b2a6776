//! The recipes of Python's `secrets` documentation, one for one.
//!
//! Run with `cargo run -p secrets-rt --example recipes`; each recipe prints its name and its output.

use secrets_rt::{alphabet, choice, token_urlsafe, Wordlist};

/// The word list of Python's passphrase recipe.
const WORDS_FILE: &str = "/usr/share/dict/words";

fn main() {
    // Generate an eight-character alphanumeric password.
    let password: String = (0..8).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
    println!("eight-character alphanumeric password: {password}");

    // Generate a ten-character alphanumeric password with at least one lowercase character, at
    // least one uppercase character, and at least three digits. Drawing again until the rules
    // hold keeps every allowed password equally likely.
    let password = loop {
        let candidate: String = (0..10).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
        if candidate.chars().any(|c| c.is_ascii_lowercase())
            && candidate.chars().any(|c| c.is_ascii_uppercase())
            && candidate.chars().filter(char::is_ascii_digit).count() >= 3
        {
            break candidate;
        }
    };
    println!("ten characters, >= 1 lower, >= 1 upper, >= 3 digits: {password}");

    // Generate an XKCD-style passphrase.
    let list = word_list();
    let words: Vec<&str> = list.words().collect();
    let passphrase = (0..4)
        .map(|_| *choice(&words))
        .collect::<Vec<_>>()
        .join(" ");
    println!("XKCD-style passphrase: {passphrase}");

    // Generate a hard-to-guess temporary URL containing a security token suitable for password
    // recovery applications.
    let url = format!("https://mydomain.com/reset={}", token_urlsafe(None));
    println!("password-reset URL: {url}");
}

/// The system's word list, one word a line, as in Python's recipe, read by
/// [`Wordlist::from_file`] (lines trimmed, blank lines and repeated words dropped, so that no
/// word is drawn more often than another); or, with a note saying why, the EFF large word list
/// this crate embeds.
fn word_list() -> Wordlist {
    Wordlist::from_file(WORDS_FILE).unwrap_or_else(|error| {
        let embedded = Wordlist::eff_large();
        eprintln!(
            "note: {error}; using the embedded EFF large word list ({} words) instead",
            embedded.len()
        );
        embedded.clone()
    })
}
