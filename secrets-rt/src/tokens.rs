//! Tokens: `token_bytes`, `token_hex`, `token_urlsafe`.
//!
//! Each token is one OS fill: straight into the vector returned by `token_bytes`; for the text
//! tokens, into a wiped stack buffer (up to [`ON_STACK`] bytes, the usual sizes) or a wiped heap
//! buffer, then encoded into the token's string, allocated before the OS call (work done right
//! after a system call runs on cold caches, so the less of it the better). The encoding adds a
//! few tens of nanoseconds to the system call, and no allocation of a huge token can abort the
//! process: a size that does not fit in memory panics with the function's name.

use base64ct::{Base64UrlUnpadded, Encoding as _};
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
/// `None` uses [`DEFAULT_ENTROPY`]. The digits are computed by the `base16ct` crate with
/// arithmetic alone: no table that a secret indexes, no branch on a secret. The raw bytes are
/// wiped once encoded.
///
/// # Panics
/// If the token cannot be allocated:
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
    // Allocated before the OS call: a token too large for memory costs no randomness.
    let mut text = zeroed(nbytes.checked_mul(2), nbytes, NAME);
    with_random_bytes(nbytes, NAME, |random| encode_hex(random, &mut text));
    String::from_utf8(text).expect("hex digits are ASCII")
}

/// Writes `random` as lowercase hex into `text` (two digits a byte): the step of [`token_hex`]
/// after the OS call. `base16ct` computes each digit with arithmetic alone.
pub fn encode_hex(random: &[u8], text: &mut [u8]) {
    base16ct::lower::encode(random, text).expect("the buffer has two digits a byte");
}

/// A token of `nbytes` random bytes in URL-safe base64 (`A-Z a-z 0-9 - _`, no `=` padding),
/// about 1.3 characters per byte: Python's `secrets.token_urlsafe`.
///
/// `None` uses [`DEFAULT_ENTROPY`], giving 43 characters. The characters are computed by the
/// `base64ct` crate with arithmetic alone: no table that a secret indexes, no branch on a
/// secret. The raw bytes are wiped once encoded.
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
    let nbytes = nbytes.into().unwrap_or(DEFAULT_ENTROPY);
    // Allocated before the OS call: a token too large for memory costs no randomness.
    let mut text = zeroed(urlsafe_len(nbytes), nbytes, NAME);
    with_random_bytes(nbytes, NAME, |random| encode_urlsafe(random, &mut text));
    String::from_utf8(text).expect("base64url is ASCII")
}

/// The length of `nbytes` bytes in unpadded base64: four characters for every three bytes,
/// then two for a last byte or three for a last two (`None` if it overflows).
fn urlsafe_len(nbytes: usize) -> Option<usize> {
    (nbytes / 3)
        .checked_mul(4)?
        .checked_add([0, 2, 3][nbytes % 3])
}

/// Writes `random` as unpadded URL-safe base64 into `text`, which has exactly
/// the encoded length: the step of [`token_urlsafe`] after the OS call. `base64ct` computes
/// each character with arithmetic alone.
pub fn encode_urlsafe(random: &[u8], text: &mut [u8]) {
    let written = Base64UrlUnpadded::encode(random, text)
        .expect("the buffer has the encoded length")
        .len();
    debug_assert_eq!(written, text.len());
}

/// Buffers up to this many bytes are allocated the plain way (their allocation cannot fail
/// for want of address space; an allocator out of memory aborts as for any small allocation).
const SMALL: usize = 4096;

/// Text tokens up to this many bytes draw them into a stack buffer rather than the heap.
const ON_STACK: usize = 64;

/// Calls `encode` on `nbytes` fresh bytes from one OS call, held in a buffer that is wiped
/// afterwards, whatever happens; `function` names the caller in a panic.
#[track_caller]
fn with_random_bytes<T>(nbytes: usize, function: &str, encode: impl FnOnce(&[u8]) -> T) -> T {
    if nbytes <= ON_STACK {
        let mut stack = [0u8; ON_STACK];
        // Only the bytes drawn are wiped (zeroize writes one volatile byte at a time).
        let random = WipeOnDrop(&mut stack[..nbytes]);
        fill(random.0, function);
        encode(random.0)
    } else {
        let mut random = Zeroizing::new(zeroed(Some(nbytes), nbytes, function));
        fill(&mut random, function);
        encode(&random)
    }
}

/// Bytes wiped when dropped, a panic included: [`Zeroizing`] for a borrowed slice.
struct WipeOnDrop<'a>(&'a mut [u8]);

impl Drop for WipeOnDrop<'_> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
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
    // The usual sizes, which fit in memory: the allocator's fast path, where a fallible
    // reservation goes through the vector's growth code first.
    if let Some(len) = len.filter(|&len| len <= SMALL) {
        let mut buffer = Vec::with_capacity(len);
        buffer.resize(len, 0);
        return buffer;
    }
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

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    use super::{encode_hex, encode_urlsafe, urlsafe_len};
    use crate::token_bytes;

    #[test]
    fn hex_encoding_matches_format() {
        // Every byte value, at several lengths.
        for len in [0, 1, 2, 31, 32, 64, 65, 300] {
            for start in 0..=255u8 {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| start.wrapping_add((i as u8).wrapping_mul(67)))
                    .collect();
                let expected = bytes.iter().fold(String::new(), |mut hex, b| {
                    write!(hex, "{b:02x}").unwrap();
                    hex
                });
                let mut text = vec![0; 2 * len];
                encode_hex(&bytes, &mut text);
                assert_eq!(String::from_utf8(text).unwrap(), expected, "{bytes:?}");
            }
        }
    }

    #[test]
    fn urlsafe_encoding_matches_the_base64_crate() {
        // Random bytes at every length up to 64 (the stack buffer's), a hundred inputs each,
        // then a few longer ones, against the `base64` crate's encoder.
        let lengths = (0..=64).flat_map(|len| std::iter::repeat_n(len, 100));
        for len in lengths.chain([65, 255, 256, 1000, 4099]) {
            let bytes = token_bytes(len);
            let expected = URL_SAFE_NO_PAD.encode(&bytes);
            let mut text = vec![0; urlsafe_len(len).unwrap()];
            encode_urlsafe(&bytes, &mut text);
            assert_eq!(String::from_utf8(text).unwrap(), expected, "{bytes:?}");
        }
        // Every byte value in every position of a three-byte group.
        for start in 0..=255u8 {
            let bytes: Vec<u8> = (0..48u8)
                .map(|i| start.wrapping_add(i.wrapping_mul(67)))
                .collect();
            let mut text = vec![0; 64];
            encode_urlsafe(&bytes, &mut text);
            assert_eq!(
                String::from_utf8(text).unwrap(),
                URL_SAFE_NO_PAD.encode(&bytes)
            );
        }
    }

    #[test]
    fn urlsafe_length_is_the_base64_crates_and_never_overflows() {
        for len in (0..1000).chain([usize::MAX / 4 - 1, usize::MAX / 4]) {
            assert_eq!(urlsafe_len(len), base64::encoded_len(len, false), "{len}");
        }
        assert_eq!(urlsafe_len(usize::MAX), None);
        assert_eq!(urlsafe_len(usize::MAX / 3 * 3 - 1), None);
    }
}
