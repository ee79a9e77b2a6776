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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(getrandom::Error);

impl Error {
    /// The OS error code (`errno` on Unix), when the failure came from a system call.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Error;
    ///
    /// let error = Error::from(getrandom::Error::UNSUPPORTED);
    /// assert_eq!(error.raw_os_error(), None);
    /// ```
    #[must_use]
    pub fn raw_os_error(self) -> Option<getrandom::RawOsError> {
        self.0.raw_os_error()
    }

    /// The `getrandom` error this wraps.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::Error;
    ///
    /// let error = Error::from(getrandom::Error::UNSUPPORTED);
    /// assert_eq!(error.into_inner(), getrandom::Error::UNSUPPORTED);
    /// ```
    #[must_use]
    pub const fn into_inner(self) -> getrandom::Error {
        self.0
    }
}

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
        #[allow(
            clippy::useless_conversion,
            reason = "the raw error is an i32 here but a usize on UEFI"
        )]
        let code = self
            .0
            .raw_os_error()
            .and_then(|code| i32::try_from(code).ok());
        match code {
            Some(code) => fmt::Display::fmt(&std::io::Error::from_raw_os_error(code), f),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
