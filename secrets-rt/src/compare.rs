//! `compare_digest`: equality that does not leak where two secrets differ.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` hold the same bytes, compared in time that does not depend on their
/// contents: Python's `secrets.compare_digest`.
///
/// Use it to check a secret an attacker can probe, such as a token or a MAC, so that the
/// response time does not reveal how long a prefix of the guess was right. Anything that is
/// `AsRef<[u8]>` can be compared: `&str`, `String`, `&[u8]`, `Vec<u8>`, arrays. Strings are
/// compared as their UTF-8 bytes (Python refuses non-ASCII `str`; bytes are unambiguous here).
///
/// # Threat model
/// - For inputs of **equal length**, every byte is examined and combined without a
///   data-dependent branch, using the [`subtle`] crate.
/// - **Lengths are not secret**: inputs of different lengths return `false` at once.
///   Python differs here: its loop always runs over `len(b)`, so that its time depends on the
///   length of `b` alone. Lengths are public in every use this function is meant for: compare
///   fixed-length values (digests, MACs, fixed-size tokens).
/// - The protection is **best effort**, as `subtle` states: it keeps the optimizer from
///   turning the comparison into an early exit, but neither the Rust compiler nor the CPU
///   promises constant-time execution.
///
/// # Examples
/// ```
/// use secrets_rt::{compare_digest, token_hex};
///
/// let expected = token_hex(16);
/// let presented = expected.clone();
/// assert!(compare_digest(&expected, &presented));
/// assert!(!compare_digest(&expected, "0000"));
/// assert!(compare_digest(b"abc", "abc"));
/// ```
#[must_use]
pub fn compare_digest(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    let (a, b) = (a.as_ref(), b.as_ref());
    // Lengths are public (see the threat model): a mismatch answers at once.
    if a.len() != b.len() {
        return false;
    }
    a.ct_eq(b).into()
}
