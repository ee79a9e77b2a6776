//! The one place that asks the operating system for random bytes, and [`Draws`], the bytes one
//! operation fetched.

use crate::wiped::Wiped;
use crate::Error;

/// The largest batch one operation fetches at once; longer operations (a shuffle of a million
/// items) refill it as they go.
const MAX_BATCH: usize = 4096;

/// The largest batch a bulk operation ([`Policy::generate_many`](crate::Policy::generate_many))
/// fetches at once: 64 KiB, large enough that an OS call serves thousands of passwords.
const MAX_BULK_BATCH: usize = 64 * 1024;

/// Fills `dest` from the operating system's random source, in one call.
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), Error> {
    #[cfg(test)]
    {
        FILLS.with(|fills| fills.set(fills.get() + 1));
        FILLED.with(|filled| filled.set(filled.get() + dest.len()));
    }
    getrandom::fill(dest).map_err(Error::from)
}

#[cfg(test)]
std::thread_local! {
    /// Calls to [`fill`] on this thread, so that unit tests can check how many OS calls an
    /// operation makes (per thread: tests run side by side).
    static FILLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Bytes those calls asked for.
    static FILLED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many bytes [`fill`] asked the OS for on this thread so far (counted by the policy
/// tests, which read their policies as text).
#[cfg(all(test, feature = "parse"))]
pub(crate) fn bytes_on_this_thread() -> usize {
    FILLED.with(std::cell::Cell::get)
}

/// How many times [`fill`] asked the OS on this thread so far.
#[cfg(test)]
pub(crate) fn fills_on_this_thread() -> usize {
    FILLS.with(std::cell::Cell::get)
}

/// The value, or a panic naming `function` when the OS random source failed: the infallible
/// functions fail rather than return weak bytes.
#[track_caller]
pub(crate) fn expect_os<T>(result: Result<T, Error>, function: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{function}: {error}"),
    }
}

/// Random bytes fetched from the OS for one operation, handed out a word at a time.
///
/// An operation that needs several words (rejection rounds, the swaps of a shuffle) asks for
/// them all in one OS call up front and only calls again in the rare case the batch runs out.
/// A `Draws` lives for one operation only: no random state survives between calls, and the
/// buffer is wiped when it is dropped.
pub(crate) struct Draws {
    bytes: Wiped<u8, INLINE>,
    /// The bytes of the current batch that hold random bytes: the buffer's length, or fewer
    /// for the last batch of a bulk operation.
    filled: usize,
    /// Index of the first unused byte; `filled` until the first fill.
    next: usize,
    /// The bytes a bulk operation still expects to use, so that its last batch asks for no more
    /// than that; `usize::MAX` otherwise.
    planned: usize,
}

/// The most bytes a [`Draws`] keeps on the stack (most operations need one to four words).
const INLINE: usize = 64;

impl Draws {
    /// A batch of `len` bytes (capped at [`MAX_BATCH`]), fetched when the first word is taken.
    pub(crate) fn new(len: usize) -> Draws {
        let len = len.min(MAX_BATCH);
        Draws {
            bytes: Wiped::new(len),
            filled: len,
            next: len,
            planned: usize::MAX,
        }
    }

    /// Batches for a bulk operation that expects to use `len` bytes in all: up to
    /// [`MAX_BULK_BATCH`] at a time, the last one no larger than what is left to use.
    pub(crate) fn bulk(len: usize) -> Draws {
        let capacity = len.min(MAX_BULK_BATCH);
        Draws {
            bytes: Wiped::new(capacity),
            filled: capacity,
            next: capacity,
            planned: len,
        }
    }

    /// The next `N` unused bytes, refilling the batch from the OS when fewer are left.
    pub(crate) fn take<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        if self.filled - self.next < N {
            if self.bytes.len() < N {
                // Only for a batch sized below one word; the old buffer is wiped as it drops.
                self.bytes = Wiped::new(N);
            }
            // What the operation still expects to use (at least a few words, should it need
            // more than it expected), within the buffer.
            let want = self.planned.max(64).clamp(N, self.bytes.len());
            fill(&mut self.bytes[..want])?;
            self.planned = self.planned.saturating_sub(want);
            self.filled = want;
            self.next = 0;
        }
        let mut word = [0; N];
        word.copy_from_slice(&self.bytes[self.next..self.next + N]);
        self.next += N;
        Ok(word)
    }

    /// The next 64 random bits.
    pub(crate) fn u64(&mut self) -> Result<u64, Error> {
        self.take().map(u64::from_le_bytes)
    }
}
