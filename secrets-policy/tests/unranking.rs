//! Unranking, through the public API: on policies small enough to enumerate, written in the
//! grammar with every feature it has (custom classes, `exclude`, unions and quoted sets that
//! overlap, exact counts, maximums, `max_consecutive`), unranking `0 .. N` gives `N` distinct
//! passwords and they are exactly the passwords an independent model of the rules allows.
//!
//! The model here shares no code with the rule core: it reads the rules from the same random
//! description the policy text is written from, and checks strings by counting characters.

use std::collections::{BTreeSet, HashSet};

mod common;

use common::{counts_hold, push_run_limits, runs_hold, Lcg};
use secrets_policy::CheckedPolicy;

/// One count rule of the model: the characters it counts, and its bounds.
#[derive(Debug)]
struct Count {
    text: String,
    chars: BTreeSet<char>,
    min: usize,
    max: usize,
}

/// A random policy over tiny classes, as text and as a model.
#[derive(Debug)]
struct Case {
    text: String,
    len: usize,
    alphabet: BTreeSet<char>,
    counts: Vec<Count>,
    max_consecutive: Option<usize>,
    max_sequential: Option<usize>,
}

const CLASSES: [(&str, &str); 4] = [
    ("lower", "abcd"),
    ("upper", "XYZ"),
    ("digits", "012"),
    ("symbols", "!?"),
];

fn random_case(rng: &mut Lcg) -> Case {
    let len = 1 + rng.below(5);
    let mut rules = vec![format!("len = {len}")];
    // Each class: left out (== 0), or given a small custom set.
    let mut members: Vec<(&str, BTreeSet<char>)> = Vec::new();
    for (name, pool) in CLASSES {
        // Symbols are out unless a rule names them; the default classes are in unless removed.
        let present = if name == "symbols" {
            rng.chance(30)
        } else {
            rng.chance(75)
        };
        if present {
            let chars = rng.subset(pool);
            rules.push(format!("{name} = \"{chars}\""));
            members.push((name, chars.chars().collect()));
        } else if name != "symbols" {
            rules.push(format!("{name} == 0"));
        }
    }
    let mut alphabet: BTreeSet<char> = members.iter().flat_map(|(_, c)| c.clone()).collect();
    if rng.chance(25) && alphabet.len() > 2 {
        let excluded: Vec<char> = alphabet
            .iter()
            .copied()
            .filter(|_| rng.chance(30))
            .collect();
        if !excluded.is_empty() {
            let text: String = excluded.iter().collect();
            rules.push(format!("exclude = \"{text}\""));
            for c in &excluded {
                alphabet.remove(c);
            }
            for (_, chars) in &mut members {
                for c in &excluded {
                    chars.remove(c);
                }
            }
        }
    }
    // Count rules on classes, unions of classes and quoted sets (which may overlap each other).
    let mut counts = Vec::new();
    for _ in 0..rng.below(4) {
        let mut operands: Vec<String> = Vec::new();
        let mut chars = BTreeSet::new();
        for _ in 0..=rng.below(2) {
            if rng.chance(50) && !members.is_empty() {
                let (name, class) = &members[rng.below(members.len())];
                if operands.contains(&(*name).to_owned()) {
                    continue;
                }
                operands.push((*name).to_owned());
                chars.extend(class);
            } else if !alphabet.is_empty() {
                let all: String = alphabet.iter().collect();
                let set = rng.subset(&all);
                let quoted = format!("\"{set}\"");
                if operands.contains(&quoted) {
                    continue;
                }
                operands.push(quoted);
                chars.extend(set.chars());
            }
        }
        if operands.is_empty() {
            continue;
        }
        let target = operands.join(" | ");
        let n = rng.below(len + 1).min(1 + rng.below(3));
        let (op, min, max) = match rng.below(3) {
            0 => (">=", n, len),
            1 => ("<=", 0, n),
            _ => ("==", n, n),
        };
        counts.push(Count {
            text: format!("{target} {op} {n}"),
            chars,
            min,
            max,
        });
    }
    rules.extend(counts.iter().map(|count| count.text.clone()));
    let max_consecutive = rng.chance(30).then(|| 1 + rng.below(2));
    let max_sequential = rng.chance(30).then(|| 1 + rng.below(2));
    push_run_limits(&mut rules, max_consecutive, max_sequential);
    Case {
        text: rules.join(", "),
        len,
        alphabet,
        counts,
        max_consecutive,
        max_sequential,
    }
}

impl Case {
    /// Every password the model allows, by trying every string.
    fn allowed(&self) -> HashSet<String> {
        let alphabet: Vec<char> = self.alphabet.iter().copied().collect();
        let mut strings = vec![String::new()];
        for _ in 0..self.len {
            strings = strings
                .iter()
                .flat_map(|prefix| {
                    alphabet.iter().map(move |&c| {
                        let mut next = prefix.clone();
                        next.push(c);
                        next
                    })
                })
                .collect();
        }
        strings
            .into_iter()
            .filter(|password| self.allows(password))
            .collect()
    }

    fn allows(&self, password: &str) -> bool {
        let chars: Vec<char> = password.chars().collect();
        let counts = self.counts.iter().map(|c| (&c.chars, c.min, c.max));
        chars.len() == self.len
            && chars.iter().all(|c| self.alphabet.contains(c))
            && counts_hold(&chars, counts)
            && runs_hold(&chars, self.max_consecutive, self.max_sequential)
    }
}

/// The password with each index below the count, through the sampler.
fn unrank_all(policy: &CheckedPolicy) -> Vec<String> {
    let sampler = policy.sampler();
    let count = policy.password_count().expect("a small count");
    let mut scratch = sampler.scratch();
    let mut indices = vec![0u8; policy.len()];
    (0..count)
        .map(|index| {
            scratch.set_index(&[index as u64]);
            sampler.unrank(&mut scratch, &mut indices);
            indices
                .iter()
                .map(|&i| policy.alphabet()[usize::from(i)])
                .collect()
        })
        .collect()
}

#[test]
fn unranking_is_a_bijection_onto_the_allowed_passwords() {
    let mut rng = Lcg(2026);
    let mut accepted = 0;
    // overlapping targets, exclude, ==, max_consecutive, max_sequential
    let mut features = [0usize; 5];
    for _ in 0..2000 {
        let case = random_case(&mut rng);
        // Enumerating every string is the reference: keep it to a few thousand a case.
        if case.alphabet.len().pow(case.len as u32) > 5000 {
            continue;
        }
        let Ok(policy) = CheckedPolicy::parse(&case.text) else {
            continue;
        };
        accepted += 1;
        let model_alphabet: BTreeSet<char> = policy.alphabet().iter().copied().collect();
        assert_eq!(model_alphabet, case.alphabet, "{}", case.text);
        let expected = case.allowed();
        let all = unrank_all(&policy);
        let distinct: HashSet<String> = all.iter().cloned().collect();
        assert_eq!(all.len(), distinct.len(), "{}: a password twice", case.text);
        assert_eq!(distinct, expected, "{}", case.text);
        for password in &all {
            assert!(
                policy.is_satisfied_by(password),
                "{}: {password}",
                case.text
            );
        }
        let overlapping = case.counts.iter().enumerate().any(|(i, a)| {
            case.counts[i + 1..]
                .iter()
                .any(|b| a.chars.intersection(&b.chars).next().is_some())
        });
        features[0] += usize::from(overlapping);
        features[1] += usize::from(case.text.contains("exclude"));
        features[2] += usize::from(case.text.contains("=="));
        features[3] += usize::from(case.max_consecutive.is_some());
        features[4] += usize::from(case.max_sequential.is_some());
    }
    // The generator must reach every feature often, or the test proves little.
    assert!(accepted > 500, "{accepted} accepted");
    assert!(features.iter().all(|&n| n > 40), "{features:?}");
}

#[test]
fn the_samplers_count_is_the_policys_count() {
    for text in [
        "len = 10, lower >= 1, upper >= 1, digits >= 3",
        "len = 256, lower >= 60, upper >= 60, digits >= 60, symbols >= 60",
        "len = 64, lower >= 2, upper >= 2, digits >= 2, symbols >= 2, max_consecutive = 1",
        "len = 24, lower | upper <= 2, digits >= 1, symbols >= 1",
        "len = 40, lower | \"0123\" >= 9, upper | \"0\" <= 30, \"4567\" == 3",
        "len = 256",
    ] {
        let policy = CheckedPolicy::parse(text).unwrap();
        let words = policy.sampler().count_words();
        // log2 of the count from its words, against the checked entropy.
        let top = words.len() - 1;
        let bits = (words[top] as f64).log2() + 64.0 * top as f64;
        let bits = if top > 0 {
            // Two words of precision are enough for the comparison.
            (words[top] as f64 * 2f64.powi(64) + words[top - 1] as f64).log2()
                + 64.0 * (top - 1) as f64
        } else {
            bits
        };
        assert!(
            (bits - policy.entropy_bits()).abs() < 1e-9,
            "{text}: {bits} vs {}",
            policy.entropy_bits()
        );
        if let Some(count) = policy.password_count() {
            let from_words = words
                .iter()
                .rev()
                .fold(0u128, |n, &w| n << 64 | u128::from(w));
            assert_eq!(from_words, count, "{text}");
        }
    }
}

/// The memory bound: a policy's unranking tables take at most 32 MiB, plus at most 1 MiB of
/// precomputed blocks (a policy whose tables would need more is refused as too intricate, or
/// drawn by rejection when nearly every string satisfies it). Checked on the longest passwords,
/// with class minimums and limits on runs, which make the largest tables; the largest is
/// printed (`cargo test -p secrets-policy --test unranking memory -- --nocapture`).
#[test]
fn the_tables_of_the_longest_policies_stay_within_the_memory_bound() {
    const BOUND: usize = 33 << 20;
    let names = ["lower", "upper", "digits", "symbols"];
    let mut largest = (0, String::new());
    for minimum in [0, 2, 4] {
        for repeats in [None, Some(1), Some(2)] {
            for sequences in [None, Some(2)] {
                for classes in [2, 3, 4] {
                    let mut rules = vec!["len = 256, symbols >= 0".to_owned()];
                    for name in &names[..classes] {
                        rules.push(format!("{name} >= {minimum}"));
                    }
                    if let Some(limit) = repeats {
                        rules.push(format!("max_consecutive = {limit}"));
                    }
                    if let Some(limit) = sequences {
                        rules.push(format!("max_sequential = {limit}"));
                    }
                    let text = rules.join(", ");
                    let Ok(policy) = CheckedPolicy::parse(&text) else {
                        continue;
                    };
                    let bytes = policy.sampler().table_bytes();
                    assert!(bytes <= BOUND, "{text}: {bytes} bytes");
                    if bytes > largest.0 {
                        largest = (bytes, text);
                    }
                }
            }
        }
    }
    println!("largest tables: {} bytes, {}", largest.0, largest.1);
    // The grid reaches policies with tables of several megabytes, or it tests little.
    assert!(largest.0 > 4 << 20, "{largest:?}");
}
