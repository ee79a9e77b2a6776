//! Test-only: the whole `secrets-rt` API, re-exported, over an OS random source that fails on
//! demand. Built with `--cfg getrandom_backend="custom"`, `getrandom` calls
//! [`__getrandom_v03_custom`] below instead of the OS; [`failing_os::set`] chooses, per thread,
//! what it does. The `secrets` binary of this crate reads its plan from the environment
//! ([`failing_os::PLAN_VARIABLE`]).

#[cfg(not(getrandom_backend = "custom"))]
compile_error!(
    "build this crate with RUSTFLAGS='--cfg getrandom_backend=\"custom\"' (tests/os_failure.rs \
     of the root package does)"
);

pub use real_secrets_rt::*;

/// What the OS random source does, per thread.
pub mod failing_os {
    use std::cell::Cell;

    /// The environment variable the `secrets` binary of this crate takes its plan from:
    /// `fail` (the default) or `zeros-then-fail:N`.
    pub const PLAN_VARIABLE: &str = "SECRETS_OS_PLAN";

    /// The error every failing call returns.
    pub const ERROR: getrandom::Error = getrandom::Error::new_custom(7);

    /// The byte a failing call writes over the first half of the buffer first, as a source that
    /// failed half way would: nothing must hand these out as random.
    pub const PARTIAL_BYTE: u8 = 0xA5;

    /// What the source does on this thread.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Plan {
        /// Real random bytes, from `/dev/urandom`: the shim works when the source does.
        Urandom,
        /// The next `successes` calls fill the buffer with zeros and succeed (the worst
        /// bytes a broken source could give); every later call writes [`PARTIAL_BYTE`] over
        /// the first half of the buffer and returns [`ERROR`].
        ZerosThenFail { successes: usize },
        /// The next `successes` calls give real random bytes (from `/dev/urandom`); every
        /// later call fails as in [`Plan::ZerosThenFail`]: an operation half done when the
        /// source fails.
        UrandomThenFail { successes: usize },
    }

    impl Plan {
        /// Every call fails.
        pub const FAIL: Plan = Plan::ZerosThenFail { successes: 0 };

        fn from_env() -> Plan {
            let value = std::env::var(PLAN_VARIABLE).unwrap_or_default();
            match value.strip_prefix("zeros-then-fail:") {
                Some(n) => Plan::ZerosThenFail {
                    successes: n.parse().expect("a number of successful calls"),
                },
                None if value == "urandom" => Plan::Urandom,
                None => Plan::FAIL,
            }
        }
    }

    thread_local! {
        static PLAN: Cell<Plan> = Cell::new(Plan::from_env());
        static CALLS: Cell<usize> = const { Cell::new(0) };
    }

    /// Sets this thread's plan and resets its call count.
    pub fn set(plan: Plan) {
        PLAN.with(|cell| cell.set(plan));
        CALLS.with(|cell| cell.set(0));
    }

    /// How many times this thread asked the source since [`set`].
    #[must_use]
    pub fn calls() -> usize {
        CALLS.with(Cell::get)
    }

    pub(crate) fn fill(dest: &mut [u8]) -> Result<(), getrandom::Error> {
        CALLS.with(|cell| cell.set(cell.get() + 1));
        match PLAN.with(Cell::get) {
            Plan::Urandom => {
                super::urandom(dest);
                Ok(())
            }
            Plan::UrandomThenFail { successes } if successes > 0 => {
                PLAN.with(|cell| {
                    cell.set(Plan::UrandomThenFail {
                        successes: successes - 1,
                    });
                });
                super::urandom(dest);
                Ok(())
            }
            Plan::ZerosThenFail { successes } if successes > 0 => {
                PLAN.with(|cell| {
                    cell.set(Plan::ZerosThenFail {
                        successes: successes - 1,
                    });
                });
                dest.fill(0);
                Ok(())
            }
            Plan::ZerosThenFail { .. } | Plan::UrandomThenFail { .. } => {
                let half = dest.len() / 2;
                dest[..half].fill(PARTIAL_BYTE);
                Err(ERROR)
            }
        }
    }
}

/// Fills `dest` with real random bytes.
fn urandom(dest: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(dest))
        .expect("read /dev/urandom");
}

/// The custom backend `getrandom` calls (see its README).
///
/// # Safety
/// `getrandom` passes a pointer to `len` writable bytes, which may be uninitialized.
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    // SAFETY: `dest` points to `len` writable bytes (getrandom's contract), not otherwise
    // borrowed during the call; zeroing them first makes them initialized, as getrandom's
    // README does, before they are seen as a `&mut [u8]`.
    let dest = unsafe {
        std::ptr::write_bytes(dest, 0, len);
        std::slice::from_raw_parts_mut(dest, len)
    };
    failing_os::fill(dest)
}
