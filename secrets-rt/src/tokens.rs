//! Tokens: `token_bytes`, `token_hex`, `token_urlsafe`.
//!
//! Each token is one OS fill straight into the buffer it ends up in (or, for `token_urlsafe`,
//! a wiped stack buffer for the usual sizes): the encoding adds a few tens of nanoseconds to
//! the system call, and no allocation can abort the process (a size that does not fit in
//! memory panics with the function's name).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use zeroize::{Zeroize, Zeroizing};

use crate::os;

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
/// # Panics
/// If `nbytes` bytes cannot be allocated:
/// `token_bytes: a token of 18446744073709551615 bytes does not fit in memory; ask for fewer
/// bytes` (the allocation is tried first, so the process never aborts on it). Also if the
/// operating system's random source fails (see the crate docs); the bytes read so far are
/// wiped first.
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
    const NAME: &str = "token_bytes";
    let nbytes = nbytes.into().unwrap_or(DEFAULT_ENTROPY);
    let mut bytes = zeroed(Some(nbytes), nbytes, NAME);
    fill(&mut bytes, NAME);
    bytes
}

/// A token of `nbytes` random bytes as lowercase hexadecimal, two digits per byte: Python's
/// `secrets.token_hex`.
///
/// `None` uses [`DEFAULT_ENTROPY`]. The random bytes are read into the back half of the
/// token's own buffer and encoded over themselves, front to back, so no copy of them is left
/// anywhere; the digits are computed with arithmetic alone, with no table that a secret
/// indexes and no branch on it.
///
/// # Panics
/// If the `2 * nbytes` digits cannot be allocated:
/// `token_hex: a token of 18446744073709551615 bytes does not fit in memory; ask for fewer
/// bytes`. Also if the operating system's random source fails (see the crate docs).
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
    const NAME: &str = "token_hex";
    let nbytes = nbytes.into().unwrap_or(DEFAULT_ENTROPY);
    let mut hex = zeroed(nbytes.checked_mul(2), nbytes, NAME);
    fill(&mut hex[nbytes..], NAME);
    encode_hex_in_place(&mut hex);
    String::from_utf8(hex).expect("hex digits are ASCII")
}

/// A token of `nbytes` random bytes in URL-safe base64 (`A-Z a-z 0-9 - _`, no `=` padding),
/// about 1.3 characters per byte: Python's `secrets.token_urlsafe`.
///
/// `None` uses [`DEFAULT_ENTROPY`], giving 43 characters. The raw bytes are wiped once
/// encoded.
///
/// # Panics
/// If the token cannot be allocated:
/// `token_urlsafe: a token of 18446744073709551615 bytes does not fit in memory; ask for fewer
/// bytes`. Also if the operating system's random source fails (see the crate docs).
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
    const NAME: &str = "token_urlsafe";
    /// Tokens up to this size draw their bytes into a stack buffer rather than the heap.
    const ON_STACK: usize = 64;
    let nbytes = nbytes.into().unwrap_or(DEFAULT_ENTROPY);
    let mut text = zeroed(base64::encoded_len(nbytes, false), nbytes, NAME);
    let encode = |random: &[u8], text: &mut [u8]| {
        let written = URL_SAFE_NO_PAD
            .encode_slice(random, text)
            .expect("the buffer has the encoded length");
        debug_assert_eq!(written, text.len());
    };
    if nbytes <= ON_STACK {
        // Wiped when dropped, whatever happens in between.
        let mut random = Zeroizing::new([0u8; ON_STACK]);
        fill(&mut random[..nbytes], NAME);
        encode(&random[..nbytes], &mut text);
    } else {
        let mut random = Zeroizing::new(zeroed(Some(nbytes), nbytes, NAME));
        fill(&mut random, NAME);
        encode(&random, &mut text);
    }
    String::from_utf8(text).expect("base64url is ASCII")
}

/// A zeroed buffer of `len` bytes (`None` when the length overflowed), for a token of
/// `nbytes` bytes; when it cannot be allocated, a panic naming `function` rather than the
/// abort of a failed allocation.
#[track_caller]
#[allow(
    clippy::slow_vector_initialization,
    reason = "`vec![0; len]` aborts the process when the allocation fails"
)]
fn zeroed(len: Option<usize>, nbytes: usize, function: &str) -> Vec<u8> {
    let mut buffer = Vec::new();
    match len.map(|len| (len, buffer.try_reserve_exact(len))) {
        Some((len, Ok(()))) => {
            buffer.resize(len, 0);
            buffer
        }
        _ => panic!(
            "{function}: a token of {nbytes} bytes does not fit in memory; ask for fewer bytes"
        ),
    }
}

/// Fills `dest` from the OS in one call, or wipes what was read and panics naming `function`:
/// bytes from a failed call are never returned.
#[track_caller]
fn fill(dest: &mut [u8], function: &str) {
    if let Err(error) = os::fill(dest) {
        dest.zeroize();
        panic!("{function}: {error}");
    }
}

/// Encodes the bytes held in the back half of `buffer` as lowercase hex over the whole buffer
/// (byte `i` of the back half becomes digits `2i` and `2i + 1`), front to back.
///
/// Writing digits `2i` and `2i + 1` never reaches a byte not yet read: byte `j > i` sits at
/// `n + j > 2i + 1`. The same holds for a group of four bytes read at once. Every byte of the
/// buffer is overwritten, so no raw byte survives. Constant time, best effort: arithmetic and
/// shifts on the values only, no table and no branch on them.
pub fn encode_hex_in_place(buffer: &mut [u8]) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const NIBBLES: u64 = 0x000F_000F_000F_000F;
    assert!(
        buffer.len().is_multiple_of(2),
        "an even length: two digits a byte"
    );
    let n = buffer.len() / 2;
    let mut i = 0;
    // Four bytes at a time: digits `2i..2i + 8` end at or before byte `n + i + 4`.
    while i + 4 <= n {
        let bytes: [u8; 4] = buffer[n + i..n + i + 4].try_into().expect("four bytes");
        // Byte `k` of the four moves to byte `2k` of a word (little-endian), leaving room for
        // its two nibbles: the high one at `2k` (written first), the low one at `2k + 1`.
        let spread = u64::from(u32::from_le_bytes(bytes));
        let spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF;
        let spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF;
        let nibbles = ((spread >> 4) & NIBBLES) | ((spread & NIBBLES) << 8);
        // In every byte lane at once: `nibble + 6` reaches 16 exactly for the letters, so its
        // bit 4 is 1 for `a`-`f` and 0 for digits; each letter gets the gap from `'0' + 10`
        // to `'a'` (39) added. No lane carries into the next (at most `'f'`, 102).
        let letters = ((nibbles + 6 * ONES) >> 4) & ONES;
        let digits = nibbles + u64::from(b'0') * ONES + letters * u64::from(b'a' - b'0' - 10);
        buffer[2 * i..2 * i + 8].copy_from_slice(&digits.to_le_bytes());
        i += 4;
    }
    while i < n {
        let byte = buffer[n + i];
        buffer[2 * i] = hex_digit(byte >> 4);
        buffer[2 * i + 1] = hex_digit(byte & 0x0f);
        i += 1;
    }
}

/// The lowercase hex digit of a nibble (`0..16`), computed with arithmetic alone: no table whose
/// entry a secret nibble selects (a table can straddle two cache lines, which a cache-timing
/// probe could tell apart) and no branch on the nibble. Best effort, like the crate's other
/// constant-time code: the compiler promises nothing.
fn hex_digit(nibble: u8) -> u8 {
    let nibble = i16::from(nibble);
    // `9 - nibble` is negative exactly for the letters (10 to 15); shifted right it is then all
    // ones, else zero: a mask that adds the gap between `'0' + 10` and `'a'` to letters only.
    let letter_offset = ((9 - nibble) >> 8) & i16::from(b'a' - b'0' - 10);
    // At most `'f'`: the cast keeps the value.
    (i16::from(b'0') + nibble + letter_offset) as u8
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::{encode_hex_in_place, hex_digit};

    #[test]
    fn hex_digit_matches_lowercase_hex_for_every_nibble() {
        for nibble in 0..16u8 {
            assert_eq!(
                char::from(hex_digit(nibble)).to_string(),
                format!("{nibble:x}")
            );
        }
    }

    #[test]
    fn in_place_encoding_matches_format_for_every_byte_and_length() {
        // Every byte value in every position of a group of four, and every length around the
        // group size, so that both the four-byte path and the tail are covered.
        for len in 0..=40usize {
            for start in 0..=255u8 {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| start.wrapping_add((i as u8).wrapping_mul(67)))
                    .collect();
                let mut buffer = vec![0; 2 * len];
                buffer[len..].copy_from_slice(&bytes);
                encode_hex_in_place(&mut buffer);
                let expected = bytes.iter().fold(String::new(), |mut hex, b| {
                    write!(hex, "{b:02x}").unwrap();
                    hex
                });
                assert_eq!(String::from_utf8(buffer).unwrap(), expected, "{bytes:?}");
            }
        }
    }
}
