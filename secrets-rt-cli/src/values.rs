//! Parsers for the command line's values, with messages that say what is expected.
//!
//! clap calls them while parsing; `main` prints their errors on one line as
//! `error: invalid value 'VALUE' for 'ARG': MESSAGE`, with exit status 2.

use secrets_rt::{Policy, PolicyError};

/// The largest text token: 1 MiB of random bytes (2 MiB of hex). Text tokens are built in
/// memory, and a mistyped size should fail with a message, not exhaust the memory. (Raw bytes
/// stream: `token-bytes` takes any size, see [`stream_bytes`].)
pub const MAX_TOKEN_BYTES: usize = 1 << 20;

/// The most words in a passphrase: 1,000 EFF words are 12,925 bits, far beyond any use.
pub const MAX_WORDS: usize = 1000;

/// A text token's size in bytes, from 0 to [`MAX_TOKEN_BYTES`].
pub fn token_bytes(text: &str) -> Result<usize, String> {
    whole_number(text, 0, MAX_TOKEN_BYTES as u128, "a number of bytes").map(|n| n as usize)
}

/// How many raw bytes `token-bytes` writes, from 0 to `u64::MAX`: they are streamed in
/// chunks, so any size runs in bounded memory.
pub fn stream_bytes(text: &str) -> Result<u64, String> {
    whole_number(text, 0, u128::from(u64::MAX), "a number of bytes").map(|n| n as u64)
}

/// The exclusive upper bound of `randbelow`, from 1 to `u128::MAX`.
pub fn bound(text: &str) -> Result<u128, String> {
    whole_number(text, 1, u128::MAX, "a bound")
}

/// How many passwords or passphrases to print, at least 1.
pub fn count(text: &str) -> Result<u64, String> {
    whole_number(text, 1, u128::from(u64::MAX), "a count").map(|n| n as u64)
}

/// How many words in a passphrase, from 1 to [`MAX_WORDS`].
pub fn words(text: &str) -> Result<usize, String> {
    whole_number(text, 1, MAX_WORDS as u128, "a number of words").map(|n| n as usize)
}

/// A policy in the grammar of `password_policy!`; the error is [`PolicyError`]'s one line.
/// Boxed: a checked policy is large, and the parsed arguments are moved around.
pub fn policy(text: &str) -> Result<Box<Policy>, PolicyError> {
    Policy::parse(text).map(Box::new)
}

/// The longest password `--length` asks for: the grammar's limit on `len`.
pub const MAX_LENGTH: usize = 256;

/// The largest policy file read: a policy is a line or a few, and a mistaken path (a disk
/// image, `/dev/zero`) should fail with a message, not exhaust the memory.
pub const MAX_POLICY_FILE: u64 = 1 << 20;

/// `--length N`: the policy `len = N` (lower, upper and digits), N from 1 to [`MAX_LENGTH`].
pub fn length_policy(text: &str) -> Result<Box<Policy>, String> {
    let len = whole_number(text, 1, MAX_LENGTH as u128, "a length")?;
    Policy::parse(&format!("len = {len}"))
        .map(Box::new)
        .map_err(|error| error.to_string())
}

/// `--policy-file FILE`: a policy in the grammar, read from a file of at most
/// [`MAX_POLICY_FILE`] bytes of UTF-8. Its errors name the file; a policy's error is
/// [`PolicyError`]'s line, whose byte offsets count from the start of the file.
pub fn policy_file(path: &str) -> Result<Box<Policy>, String> {
    use std::io::Read;

    let cannot = |error: &dyn std::fmt::Display| format!("cannot read the policy file: {error}");
    let file = std::fs::File::open(path).map_err(|error| cannot(&error))?;
    let mut bytes = Vec::new();
    file.take(MAX_POLICY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| cannot(&error))?;
    if bytes.len() as u64 > MAX_POLICY_FILE {
        return Err(format!(
            "the policy file is larger than {MAX_POLICY_FILE} bytes; a policy is a few lines"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        format!(
            "the policy file is not UTF-8 text (at byte {})",
            error.utf8_error().valid_up_to()
        )
    })?;
    Policy::parse(&text)
        .map(Box::new)
        .map_err(|error| error.to_string())
}

/// Website rules in the `passwordrules` language.
pub fn passwordrules(text: &str) -> Result<Box<Policy>, PolicyError> {
    Policy::from_passwordrules(text).map(Box::new)
}

/// The start of a URL that a token is appended to: not empty, and nothing a URL cannot hold
/// as is (whitespace and control characters), since the result is meant to be pasted as one.
pub fn url_base(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("the base is empty; give the start of a URL, such as \
                    https://example.com/reset?token="
            .to_owned());
    }
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "{c:?} at byte {at} cannot stand in a URL; percent-encode it (a space is %20)"
        ));
    }
    Ok(text.to_owned())
}

/// A decimal whole number from `min` to `max`, with a message for each way it can be wrong.
fn whole_number(text: &str, min: u128, max: u128, what: &str) -> Result<u128, String> {
    let expected = format!("expected {what} from {min} to {max}");
    let digits = text.strip_prefix('+').unwrap_or(text);
    let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_number(digits) {
        return Err(match text.strip_prefix('-') {
            Some(rest) if is_number(rest) => format!("negative; {expected}"),
            _ => format!("not a whole number; {expected}"),
        });
    }
    match digits.parse::<u128>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(n) if n < min => Err(format!("too small; {expected}")),
        // Too many digits for a u128, or above `max`.
        _ => Err(format!("too large; {expected}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_in_range_parse() {
        assert_eq!(token_bytes("0"), Ok(0));
        assert_eq!(token_bytes("+16"), Ok(16));
        assert_eq!(
            token_bytes(&MAX_TOKEN_BYTES.to_string()),
            Ok(MAX_TOKEN_BYTES)
        );
        assert_eq!(bound(&u128::MAX.to_string()), Ok(u128::MAX));
        assert_eq!(count("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(stream_bytes("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(stream_bytes("0"), Ok(0));
        assert_eq!(words("1000"), Ok(1000));
    }

    #[test]
    fn each_way_a_number_can_be_wrong_has_its_message() {
        let expected = format!("expected a number of bytes from 0 to {MAX_TOKEN_BYTES}");
        assert_eq!(token_bytes("-3"), Err(format!("negative; {expected}")));
        assert_eq!(
            token_bytes("ten"),
            Err(format!("not a whole number; {expected}"))
        );
        assert_eq!(
            token_bytes("1.5"),
            Err(format!("not a whole number; {expected}"))
        );
        assert_eq!(
            token_bytes(""),
            Err(format!("not a whole number; {expected}"))
        );
        assert_eq!(
            token_bytes("1048577"),
            Err(format!("too large; {expected}"))
        );
        assert!(bound("0")
            .unwrap_err()
            .starts_with("too small; expected a bound from 1 to"));
        assert!(bound("340282366920938463463374607431768211456")
            .unwrap_err()
            .starts_with("too large"));
        assert!(words("0").unwrap_err().starts_with("too small"));
        assert_eq!(
            stream_bytes("18446744073709551616"),
            Err("too large; expected a number of bytes from 0 to 18446744073709551615".to_owned())
        );
        assert!(count("0").unwrap_err().starts_with("too small"));
    }

    #[test]
    fn length_policies_are_len_alone_up_to_the_grammars_limit() {
        let policy = length_policy("16").unwrap();
        assert_eq!(*policy, Policy::parse("len = 16").unwrap());
        assert!(length_policy(&MAX_LENGTH.to_string()).is_ok());
        // The limit is the grammar's: one more is refused by the grammar too.
        assert!(Policy::parse(&format!("len = {MAX_LENGTH}")).is_ok());
        assert!(Policy::parse(&format!("len = {}", MAX_LENGTH + 1)).is_err());
        assert_eq!(
            length_policy("257"),
            Err("too large; expected a length from 1 to 256".to_owned())
        );
        assert!(length_policy("0").unwrap_err().starts_with("too small"));
    }

    #[test]
    fn url_bases_refuse_what_a_url_cannot_hold() {
        assert_eq!(
            url_base("https://x.test/r?t="),
            Ok("https://x.test/r?t=".to_owned())
        );
        assert!(url_base("").unwrap_err().starts_with("the base is empty"));
        assert_eq!(
            url_base("https://x.test/a b"),
            Err(
                "' ' at byte 16 cannot stand in a URL; percent-encode it (a space is %20)"
                    .to_owned()
            )
        );
    }
}
