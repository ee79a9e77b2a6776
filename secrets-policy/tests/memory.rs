//! Honest memory: the peak heap of parsing a policy and building its sampler, measured by a
//! counting global allocator, stays within 64 MiB: on the policies found with the largest peaks
//! (tables of nearly the 32 MiB the plan allows, at any length; the automaton with hubs of a
//! short `max_sequential` policy, whose working space outweighs its tables; websites' rules at
//! 256 characters), on a grid of long policies with class minimums, unions and run limits, and
//! on the policies once refused as too intricate. The largest peak is printed
//! (`cargo test -p secrets-policy --test memory -- --nocapture`).
//!
//! Its own test binary, since the allocator is the whole binary's.

#![allow(unsafe_code)] // A global allocator is an unsafe trait; it only counts and forwards.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use secrets_policy::CheckedPolicy;

/// The system allocator, keeping on each thread the bytes it holds and their peak.
struct Counting;

thread_local! {
    static HELD: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn held(change: impl FnOnce(usize) -> usize) {
    // `try_with`: the thread's locals may be gone while it exits.
    let _ = HELD.try_with(|held| {
        held.set(change(held.get()));
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(held.get())));
    });
}

// SAFETY: every call is passed on to `System` unchanged; the counting touches no memory of the
// blocks.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        held(|n| n + layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        held(|n| n.saturating_sub(layout.size()));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Both blocks may be held at once while the contents move.
        held(|n| n + new_size);
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        held(|n| n.saturating_sub(layout.size()));
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak heap, above what this thread held before, of parsing `text` and building its
/// sampler; `None` when the policy is refused.
/// A text starting `passwordrules:` is a website's rules, imported (which may check several
/// lengths in turn).
fn peak_of(text: &str) -> Option<usize> {
    let before = HELD.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let policy = match text.strip_prefix("passwordrules:") {
        Some(rules) => CheckedPolicy::from_passwordrules(rules).ok()?,
        None => CheckedPolicy::parse(text).ok()?,
    };
    let _ = policy.sampler();
    drop(policy);
    Some(PEAK.with(Cell::get) - before)
}

#[test]
fn parsing_any_policy_peaks_within_64_mib() {
    const BOUND: usize = 64 << 20;
    let names = ["lower", "upper", "digits", "symbols"];
    // 115 characters outside ASCII: a large alphabet, so wide table entries.
    let wide: String = (0xC0..0xC0 + 115).filter_map(char::from_u32).collect();
    let mut texts = vec![
        // Found by searching for the largest peaks (each number moved while the peak grew):
        // tables of 33.5 MB, which peaked at 67.1 MB when compacting them copied the table.
        "len = 216, symbols >= 0, lower >= 16, upper >= 10, digits >= 8".to_owned(),
        format!(
            "len = 103, symbols = \"{wide}\", lower >= 16, lower <= 27, upper >= 6, upper <= 23, \
             \"abcXYZ\" <= 8"
        ),
        "len = 124, symbols >= 0, lower >= 23, lower <= 36, upper >= 9, \"abcXYZ\" <= 11".to_owned(),
        "len = 48, symbols >= 0, lower >= 12, upper >= 12, digits >= 12, max_consecutive = 3".to_owned(),
        "len = 40, symbols >= 0, lower >= 8, upper >= 8, max_consecutive = 2, max_sequential = 2".to_owned(),
        // The automaton with hubs: working space 2.6 times its tables.
        "len = 14, symbols >= 0, lower >= 4, upper >= 6, lower | digits >= 8, max_sequential = 3".to_owned(),
        "len = 104, symbols >= 0, lower >= 0, upper >= 21, upper | \"!@#$\" >= 0, max_sequential = 2".to_owned(),
        // The largest peak found among websites' rules (8.3 MB).
        "passwordrules:minlength: 256; maxlength: 256; max-sequential: 3;".to_owned(),
        "passwordrules:minlength: 128; required: lower, upper; required: digit; \
         required: [-!@#]; max-consecutive: 2;"
            .to_owned(),
        // Once refused as too intricate.
        "len = 14, upper >= 2, lower >= 5, digits >= 5, symbols <= 11, symbols >= 1, max_sequential = 3".to_owned(),
        "len = 18, symbols >= 4, digits <= 1, upper >= 5, digits >= 1, lower >= 7, max_sequential = 2".to_owned(),
        "len = 11, upper >= 2, lower >= 3, digits >= 0, \"!@#$\" >= 3, symbols >= 1, upper <= 6, symbols <= 10, max_sequential = 2".to_owned(),
        "len = 128, lower >= 5, upper >= 5, digits >= 5, symbols >= 5, max_consecutive = 2".to_owned(),
        // Counted by complements with a union as one counter, and with quoted sets that split a
        // sequence range.
        "len = 106, lower >= 1, upper >= 7, digits >= 6, symbols >= 5, symbols <= 67, \
         lower | upper >= 4, max_consecutive = 3, max_sequential = 4"
            .to_owned(),
        "len = 149, lower >= 3, upper == 0, digits >= 5, \"12\" >= 2, max_sequential = 3".to_owned(),
        "len = 25, lower >= 2, upper >= 6, digits >= 6, symbols >= 3, symbols <= 22, \
         \"dikpst\" >= 4, max_consecutive = 3, max_sequential = 3"
            .to_owned(),
    ];
    for len in [64, 128, 256] {
        for minimum in [0, 2, 4, 8] {
            for runs in [
                "",
                ", max_consecutive = 1",
                ", max_consecutive = 2",
                ", max_sequential = 2",
                ", max_consecutive = 2, max_sequential = 3",
            ] {
                for classes in [2, 3, 4] {
                    let mut rules = vec![format!("len = {len}, symbols >= 0")];
                    for name in &names[..classes] {
                        rules.push(format!("{name} >= {minimum}"));
                    }
                    texts.push(rules.join(", ") + runs);
                    texts.push(rules.join(", ") + ", lower | digits >= 9" + runs);
                }
            }
        }
    }
    let mut largest = (0, String::new());
    let mut accepted = 0;
    for text in &texts {
        let Some(peak) = peak_of(text) else {
            continue;
        };
        accepted += 1;
        assert!(peak <= BOUND, "{text}: peaked at {peak} bytes");
        if peak > largest.0 {
            largest = (peak, text.clone());
        }
    }
    println!("largest peak: {} bytes, {}", largest.0, largest.1);
    // The policies reach tables of many megabytes, or the test tests little.
    assert!(
        accepted > 100 && largest.0 > 24 << 20,
        "{accepted} {largest:?}"
    );
}
