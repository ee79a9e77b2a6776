//! The passwords a batch had made when the OS source failed are wiped before their memory is
//! freed: a global allocator looks at every block freed while a batch runs on this thread.
//!
//! Its own test binary, since the allocator is the whole binary's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use secrets_rt::failing_os::{self, Plan, ERROR};
use secrets_rt::{password_policy, Policy};

const CARD: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);

/// The system allocator, counting on the watching thread the freed blocks of the watched size
/// (a card password's ten bytes, allocated at its final size) and those of them that still held
/// a non-zero byte.
struct Watching;

thread_local! {
    static WATCHED_SIZE: Cell<usize> = const { Cell::new(0) };
    static FREED: Cell<usize> = const { Cell::new(0) };
    static FREED_UNWIPED: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to `System` unchanged; `dealloc` only reads the block it is
// handed, which is `layout.size()` bytes still owned by the caller until `System` frees it.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // `try_with`: the thread's locals may be gone while it exits.
        let watched = WATCHED_SIZE.try_with(Cell::get).unwrap_or(0);
        if watched != 0 && layout.size() == watched {
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            let _ = FREED.try_with(|n| n.set(n.get() + 1));
            if block.iter().any(|&b| b != 0) {
                let _ = FREED_UNWIPED.try_with(|n| n.set(n.get() + 1));
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Watching = Watching;

/// Runs `f` while watching blocks of `size` bytes: (freed, freed unwiped).
fn watch<T>(size: usize, f: impl FnOnce() -> T) -> (T, usize, usize) {
    FREED.with(|n| n.set(0));
    FREED_UNWIPED.with(|n| n.set(0));
    WATCHED_SIZE.with(|n| n.set(size));
    let value = f();
    WATCHED_SIZE.with(|n| n.set(0));
    (value, FREED.with(Cell::get), FREED_UNWIPED.with(Cell::get))
}

#[test]
fn a_batch_cut_short_by_the_os_wipes_the_passwords_it_made() {
    // 20,000 card passwords need more than the first 64 KiB batch of random bytes (about 8,000
    // passwords' worth): real bytes for the first read, then the failure.
    failing_os::set(Plan::UrandomThenFail { successes: 1 });
    let (result, freed, unwiped) = watch(10, || CARD.try_generate_many(20_000));
    assert_eq!(
        result.unwrap_err().to_string(),
        format!("operating system random source failed: {ERROR}")
    );
    assert_eq!(failing_os::calls(), 2);
    assert!(
        freed >= 5_000,
        "only {freed} passwords were made before the failure"
    );
    assert_eq!(unwiped, 0, "{unwiped} of {freed} passwords freed unwiped");

    // The panicking form takes the same path before it panics. The panic hook is silenced
    // meanwhile: printing a message (and a backtrace) makes small blocks of its own.
    failing_os::set(Plan::UrandomThenFail { successes: 1 });
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let (result, freed, unwiped) = watch(10, || {
        std::panic::catch_unwind(|| CARD.generate_many(20_000).len())
    });
    std::panic::set_hook(hook);
    assert!(
        result.is_err(),
        "generate_many returned under a failing source"
    );
    assert!(
        freed >= 5_000,
        "only {freed} passwords were made before the failure"
    );
    assert_eq!(unwiped, 0, "{unwiped} of {freed} passwords freed unwiped");
}

#[test]
fn the_watch_sees_passwords_freed_unwiped() {
    // The control: passwords dropped by the caller are not wiped (they are the caller's), and
    // the allocator sees them as such, so the test above can fail.
    failing_os::set(Plan::Urandom);
    let ((), freed, unwiped) = watch(10, || drop(CARD.generate_many(100)));
    assert_eq!(freed, 100);
    assert!(unwiped >= 99, "{unwiped}");
}
