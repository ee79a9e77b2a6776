//! A survey of realistic policies (issue 14's shapes): `len` 8 to 256, two to four classes with
//! minimums up to `len / 4`, some maximums, unions and quoted sets that overlap the classes,
//! `max_consecutive` and `max_sequential` alone or together. The goal is that none is refused
//! as too intricate; the test records the refusals left by shape, which may only fall. Every
//! password drawn satisfies an independent model of the rules, and where the
//! model can count (short passwords), its count is the policy's.
//!
//! The model shares no code with the rule core: it reads the rules from the same random
//! description the policy text is written from. Indices are drawn from a fixed generator, so the
//! cases are the same on every run. `cargo test -p secrets-policy --test survey -- --nocapture`
//! prints the refusals by shape. `SURVEY_SEED=N` (a number) draws the cases from another seed
//! to look for refusals elsewhere: the shapes' tallies printed are then that seed's, and the
//! refusals left are not asserted (they are recorded for the default seed, 14).

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{counts_hold, draw, longest_sequence, push_run_limits, runs_hold, Lcg};
use secrets_policy::{CheckedPolicy, DiagnosticKind};

/// What the model's counter keeps of a prefix: the capped counts, the last character, its
/// repeat run, and the direction and length of the sequence it ends.
type State = (Vec<usize>, Option<char>, usize, i32, usize);

/// One count rule of the model.
#[derive(Debug)]
struct Count {
    chars: BTreeSet<char>,
    min: usize,
    max: usize,
}

/// A random policy, as text and as a model (its alphabet in the classes' order).
#[derive(Debug)]
struct Case {
    text: String,
    len: usize,
    alphabet: Vec<char>,
    counts: Vec<Count>,
    max_consecutive: Option<usize>,
    max_sequential: Option<usize>,
}

const CLASSES: [(&str, &str); 4] = [
    ("lower", "abcdefghijklmnopqrstuvwxyz"),
    ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("digits", "0123456789"),
    ("symbols", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
];

/// The shapes of run limits, in the survey's tally.
const SHAPES: [&str; 4] = ["no run limits", "max_consecutive", "max_sequential", "both"];

fn random_case(rng: &mut Lcg, shape: usize) -> Case {
    let len = match rng.below(10) {
        0..=4 => 8 + rng.below(25),
        5..=7 => 33 + rng.below(96),
        _ => 129 + rng.below(128),
    };
    let mut rules = vec![format!("len = {len}")];
    // Two to four classes; the default classes left out are removed.
    let classes = 2 + rng.below(3);
    let mut chosen: Vec<usize> = (0..4).collect();
    while chosen.len() > classes {
        chosen.remove(rng.below(chosen.len()));
    }
    let mut alphabet = Vec::new();
    let mut counts = Vec::new();
    let cap = (len / 4).min(if rng.chance(80) { 8 } else { len });
    for (i, (name, chars)) in CLASSES.iter().enumerate() {
        if !chosen.contains(&i) {
            if *name != "symbols" {
                rules.push(format!("{name} == 0"));
            }
            continue;
        }
        alphabet.extend(chars.chars());
        let min = rng.below(cap + 1);
        rules.push(format!("{name} >= {min}"));
        let max = if rng.chance(20) {
            let max = (min + rng.below(len)).clamp(min.max(1), len);
            rules.push(format!("{name} <= {max}"));
            max
        } else {
            len
        };
        counts.push(Count {
            chars: chars.chars().collect(),
            min,
            max,
        });
    }
    // A union of two classes, or a quoted set inside one, which overlap the class rules.
    if rng.chance(30) {
        let (a, b) = (chosen[0], chosen[1]);
        let min = rng.below(cap + 1);
        rules.push(format!("{} | {} >= {min}", CLASSES[a].0, CLASSES[b].0));
        counts.push(Count {
            chars: CLASSES[a].1.chars().chain(CLASSES[b].1.chars()).collect(),
            min,
            max: len,
        });
    }
    if rng.chance(25) {
        let pool = CLASSES[chosen[rng.below(chosen.len())]].1;
        let set: String = pool.chars().filter(|_| rng.chance(30)).take(6).collect();
        if !set.is_empty() && !set.contains('"') && !set.contains('\\') {
            let min = rng.below(cap.min(4) + 1);
            rules.push(format!("\"{set}\" >= {min}"));
            counts.push(Count {
                chars: set.chars().collect(),
                min,
                max: len,
            });
        }
    }
    let max_consecutive = (shape & 1 == 1).then(|| 1 + rng.below(3));
    let max_sequential = (shape & 2 == 2).then(|| 2 + rng.below(3));
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
    fn allows(&self, password: &[char]) -> bool {
        let counts = self.counts.iter().map(|c| (&c.chars, c.min, c.max));
        password.len() == self.len
            && password.iter().all(|c| self.alphabet.contains(c))
            && counts_hold(password, counts)
            && runs_hold(password, self.max_consecutive, self.max_sequential)
    }

    /// The number of passwords, by a dynamic program over characters whose state is the whole
    /// history that matters (each count, capped where no bound can tell it apart, the last
    /// character, its run, and the direction and length of the sequence it ends), or `None`
    /// when that would take more than `budget` steps or the count passes `u128`.
    fn count(&self, budget: usize) -> Option<u128> {
        if self.len as f64 * (self.alphabet.len() as f64).log2() >= 127.0 {
            return None;
        }
        let caps: Vec<usize> = self
            .counts
            .iter()
            .map(|count| {
                if count.max < self.len {
                    count.max + 1
                } else {
                    count.min
                }
            })
            .collect();
        let mut layer: HashMap<State, u128> =
            HashMap::from([((vec![0; caps.len()], None, 0, 0, 0), 1)]);
        let mut steps = 0usize;
        for _ in 0..self.len {
            steps += layer.len() * self.alphabet.len();
            if steps > budget {
                return None;
            }
            let mut next: HashMap<State, u128> = HashMap::new();
            for ((counts, last, run, direction, sequence), ways) in &layer {
                for &c in &self.alphabet {
                    let counts: Vec<usize> = counts
                        .iter()
                        .zip(&self.counts)
                        .zip(&caps)
                        .map(|((&n, count), &cap)| {
                            (n + usize::from(count.chars.contains(&c))).min(cap)
                        })
                        .collect();
                    if counts
                        .iter()
                        .zip(&self.counts)
                        .any(|(&n, count)| n > count.max)
                    {
                        continue;
                    }
                    let run = if *last == Some(c) { run + 1 } else { 1 };
                    if self.max_consecutive.is_some_and(|limit| run > limit) {
                        continue;
                    }
                    let step = last
                        .filter(|&l| longest_sequence(&[l, c]) == 2)
                        .map_or(0, |l| c as i32 - l as i32);
                    let (direction, sequence) = if step != 0 && step == *direction {
                        (step, sequence + 1)
                    } else if step != 0 {
                        (step, 2)
                    } else {
                        (0, 1)
                    };
                    if self.max_sequential.is_some_and(|limit| sequence > limit) {
                        continue;
                    }
                    let (last, run) =
                        if self.max_consecutive.is_some() || self.max_sequential.is_some() {
                            (Some(c), run)
                        } else {
                            (None, 0)
                        };
                    *next
                        .entry((counts, last, run, direction, sequence))
                        .or_default() += ways;
                }
            }
            layer = next;
        }
        Some(
            layer
                .iter()
                .filter(|((counts, ..), _)| {
                    counts
                        .iter()
                        .zip(&self.counts)
                        .all(|(&n, count)| n >= count.min)
                })
                .map(|(_, &ways)| ways)
                .sum(),
        )
    }
}

/// Parses `text`, checks that its sampler keeps at least half of its draws (and walks a
/// relaxation, when `relaxed`), and draws `passwords` passwords that its own checker and the
/// independent run check accept.
fn assert_accepted_and_drawn(text: &str, relaxed: bool, passwords: usize, draws: &mut Lcg) {
    let policy = CheckedPolicy::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
    let sampler = policy.sampler();
    if relaxed {
        assert!(sampler.walks_a_relaxation(), "{text}");
    }
    assert!(
        sampler.acceptance() >= 0.5,
        "{text}: {}",
        sampler.acceptance()
    );
    for _ in 0..passwords {
        let password: String = draw(&policy, draws).into_iter().collect();
        assert!(policy.is_satisfied_by(&password), "{text}: {password}");
        let chars: Vec<char> = password.chars().collect();
        assert!(
            runs_hold(&chars, policy.max_consecutive(), policy.max_sequential()),
            "{text}: {password}"
        );
    }
}

#[test]
fn no_realistic_policy_is_refused_and_every_one_draws_what_it_counts() {
    let seed = match std::env::var("SURVEY_SEED") {
        Ok(text) => Some(
            text.parse::<u64>()
                .unwrap_or_else(|error| panic!("SURVEY_SEED={text:?}: {error}")),
        ),
        Err(_) => None,
    };
    let mut rng = Lcg(seed.unwrap_or(14));
    // The draws have a generator of their own, so that the cases do not depend on them.
    let mut draws = Lcg(41);
    let mut refused = [0usize; 4];
    let mut accepted = [0usize; 4];
    let mut counted = [0usize; 4];
    let mut examples = Vec::new();
    let mut longest = 0;
    for case_number in 0..400 {
        let shape = case_number % 4;
        let case = random_case(&mut rng, shape);
        let policy = match CheckedPolicy::parse(&case.text) {
            Ok(policy) => policy,
            Err(error) => {
                let kinds: Vec<DiagnosticKind> = error
                    .diagnostics()
                    .iter()
                    .map(secrets_policy::Diagnostic::kind)
                    .collect();
                // Minimums that add up past the length, or a maximum below a minimum, are
                // impossible policies: refused, but not as too intricate.
                if kinds.contains(&DiagnosticKind::TooIntricate) {
                    refused[shape] += 1;
                    examples.push(format!(
                        "{} -- {}",
                        case.text,
                        error.diagnostics()[0].message()
                    ));
                }
                continue;
            }
        };
        accepted[shape] += 1;
        longest = longest.max(case.len);
        assert_eq!(policy.alphabet(), case.alphabet, "{}", case.text);
        for _ in 0..3 {
            let password = draw(&policy, &mut draws);
            assert!(case.allows(&password), "{}: {password:?}", case.text);
        }
        if let Some(expected) = case.count(1_000_000) {
            assert_eq!(policy.password_count(), Some(expected), "{}", case.text);
            counted[shape] += 1;
        }
    }
    for (shape, name) in SHAPES.iter().enumerate() {
        println!(
            "{name}: {} refused as too intricate, {} accepted, {} counted by the model",
            refused[shape], accepted[shape], counted[shape]
        );
    }
    for example in &examples {
        println!("refused: {example}");
    }
    // The default seed's cases are the recorded ones: another seed's only check the passwords
    // and counts above, and print their refusals.
    if seed.is_some() {
        return;
    }
    // The survey must reach long policies and every shape, and count some of each by the model.
    assert!(longest > 200, "{longest}");
    assert!(accepted.iter().all(|&n| n > 30), "{accepted:?}");
    assert!(counted.iter().all(|&n| n > 5), "{counted:?}");
    // The goal is none; these are the refusals left (by shape), which may only fall: lower
    // them when a change clears some.
    let left = [0, 0, 1, 4];
    for shape in 0..4 {
        assert!(
            refused[shape] <= left[shape],
            "{}: {} refused, {} before",
            SHAPES[shape],
            refused[shape],
            left[shape]
        );
    }
}

/// The policies issue 14 reported refused, each one a user could write.
const REPORTED: [&str; 4] = [
    "len = 14, upper >= 2, lower >= 5, digits >= 5, symbols <= 11, symbols >= 1, max_sequential = 3",
    "len = 18, symbols >= 4, digits <= 1, upper >= 5, digits >= 1, lower >= 7, max_sequential = 2",
    "len = 11, upper >= 2, lower >= 3, digits >= 0, \"!@#$\" >= 3, symbols >= 1, upper <= 6, \
     symbols <= 10, max_sequential = 2",
    "len = 128, lower >= 5, upper >= 5, digits >= 5, symbols >= 5, max_consecutive = 2",
];

/// Every one is accepted and draws passwords its own checker accepts. The first and the last
/// (the old stretch goal, `max_consecutive` at `len = 128` with four minimums) are walked
/// through a relaxation (the policy without its run limits, or without the count bounds nearly
/// every string meets), counted without a walk's tables, and keep at least half of the draws.
#[test]
fn the_reported_policies_are_accepted() {
    let mut draws = Lcg(7);
    for (i, text) in REPORTED.iter().enumerate() {
        assert_accepted_and_drawn(text, i == 0 || i == 3, 20, &mut draws);
    }
}

/// Policies with `max_sequential` the survey used to refuse: long ones with small minimums, and
/// quoted sets that split a sequence range between constraints (`"12"` inside `digits`).
const CLEARED_SEQUENTIAL: [&str; 4] = [
    "len = 216, lower >= 1, upper >= 8, digits >= 3, symbols >= 1, max_sequential = 3",
    "len = 247, lower == 0, upper >= 2, digits >= 3, symbols >= 8, upper | digits >= 0, \
     max_sequential = 2",
    "len = 149, lower >= 3, upper == 0, digits >= 5, \"12\" >= 2, max_sequential = 3",
    "len = 58, lower >= 7, upper >= 6, digits >= 3, digits <= 48, \"01378\" >= 4, \
     max_consecutive = 1, max_sequential = 2",
];

/// Each is counted exactly (without a walk's tables), walked through a relaxation that keeps at
/// least half of its draws, and draws passwords its own checker and the run checker accept.
#[test]
fn the_cleared_sequential_policies_are_accepted() {
    let mut draws = Lcg(11);
    for text in CLEARED_SEQUENTIAL {
        assert_accepted_and_drawn(text, true, 20, &mut draws);
    }
}

/// The survey's refusals without `max_sequential` that counting now handles: a union a class's
/// minimum implies, caps past half of `len`, a maximum no password reaches, large minimums.
/// (Each was refused as too intricate before.)
const CLEARED: [&str; 6] = [
    "len = 160, lower >= 2, upper >= 1, digits >= 6, symbols >= 2, symbols <= 126, max_consecutive = 3",
    "len = 225, lower >= 8, upper >= 3, digits >= 4, digits <= 21, symbols >= 4, lower | upper >= 7",
    "len = 116, lower >= 10, upper >= 12, upper <= 116, digits >= 26, digits <= 98, symbols >= 5, \
     lower | upper >= 15, \"acfhij\" >= 2, max_consecutive = 1",
    "len = 156, lower >= 5, lower <= 128, upper >= 6, upper <= 78, digits >= 2, symbols >= 8, \
     max_consecutive = 3",
    "len = 227, lower >= 12, upper >= 50, digits >= 11, symbols >= 6, max_consecutive = 2",
    "len = 138, lower >= 32, upper == 0, digits >= 26, symbols >= 22, symbols <= 48, \
     lower | digits >= 27, max_consecutive = 3",
];

/// Each is accepted, keeps at least half of its draws, and draws passwords its own checker
/// and the independent run check accept.
#[test]
fn the_policies_cleared_without_max_sequential_are_accepted() {
    let mut draws = Lcg(160);
    for text in CLEARED {
        assert_accepted_and_drawn(text, false, 5, &mut draws);
    }
}

/// Policies with `max_sequential` the survey used to refuse, most with quoted sets that split a
/// sequence range between constraints (spanning rows): counted now that a row's pieces come
/// from its clusters, and the groups' tables and interleavings sum in fixed-width limbs. Of the
/// last two, one was refused while a row whose characters a term tracks all did not stop at its
/// caps (in its pieces and its table's widths), the other while its estimate took a group of a
/// quoted set capped at 0 (no tracked piece fits) for one whose sums run up to `len` characters.
const CLEARED_GROUPS: [&str; 9] = [
    "len = 68, lower >= 10, upper == 0, digits >= 3, symbols >= 10, symbols <= 50, \
     lower | digits >= 13, \"aknsw\" >= 4, max_sequential = 2",
    "len = 103, lower >= 6, upper >= 0, digits >= 0, digits <= 15, symbols >= 0, \
     lower | upper >= 4, \"2468\" >= 3, max_consecutive = 1, max_sequential = 3",
    "len = 109, lower == 0, upper >= 6, digits >= 5, \"ACKPR\" >= 4, max_consecutive = 1, \
     max_sequential = 3",
    "len = 113, lower >= 6, upper >= 4, digits >= 6, digits <= 24, \"478\" >= 4, \
     max_consecutive = 3, max_sequential = 2",
    "len = 104, lower == 0, upper == 0, digits >= 6, digits <= 45, symbols >= 5, \
     digits | symbols >= 5, \"02379\" >= 2, max_consecutive = 2, max_sequential = 4",
    "len = 60, lower >= 5, lower <= 30, upper >= 6, digits >= 1, digits <= 5, symbols >= 3, \
     symbols <= 28, lower | upper >= 6, \"agmoqx\" >= 4, max_sequential = 2",
    "len = 181, lower >= 3, upper >= 0, digits >= 6, symbols >= 8, symbols <= 122, \
     max_sequential = 3",
    "len = 184, lower == 0, upper >= 6, digits >= 1, digits <= 141, symbols >= 7, \
     \"LMOPUW\" >= 2, max_consecutive = 2, max_sequential = 3",
    "len = 123, lower >= 7, upper >= 5, digits >= 0, digits <= 80, symbols >= 7, \
     lower | upper >= 5, \"cjlmrx\" >= 1, max_sequential = 4",
];

/// Each is counted exactly, walked through a relaxation that keeps at least half of its draws,
/// and draws passwords its own checker and the run checker accept.
#[test]
fn the_policies_cleared_by_the_groups_are_accepted() {
    let mut draws = Lcg(68);
    for text in CLEARED_GROUPS {
        assert_accepted_and_drawn(text, true, 10, &mut draws);
    }
}

/// A policy the survey refused while its two groups with large caps (`upper <= 77` and
/// `digits <= 53`, every entry of one multiplied by every entry of the other) were interleaved
/// only entry by entry: counted now that large interleavings are convolutions by residues.
const CLEARED_BY_RESIDUES: [&str; 1] = [
    "len = 181, lower >= 2, upper >= 6, upper <= 77, digits >= 0, digits <= 53, symbols >= 5, \
     lower | upper >= 6, max_consecutive = 1, max_sequential = 2",
];

/// Each is counted exactly, walked through a relaxation that keeps at least half of its draws,
/// and draws passwords its own checker and the run checker accept.
#[test]
fn the_policies_cleared_by_residues_are_accepted() {
    let mut draws = Lcg(181);
    for text in CLEARED_BY_RESIDUES {
        assert_accepted_and_drawn(text, true, 10, &mut draws);
    }
}
