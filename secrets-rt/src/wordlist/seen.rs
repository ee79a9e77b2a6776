//! `Seen`: the words of a list being loaded, found again by hash to drop repeats.
//!
//! A small open-addressing table written here rather than a hash map from a crate: it stores
//! 4-byte word numbers (the words themselves stay in the loader's one buffer), and an
//! application that never loads a list compiles none of it (every function is `#[inline]`, see
//! `lib.rs`), where a hash map crate is compiled in full by every build with passphrases.

/// Word numbers in slots found by their word's hash (linear probing), with one byte of the
/// hash beside each slot, so that a probe reads a word (scattered in memory) only when that
/// byte matches: once for a new word in some 128 occupied slots probed, and once for a repeat.
pub(super) struct Seen {
    /// Per slot: 0 when empty, else the top 7 bits of the word's hash with the high bit set.
    tags: Vec<u8>,
    /// Per slot: the word's number, when the slot is occupied.
    numbers: Vec<u32>,
    /// The occupied slots, at most 7/8 of them (so that a probe ends on an empty slot soon).
    len: usize,
}

/// The slots of the first table: room for [`Wordlist::MIN_LEN`](super::Wordlist::MIN_LEN)
/// words and more without growing.
const FIRST_SLOTS: usize = 2048;

impl Seen {
    #[inline]
    pub(super) fn new() -> Seen {
        Seen {
            tags: Vec::new(),
            numbers: Vec::new(),
            len: 0,
        }
    }

    /// Records word `number`, whose hash is `hash`, unless `is_same` finds an equal word among
    /// those recorded with the same byte of the hash; returns whether it was recorded.
    /// `hash_of` gives the hash of a recorded word, to move it when the table grows.
    #[inline]
    pub(super) fn insert_if_new(
        &mut self,
        hash: u64,
        number: u32,
        mut is_same: impl FnMut(u32) -> bool,
        hash_of: impl Fn(u32) -> u64,
    ) -> bool {
        if (self.len + 1) * 8 > self.tags.len() * 7 {
            self.grow(hash_of);
        }
        let tag = tag_of(hash);
        let mask = self.tags.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            match self.tags[slot] {
                0 => {
                    self.tags[slot] = tag;
                    self.numbers[slot] = number;
                    self.len += 1;
                    return true;
                }
                other if other == tag && is_same(self.numbers[slot]) => return false,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Doubles the slots (the first time, makes [`FIRST_SLOTS`]) and moves every word to its
    /// place in the larger table.
    #[inline]
    fn grow(&mut self, hash_of: impl Fn(u32) -> u64) {
        let slots = (self.tags.len() * 2).max(FIRST_SLOTS);
        let tags = std::mem::replace(&mut self.tags, vec![0; slots]);
        let numbers = std::mem::replace(&mut self.numbers, vec![0; slots]);
        let mask = slots - 1;
        for (tag, number) in tags.into_iter().zip(numbers) {
            if tag == 0 {
                continue;
            }
            let mut slot = hash_of(number) as usize & mask;
            while self.tags[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.tags[slot] = tag;
            self.numbers[slot] = number;
        }
    }
}

/// The byte kept beside a slot: the hash's top 7 bits (the slot comes from its low bits) with
/// the high bit set, so that no occupied slot's byte is 0.
#[inline]
fn tag_of(hash: u64) -> u8 {
    0x80 | (hash >> 57) as u8
}

#[cfg(test)]
mod tests {
    use super::Seen;

    /// Hashes chosen to collide: every word in slot 0 or 1 of any table, half of them with the
    /// same byte beside the slot, so probing, growing and the comparisons all take part.
    fn colliding_hash(word: u32) -> u64 {
        u64::from(word % 2) << 57
    }

    #[test]
    fn records_each_distinct_word_once_through_collisions_and_growth() {
        let words: Vec<u32> = (0..3000).map(|i| i % 2500).collect();
        let mut seen = Seen::new();
        let mut kept = Vec::new();
        for &word in &words {
            let number = kept.len() as u32;
            let hash = colliding_hash(word);
            let new = seen.insert_if_new(
                hash,
                number,
                |other| kept[other as usize] == word,
                |other| colliding_hash(kept[other as usize]),
            );
            if new {
                kept.push(word);
            }
        }
        assert_eq!(kept, (0..2500).collect::<Vec<u32>>());
        assert_eq!(seen.len, 2500);
        assert!(seen.tags.len() >= 4096);
    }
}
