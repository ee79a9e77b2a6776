//! `Error`: the operating system's random source failed.

use std::fmt;

/// The operating system's random source failed, so no random bytes were returned.
///
/// This is the only error of the runtime: every random value comes straight from the OS, and
/// when the OS cannot provide it the crate fails rather than fall back to a weaker source.
/// [`SystemRandom::try_fill_bytes`](crate::SystemRandom::try_fill_bytes) and
/// [`Policy::try_generate`](crate::Policy::try_generate) return it; the other functions panic
/// with it, naming themselves (see the crate docs).
///
/// # Examples
/// ```
/// use secrets_rt::SystemRandom;
///
/// let mut key = [0u8; 32];
/// match SystemRandom.try_fill_bytes(&mut key) {
///     Ok(()) => { /* use the key */ }
///     Err(error) => eprintln!("cannot make a key: {error}"),
/// }
/// ```
///
/// What it holds is the OS's error code ([`Error::raw_os_error`]) and its message (`Display`);
/// the type of the crate that asks the OS (`getrandom`) is not part of this crate's API, so
/// that it can change without breaking yours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(getrandom::Error);

impl Error {
    /// The OS error code (`errno` on Unix, the `NTSTATUS`/Win32 code on Windows), when the
    /// failure came from a system call; `None` when it did not (the platform has no random
    /// source, say).
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// if let Err(error) = SystemRandom.try_fill_bytes(&mut [0u8; 16]) {
    ///     eprintln!("OS error code: {:?}", error.raw_os_error());
    /// }
    /// ```
    #[must_use]
    pub fn raw_os_error(self) -> Option<i32> {
        // `getrandom`'s code is an `i32` on every platform but UEFI (a `usize`), where a code
        // beyond `i32` is reported as none rather than truncated.
        #[allow(
            clippy::useless_conversion,
            reason = "the raw error is an i32 here but a usize on UEFI"
        )]
        self.0
            .raw_os_error()
            .and_then(|code| i32::try_from(code).ok())
    }
}

/// Only inside the crate: the public API keeps `getrandom`'s type out.
impl From<getrandom::Error> for Error {
    fn from(error: getrandom::Error) -> Error {
        Error(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("operating system random source failed: ")?;
        // `getrandom` is built without its `std` feature, so its own `Display` prints a bare
        // error number; the standard library knows the OS's description of that number.
        match self.raw_os_error() {
            Some(code) => fmt::Display::fmt(&std::io::Error::from_raw_os_error(code), f),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

/// No `source`: the message says everything the OS said, and the error it came from is of a
/// type this crate does not promise.
impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn a_failure_without_an_os_code_says_what_failed() {
        let error = Error::from(getrandom::Error::UNSUPPORTED);
        let message = error.to_string();
        assert!(
            message.starts_with("operating system random source failed: "),
            "{message}"
        );
        assert!(message.len() > "operating system random source failed: ".len());
        assert_eq!(error.raw_os_error(), None);
        assert!(std::error::Error::source(&error).is_none());
    }
}
