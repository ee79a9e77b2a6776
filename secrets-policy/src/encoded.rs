//! A checked policy written as bytes: what the `password_policy!` expansion embeds.
//!
//! The macro emits one byte string literal per policy instead of a structure of borrowed parts:
//! the compiler type-checks and evaluates a literal at almost no cost, where a structure of
//! `Cow`s, slices of characters and constraints cost it milliseconds per policy. `secrets-rt`
//! decodes the bytes once, on first use, into the same [`CheckedPolicy`] the checks built.
//!
//! The numbers a `const fn` accessor returns sit at fixed offsets of a header, so that they stay
//! readable in constant expressions without decoding. All integers are little-endian.
//!
//! | bytes | what |
//! |---|---|
//! | 0..2 | `len` |
//! | 2..4, 4..6 | `max_consecutive`, `max_sequential` (0 when absent: a limit is at least 1) |
//! | 6 | flags: bit 0, `min_entropy` is present; bit 1, the count fits in a `u128` |
//! | 7 | format version |
//! | 8..16, 16..24, 24..32 | `min_entropy`, `entropy_bits`, `acceptance` (`f64` bits) |
//! | 32..48 | the count (`u128`) |
//! | 48.. | the four classes (`u16` byte length, UTF-8); the alphabet's size (`u16`) and a `u32` membership mask per character; the constraints (`u8` count; each: `min`, `max` as `u16`, the operands' count `u8`, each operand a tag `0` and a class index `u8`, or a tag `1` and a `u16` byte length and UTF-8); the walk the plan chose (below) |
//!
//! The walk (`walk_choice.rs`), so that the runtime builds the sampler without planning or counting
//! again: a tag `0` and a table (`0` positions, `1` sequences, `2` multinomial); a tag `1` (the
//! rejection loop) and the count; or a tag `2` (a relaxation's walk), a table, the left-out run
//! limits (`u8`: bit 0 `max_sequential`, bit 1 `max_consecutive`), the left-out minimums and
//! maximums (`u32` bit sets) and the policy's count. A count is its number of 64-bit limbs (`u16`)
//! and the limbs, least significant first.

use std::borrow::Cow;

use crate::class::Class;
use crate::nat::Nat;
use crate::policy::{CheckedPolicy, Constraint, Operand, SamplerCell};
use crate::walk_choice::{Relaxation, Table, WalkChoice};

/// The version byte: the macro and the runtime that decodes are released together, and a
/// mismatch fails loudly rather than misreading.
const VERSION: u8 = 2;

const HEADER: usize = 48;
const HAS_MIN_ENTROPY: u8 = 1;
const HAS_COUNT: u8 = 2;

/// The bytes of `policy` (the macro's side: only with the checks, which build the policies it
/// encodes).
#[cfg(feature = "checks")]
#[must_use]
pub fn encode(policy: &CheckedPolicy) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + 8 * policy.alphabet.len());
    out.extend(policy.len.to_le_bytes());
    out.extend(policy.max_consecutive.unwrap_or(0).to_le_bytes());
    out.extend(policy.max_sequential.unwrap_or(0).to_le_bytes());
    let flags = if policy.min_entropy.is_some() {
        HAS_MIN_ENTROPY
    } else {
        0
    } | if policy.count.is_some() { HAS_COUNT } else { 0 };
    out.extend([flags, VERSION]);
    out.extend(policy.min_entropy.unwrap_or(0.0).to_bits().to_le_bytes());
    out.extend(policy.entropy_bits.to_bits().to_le_bytes());
    out.extend(policy.acceptance.to_bits().to_le_bytes());
    out.extend(policy.count.unwrap_or(0).to_le_bytes());
    for class in &policy.classes {
        push_str(&mut out, class);
    }
    out.extend(short(policy.membership.len()).to_le_bytes());
    for mask in policy.membership.iter() {
        out.extend(mask.to_le_bytes());
    }
    out.push(u8::try_from(policy.constraints.len()).expect("at most MAX_CONSTRAINTS"));
    for constraint in policy.constraints.iter() {
        out.extend(constraint.min.to_le_bytes());
        out.extend(constraint.max.to_le_bytes());
        out.push(u8::try_from(constraint.target.len()).expect("few operands a rule"));
        for operand in constraint.target.iter() {
            match operand {
                Operand::Class(class) => out.extend([0, class.index() as u8]),
                Operand::Chars(chars) => {
                    out.push(1);
                    push_str(&mut out, chars);
                }
            }
        }
    }
    push_choice(&mut out, policy.sampler.choice());
    out
}

#[cfg(feature = "checks")]
fn push_choice(out: &mut Vec<u8>, choice: &WalkChoice) {
    let table = |table: &Table| match table {
        Table::Positions => 0,
        Table::Sequences => 1,
        Table::Multinomial => 2,
    };
    match choice {
        WalkChoice::Table(walked) => out.extend([0, table(walked)]),
        WalkChoice::Rejection(count) => {
            out.push(1);
            push_nat(out, count);
        }
        WalkChoice::Relaxed {
            relaxation,
            table: walked,
            passwords,
        } => {
            let runs = u8::from(relaxation.sequences) | u8::from(relaxation.repeats) << 1;
            out.extend([2, table(walked), runs]);
            out.extend(relaxation.minimums.to_le_bytes());
            out.extend(relaxation.maximums.to_le_bytes());
            push_nat(out, passwords);
        }
    }
}

#[cfg(feature = "checks")]
fn push_nat(out: &mut Vec<u8>, n: &Nat) {
    out.extend(short(n.limbs().len()).to_le_bytes());
    for limb in n.limbs() {
        out.extend(limb.to_le_bytes());
    }
}

#[cfg(feature = "checks")]
fn short(n: usize) -> u16 {
    u16::try_from(n).expect("a checked policy's parts are short")
}

#[cfg(feature = "checks")]
fn push_str(out: &mut Vec<u8>, text: &str) {
    out.extend(short(text.len()).to_le_bytes());
    out.extend(text.as_bytes());
}

/// The policy `bytes` (from [`encode`]) describe, with a sampler cell of its own.
///
/// # Panics
/// If the bytes are not what [`encode`] wrote (a macro and a runtime of different releases).
#[must_use]
pub fn decode(bytes: &[u8]) -> CheckedPolicy {
    assert!(
        bytes.len() >= HEADER && bytes[7] == VERSION,
        "a password_policy! constant from another release of secrets-macros"
    );
    // Plain loops, not iterator chains: the decoder is in every build of the crate, and each
    // chain is generic code compiled for its own closures.
    let mut reader = Reader { bytes, at: HEADER };
    let classes: [Cow<'static, str>; 4] = [
        Cow::Owned(reader.str()),
        Cow::Owned(reader.str()),
        Cow::Owned(reader.str()),
        Cow::Owned(reader.str()),
    ];
    let mut alphabet: Vec<char> = Vec::new();
    for class in &classes {
        alphabet.extend(class.chars());
    }
    let size = usize::from(reader.u16());
    let mut membership: Vec<u32> = Vec::with_capacity(size);
    for _ in 0..size {
        membership.push(reader.u32());
    }
    assert_eq!(size, alphabet.len(), "one mask a character");
    let rules = reader.u8();
    let mut constraints: Vec<Constraint> = Vec::with_capacity(usize::from(rules));
    for _ in 0..rules {
        let min = reader.u16();
        let max = reader.u16();
        let operands = reader.u8();
        let mut target: Vec<Operand> = Vec::with_capacity(usize::from(operands));
        for _ in 0..operands {
            target.push(match reader.u8() {
                0 => Operand::Class(Class::ALL[usize::from(reader.u8())]),
                _ => Operand::Chars(Cow::Owned(reader.str())),
            });
        }
        constraints.push(Constraint::__from_checked_parts(
            Cow::Owned(target),
            min,
            max,
        ));
    }
    let choice = reader.choice();
    assert_eq!(reader.at, bytes.len(), "nothing after the walk");
    CheckedPolicy::from_parts(
        len(bytes),
        classes,
        Cow::Owned(alphabet),
        Cow::Owned(membership),
        Cow::Owned(constraints),
        nonzero(u16_at(bytes, 2)),
        nonzero(u16_at(bytes, 4)),
        min_entropy(bytes),
        entropy_bits(bytes),
        acceptance(bytes),
        count(bytes),
        SamplerCell::new(choice, None),
    )
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> &[u8] {
        let part = &self.bytes[self.at..self.at + n];
        self.at += n;
        part
    }

    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take(2).try_into().expect("two bytes"))
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().expect("four bytes"))
    }

    fn table(&mut self) -> Table {
        match self.u8() {
            0 => Table::Positions,
            1 => Table::Sequences,
            2 => Table::Multinomial,
            tag => panic!("no table {tag}"),
        }
    }

    fn nat(&mut self) -> Nat {
        let n = self.u16();
        let mut limbs = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            limbs.push(u64::from_le_bytes(
                self.take(8).try_into().expect("eight bytes"),
            ));
        }
        Nat::from_limbs(limbs)
    }

    fn choice(&mut self) -> WalkChoice {
        match self.u8() {
            0 => WalkChoice::Table(self.table()),
            1 => WalkChoice::Rejection(self.nat()),
            2 => {
                let table = self.table();
                let runs = self.u8();
                let relaxation = Relaxation {
                    sequences: runs & 1 != 0,
                    repeats: runs & 2 != 0,
                    minimums: self.u32(),
                    maximums: self.u32(),
                };
                WalkChoice::Relaxed {
                    relaxation,
                    table,
                    passwords: self.nat(),
                }
            }
            tag => panic!("no walk {tag}"),
        }
    }

    fn str(&mut self) -> String {
        let n = usize::from(self.u16());
        String::from_utf8(self.take(n).to_vec()).expect("UTF-8 from the macro")
    }
}

const fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

const fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    let mut i = 0;
    while i < 8 {
        word[i] = bytes[at + i];
        i += 1;
    }
    u64::from_le_bytes(word)
}

const fn nonzero(n: u16) -> Option<u16> {
    if n == 0 {
        None
    } else {
        Some(n)
    }
}

/// `len`, read from the header.
#[must_use]
pub const fn len(bytes: &[u8]) -> u16 {
    u16_at(bytes, 0)
}

/// `max_consecutive`, read from the header.
#[must_use]
pub const fn max_consecutive(bytes: &[u8]) -> Option<usize> {
    match nonzero(u16_at(bytes, 2)) {
        Some(n) => Some(n as usize),
        None => None,
    }
}

/// `max_sequential`, read from the header.
#[must_use]
pub const fn max_sequential(bytes: &[u8]) -> Option<usize> {
    match nonzero(u16_at(bytes, 4)) {
        Some(n) => Some(n as usize),
        None => None,
    }
}

/// `min_entropy`, read from the header.
#[must_use]
pub const fn min_entropy(bytes: &[u8]) -> Option<f64> {
    if bytes[6] & HAS_MIN_ENTROPY == 0 {
        None
    } else {
        Some(f64::from_bits(u64_at(bytes, 8)))
    }
}

/// `entropy_bits`, read from the header.
#[must_use]
pub const fn entropy_bits(bytes: &[u8]) -> f64 {
    f64::from_bits(u64_at(bytes, 16))
}

/// The acceptance probability, read from the header.
#[must_use]
pub const fn acceptance(bytes: &[u8]) -> f64 {
    f64::from_bits(u64_at(bytes, 24))
}

/// The password count, read from the header.
#[must_use]
pub const fn count(bytes: &[u8]) -> Option<u128> {
    if bytes[6] & HAS_COUNT == 0 {
        return None;
    }
    let low = u64_at(bytes, 32) as u128;
    let high = u64_at(bytes, 40) as u128;
    Some(low | high << 64)
}

#[cfg(all(test, feature = "text"))]
mod tests {
    use super::{decode, encode};
    use crate::walk_choice::WalkChoice;
    use crate::CheckedPolicy;

    #[test]
    fn decoding_gives_back_the_policy_encoded() {
        let mut walks = Vec::new();
        for text in [
            "len = 10, lower >= 1, upper >= 1, digits >= 3",
            "len = 16, symbols = \"!@#$%^&*\", symbols >= 1, digits >= 2, exclude = \"Il1O0\"",
            "len = 12, lower | upper >= 3, \"!?\" >= 1, symbols >= 0, max_consecutive = 2",
            "len = 20, digits == 2, max_sequential = 3, min_entropy = 60",
            "len = 256, lower >= 60, upper >= 60, digits >= 60, symbols >= 60",
            "len = 8, lower = \"αβγδε\", upper >= 1",
            // Drawn by rejection: the bytes carry the count.
            "len = 256, \"a\" <= 250, \"b\" <= 250, \"c\" <= 250, \"d\" <= 250, \"e\" <= 250, \
             \"f\" <= 250, \"g\" <= 250, \"h\" <= 250",
            // Walked through a relaxation: the bytes carry it and the policy's count.
            "len = 18, symbols >= 4, digits <= 1, upper >= 5, digits >= 1, lower >= 7, \
             max_sequential = 2",
        ] {
            let policy = CheckedPolicy::parse(text).unwrap();
            let bytes = encode(&policy);
            let decoded = decode(&bytes);
            assert_eq!(decoded, policy, "{text}");
            assert_eq!(decoded.sampler.choice(), policy.sampler.choice(), "{text}");
            walks.push(decoded.sampler.choice().clone());
            assert_eq!(decoded.len(), usize::from(super::len(&bytes)));
            assert_eq!(decoded.max_consecutive(), super::max_consecutive(&bytes));
            assert_eq!(decoded.max_sequential(), super::max_sequential(&bytes));
            assert_eq!(decoded.min_entropy(), super::min_entropy(&bytes));
            // Bit for bit: the header holds the very `f64`s.
            assert_eq!(
                decoded.entropy_bits().to_bits(),
                super::entropy_bits(&bytes).to_bits()
            );
            assert_eq!(
                decoded.acceptance_probability().to_bits(),
                super::acceptance(&bytes).to_bits()
            );
            assert_eq!(decoded.password_count(), super::count(&bytes));
        }
        // Every kind of walk was encoded.
        assert!(walks
            .iter()
            .any(|walk| matches!(walk, WalkChoice::Table(_))));
        assert!(walks
            .iter()
            .any(|walk| matches!(walk, WalkChoice::Rejection(_))));
        assert!(walks
            .iter()
            .any(|walk| matches!(walk, WalkChoice::Relaxed { .. })));
    }
}
