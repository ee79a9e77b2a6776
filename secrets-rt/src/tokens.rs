//! Tokens: `token_bytes`, `token_hex`, `token_urlsafe`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::os::{self, expect_os};

/// The number of random bytes a token has when no size is given: 32 bytes, 256 bits, the
/// value Python uses and what its documentation deems enough for typical uses.
///
/// # Examples
/// ```
/// use secrets_rt::{token_bytes, DEFAULT_ENTROPY};
///
/// assert_eq!(token_bytes(None).len(), DEFAULT_ENTROPY);
/// ```
pub const DEFAULT_ENTROPY: usize = 32;

/// `nbytes` random bytes, straight from the OS in one call: Python's `secrets.token_bytes`.
///
/// `None` (or `token_bytes(None)`) uses [`DEFAULT_ENTROPY`]; `0` gives an empty vector.
///
/// # Examples
/// ```
/// use secrets_rt::token_bytes;
///
/// let key = token_bytes(16);
/// assert_eq!(key.len(), 16);
/// assert_eq!(token_bytes(None).len(), 32);
/// assert!(token_bytes(0).is_empty());
/// ```
#[must_use]
pub fn token_bytes(nbytes: impl Into<Option<usize>>) -> Vec<u8> {
    random_bytes(nbytes.into(), "token_bytes")
}

/// A token of `nbytes` random bytes as lowercase hexadecimal, two digits per byte: Python's
/// `secrets.token_hex`.
///
/// `None` uses [`DEFAULT_ENTROPY`]. The raw bytes are wiped once encoded.
///
/// # Examples
/// ```
/// use secrets_rt::token_hex;
///
/// let token = token_hex(16);
/// assert_eq!(token.len(), 32);
/// assert!(token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
/// assert_eq!(token_hex(None).len(), 64);
/// ```
#[must_use]
pub fn token_hex(nbytes: impl Into<Option<usize>>) -> String {
    let bytes = secret_bytes(nbytes.into(), "token_hex");
    let mut hex = String::with_capacity(2 * bytes.len());
    for &byte in bytes.iter() {
        hex.push(hex_digit(byte >> 4));
        hex.push(hex_digit(byte & 0x0f));
    }
    hex
}

/// The lowercase hex digit of a nibble (`0..16`), computed with arithmetic alone: no table whose
/// entry a secret nibble selects (a table can straddle two cache lines, which a cache-timing
/// probe could tell apart) and no branch on the nibble. Best effort, like the crate's other
/// constant-time code: the compiler promises nothing.
fn hex_digit(nibble: u8) -> char {
    let nibble = i16::from(nibble);
    // `9 - nibble` is negative exactly for the letters (10 to 15); shifted right it is then all
    // ones, else zero: a mask that adds the gap between `'0' + 10` and `'a'` to letters only.
    let letter_offset = ((9 - nibble) >> 8) & i16::from(b'a' - b'0' - 10);
    // At most `'f'`: the cast keeps the value.
    char::from((i16::from(b'0') + nibble + letter_offset) as u8)
}

/// A token of `nbytes` random bytes in URL-safe base64 (`A-Z a-z 0-9 - _`, no `=` padding),
/// about 1.3 characters per byte: Python's `secrets.token_urlsafe`.
///
/// `None` uses [`DEFAULT_ENTROPY`], giving 43 characters. The raw bytes are wiped once
/// encoded.
///
/// # Examples
/// ```
/// use secrets_rt::token_urlsafe;
///
/// let url = format!("https://example.com/reset?token={}", token_urlsafe(None));
/// let token = token_urlsafe(16);
/// assert_eq!(token.len(), 22);
/// assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
/// # let _ = url;
/// ```
#[must_use]
pub fn token_urlsafe(nbytes: impl Into<Option<usize>>) -> String {
    URL_SAFE_NO_PAD.encode(&*secret_bytes(nbytes.into(), "token_urlsafe"))
}

/// Random bytes to be encoded, in a buffer wiped when dropped; one OS call.
fn secret_bytes(nbytes: Option<usize>, function: &str) -> Zeroizing<Vec<u8>> {
    // Moving the vector in keeps its one buffer: nothing is copied before it is wrapped.
    Zeroizing::new(random_bytes(nbytes, function))
}

/// `nbytes` (default [`DEFAULT_ENTROPY`]) fresh bytes in one OS call; `function` names the
/// caller in the panic if the OS source fails.
fn random_bytes(nbytes: Option<usize>, function: &str) -> Vec<u8> {
    let mut bytes = vec![0; nbytes.unwrap_or(DEFAULT_ENTROPY)];
    expect_os(os::fill(&mut bytes), function);
    bytes
}

#[cfg(test)]
mod tests {
    use super::hex_digit;

    #[test]
    fn hex_digit_matches_lowercase_hex_for_every_nibble() {
        for nibble in 0..16u8 {
            assert_eq!(hex_digit(nibble).to_string(), format!("{nibble:x}"));
        }
    }
}
