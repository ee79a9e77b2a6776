//! The policies of `password_policy!` constants, decoded once each.
//!
//! The expansion embeds a policy as one byte string (see `secrets_policy::__private::encoded`),
//! which costs the compiler next to nothing; the first use decodes it here, and every later use
//! finds the decoded policy (and so its unranking tables) by the address of those bytes. The
//! bytes are `'static` and never change, so an address and a length name one policy for the
//! life of the program; a constant copied to two addresses (the compiler may duplicate it) is
//! decoded twice, to equal policies.
//!
//! Lookups take no lock: a fixed table of cells, probed from the address's hash; the rare
//! program with more constants in use than the table holds keeps the rest in a locked list.

use std::sync::{Mutex, OnceLock};

use secrets_policy::CheckedPolicy;

/// Room for this many constants without a lock (a power of two).
const SLOTS: usize = 64;

struct Entry {
    /// The address and length of the bytes.
    key: (usize, usize),
    rules: OnceLock<CheckedPolicy>,
}

impl Entry {
    fn rules(&'static self, bytes: &[u8]) -> &'static CheckedPolicy {
        self.rules
            .get_or_init(|| secrets_policy::__private::encoded::decode(bytes))
    }
}

static TABLE: [OnceLock<Entry>; SLOTS] = [const { OnceLock::new() }; SLOTS];
static OVERFLOW: Mutex<Vec<&'static Entry>> = Mutex::new(Vec::new());

/// The policy `bytes` encode, decoded on first use.
pub(crate) fn rules(bytes: &'static [u8]) -> &'static CheckedPolicy {
    let key = (bytes.as_ptr() as usize, bytes.len());
    // Constants are at least a few dozen bytes apart: the address without its low bits, mixed.
    let start = (key.0 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> 8;
    for probe in 0..SLOTS {
        let slot = &TABLE[(start + probe) % SLOTS];
        let entry = slot.get_or_init(|| Entry {
            key,
            rules: OnceLock::new(),
        });
        if entry.key == key {
            return entry.rules(bytes);
        }
    }
    // A poisoned lock only means another thread panicked while decoding: the list is intact.
    let mut overflow = OVERFLOW
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let entry = if let Some(entry) = overflow.iter().find(|entry| entry.key == key) {
        *entry
    } else {
        // Kept for the life of the program, like the constant it decodes.
        let entry: &'static Entry = Box::leak(Box::new(Entry {
            key,
            rules: OnceLock::new(),
        }));
        overflow.push(entry);
        entry
    };
    drop(overflow);
    entry.rules(bytes)
}

#[cfg(all(test, feature = "parse"))]
mod tests {
    use super::{rules, SLOTS};

    #[test]
    fn more_constants_than_the_table_holds_each_decode_to_their_own_policy() {
        let policies: Vec<(String, &'static [u8])> = (0..SLOTS + 10)
            .map(|i| {
                let text = format!("len = {}, digits >= 1", 4 + i % 200);
                let policy = secrets_policy::CheckedPolicy::parse(&text).unwrap();
                let bytes = secrets_policy::__private::encoded::encode(&policy);
                (text, &*Box::leak(bytes.into_boxed_slice()))
            })
            .collect();
        for _ in 0..2 {
            for (text, bytes) in &policies {
                let decoded = rules(bytes);
                assert_eq!(
                    decoded,
                    &secrets_policy::CheckedPolicy::parse(text).unwrap()
                );
                assert!(std::ptr::eq(decoded, rules(bytes)), "decoded once: {text}");
            }
        }
    }
}
