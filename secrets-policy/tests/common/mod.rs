//! What the integration tests' independent models share: a fixed random generator and the
//! definition of a sequence, written apart from the rule core.

#![allow(dead_code)] // Each test uses part of it.

/// A small deterministic generator, so the cases are the same on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn word(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        ((self.word() >> 33) % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A non-empty subset of `chars`, in order.
    pub fn subset(&mut self, chars: &str) -> String {
        loop {
            let subset: String = chars.chars().filter(|_| self.chance(50)).collect();
            if !subset.is_empty() {
                return subset;
            }
        }
    }
}

/// The longest run of characters that step by one in the same direction within `a-z`, `A-Z`
/// or `0-9`, counted in characters (`abc` and `cba` are runs of 3).
pub fn longest_sequence(chars: &[char]) -> usize {
    let same_range = |a: char, b: char| {
        [('a', 'z'), ('A', 'Z'), ('0', '9')]
            .iter()
            .any(|&(low, high)| (low..=high).contains(&a) && (low..=high).contains(&b))
    };
    let mut longest = usize::from(!chars.is_empty());
    // For each start, follow the steps in one direction as far as they go.
    for start in 0..chars.len() {
        for direction in [1i32, -1] {
            let mut end = start;
            while end + 1 < chars.len()
                && same_range(chars[end], chars[end + 1])
                && chars[end + 1] as i32 - chars[end] as i32 == direction
            {
                end += 1;
            }
            longest = longest.max(end - start + 1);
        }
    }
    longest
}

/// Whether each count rule `(characters, min, max)` holds for `password`.
pub fn counts_hold<'a>(
    password: &[char],
    counts: impl IntoIterator<Item = (&'a std::collections::BTreeSet<char>, usize, usize)>,
) -> bool {
    counts.into_iter().all(|(chars, min, max)| {
        let n = password.iter().filter(|c| chars.contains(c)).count();
        (min..=max).contains(&n)
    })
}

/// Whether `password` keeps the run limits: no run of one repeated character longer than
/// `max_consecutive`, no sequence longer than `max_sequential`.
pub fn runs_hold(
    password: &[char],
    max_consecutive: Option<usize>,
    max_sequential: Option<usize>,
) -> bool {
    let longest_run = password
        .chunk_by(|a, b| a == b)
        .map(<[char]>::len)
        .max()
        .unwrap_or(0);
    max_consecutive.is_none_or(|limit| longest_run <= limit)
        && max_sequential.is_none_or(|limit| longest_sequence(password) <= limit)
}

/// Writes the run limits that are set, as rules.
pub fn push_run_limits(
    rules: &mut Vec<String>,
    max_consecutive: Option<usize>,
    max_sequential: Option<usize>,
) {
    for (name, limit) in [
        ("max_consecutive", max_consecutive),
        ("max_sequential", max_sequential),
    ] {
        if let Some(limit) = limit {
            rules.push(format!("{name} = {limit}"));
        }
    }
}

/// A password of `policy` from an index the fixed generator draws (by the sampler's
/// multiply-and-reject), through the sampler's walk (and its check, for a walk of a relaxation), or by Python's loop
/// for a policy drawn by rejection.
pub fn draw(policy: &secrets_policy::CheckedPolicy, rng: &mut Lcg) -> Vec<char> {
    let sampler = policy.sampler();
    let mut scratch = sampler.scratch();
    let mut indices = vec![0u8; policy.len()];
    let chars = |indices: &[u8]| {
        indices
            .iter()
            .map(|&i| policy.alphabet()[usize::from(i)])
            .collect()
    };
    if sampler.by_rejection() {
        // Python's loop: random strings of the alphabet until one satisfies the rules.
        loop {
            for slot in &mut indices {
                *slot = rng.below(policy.alphabet().len()) as u8;
            }
            if policy.accepts_indices(&indices) {
                return chars(&indices);
            }
        }
    }
    loop {
        let words: Vec<u64> = (0..sampler.words()).map(|_| rng.word()).collect();
        if !sampler.index_from_random(&words, &mut scratch) {
            continue;
        }
        sampler.unrank(&mut scratch, &mut indices);
        if sampler.keeps(&indices) {
            return chars(&indices);
        }
    }
}
