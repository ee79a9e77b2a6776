//! The real-world corpus: every website's `passwordrules` in `../shared/data/password-rules.json`
//! (apple/password-manager-resources, 434 sites) must import, and every password generated from
//! it must satisfy the site's rules as read by a checker of this file's own.
//!
//! The checker shares nothing with the importer or the rule core: it reads the rules its own
//! way (splitting properties with a bracket-aware scan, classes by `char` predicates), keeps the
//! characters the language ignores (`§` in `[!§$]` counts here, as the site meant it), and tests
//! a password directly: its length, that every character is allowed, the runs of one character,
//! and that each `required` property can be given a position of its own (a bipartite matching),
//! which is what "a repeated `required` means one more" asks.
//!
//! The file is read where it lies, outside the repository, and never copied into the project,
//! so a fresh clone does not have it. The test therefore never passes without it: locally it is
//! an ignored test that says why (run it with
//! `cargo test --test passwordrules_corpus -- --ignored`, which fails if the file is absent),
//! and where the environment variable `CI` is set, [`the_corpus_is_checked_in_ci`] runs it and
//! fails if the file is absent.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use secrets_rt::Policy;

/// The sites in the snapshot.
const SITES: usize = 434;

/// Passwords generated and checked per site.
const PASSWORDS_PER_SITE: usize = 4;

/// Sites whose rules are refused on import, with the reason. Every site imports today; a site
/// that starts failing shows up as a difference from this list.
const REFUSED: &[(&str, &str)] = &[];

/// A set of characters a site names: every character (`unicode`) or the listed ones.
#[derive(Clone, Debug)]
enum Chars {
    Any,
    Some(HashSet<char>),
}

impl Chars {
    fn contains(&self, c: char) -> bool {
        match self {
            Chars::Any => true,
            Chars::Some(set) => set.contains(&c),
        }
    }

    fn add(&mut self, other: &Chars) {
        match (&mut *self, other) {
            (Chars::Any, _) => {}
            (_, Chars::Any) => *self = Chars::Any,
            (Chars::Some(set), Chars::Some(more)) => set.extend(more),
        }
    }
}

/// A site's rules as this checker reads them.
#[derive(Debug)]
struct SiteRules {
    min_len: usize,
    max_len: Option<usize>,
    /// `max-repeating`, or `max-consecutive`, which the language now reads as both limits.
    max_repeating: Option<usize>,
    /// `max-sequential`, or `max-consecutive`.
    max_sequential: Option<usize>,
    required: Vec<Chars>,
    allowed: Chars,
}

impl SiteRules {
    fn read(text: &str) -> Result<SiteRules, String> {
        let mut rules = SiteRules {
            min_len: 0,
            max_len: None,
            max_repeating: None,
            max_sequential: None,
            required: Vec::new(),
            allowed: Chars::Some(HashSet::new()),
        };
        let mut any_allowed = false;
        for property in split_outside_brackets(text, ';') {
            let property = property.trim();
            if property.is_empty() {
                continue;
            }
            let (name, value) = property
                .split_once(':')
                .ok_or_else(|| format!("no `:` in `{property}`"))?;
            let value = value.trim();
            let number = || {
                value
                    .parse::<usize>()
                    .map_err(|e| format!("`{value}`: {e}"))
            };
            match name.trim() {
                "minlength" => rules.min_len = rules.min_len.max(number()?),
                "maxlength" => {
                    let max = number()?;
                    rules.max_len = Some(rules.max_len.map_or(max, |old| old.min(max)));
                }
                name @ ("max-consecutive" | "max-repeating" | "max-sequential") => {
                    let max = number()?;
                    let tighten = |limit: &mut Option<usize>| {
                        *limit = Some(limit.map_or(max, |old| old.min(max)));
                    };
                    if name != "max-sequential" {
                        tighten(&mut rules.max_repeating);
                    }
                    if name != "max-repeating" {
                        tighten(&mut rules.max_sequential);
                    }
                }
                name @ ("required" | "allowed") => {
                    let mut set = Chars::Some(HashSet::new());
                    for class in split_outside_brackets(value, ',') {
                        set.add(&read_class(class.trim())?);
                    }
                    rules.allowed.add(&set);
                    any_allowed = true;
                    if name == "required" {
                        rules.required.push(set);
                    }
                }
                other => return Err(format!("unknown property `{other}`")),
            }
        }
        if !any_allowed {
            rules.allowed = read_class("ascii-printable")?;
        }
        Ok(rules)
    }

    /// Why `password` breaks the rules, if it does.
    fn violation(&self, password: &str) -> Option<String> {
        let chars: Vec<char> = password.chars().collect();
        if chars.len() < self.min_len || self.max_len.is_some_and(|max| chars.len() > max) {
            return Some(format!("length {} is outside the bounds", chars.len()));
        }
        if let Some(c) = chars.iter().find(|&&c| !self.allowed.contains(c)) {
            return Some(format!("`{c}` is not allowed"));
        }
        if let Some(limit) = self.max_repeating {
            let longest = chars
                .chunk_by(|a, b| a == b)
                .map(<[char]>::len)
                .max()
                .unwrap_or(0);
            if longest > limit {
                return Some(format!("a run of {longest} equal characters"));
            }
        }
        if let Some(limit) = self.max_sequential {
            // Characters that step by one, the same way, within a-z, A-Z or 0-9.
            let range = |c: char| {
                ["az", "AZ", "09"].iter().position(|r| {
                    let r: Vec<char> = r.chars().collect();
                    (r[0]..=r[1]).contains(&c)
                })
            };
            let mut longest = usize::from(!chars.is_empty());
            let (mut run, mut direction) = (1, 0i32);
            for pair in chars.windows(2) {
                let step = pair[1] as i32 - pair[0] as i32;
                let stepping =
                    range(pair[0]).is_some() && range(pair[0]) == range(pair[1]) && step.abs() == 1;
                (run, direction) = match (stepping, step == direction) {
                    (true, true) => (run + 1, direction),
                    (true, false) => (2, step),
                    (false, _) => (1, 0),
                };
                longest = longest.max(run);
            }
            if longest > limit {
                return Some(format!("a sequence of {longest} characters"));
            }
        }
        if !self.each_required_has_a_position(&chars) {
            return Some("the `required` properties cannot each have a character".to_owned());
        }
        None
    }

    /// Kuhn's augmenting paths: can each required set be given a distinct position holding one
    /// of its characters?
    fn each_required_has_a_position(&self, chars: &[char]) -> bool {
        fn assign(
            rule: usize,
            required: &[Chars],
            chars: &[char],
            owner: &mut [Option<usize>],
            seen: &mut [bool],
        ) -> bool {
            for position in 0..chars.len() {
                if seen[position] || !required[rule].contains(chars[position]) {
                    continue;
                }
                seen[position] = true;
                let free = match owner[position] {
                    None => true,
                    Some(other) => assign(other, required, chars, owner, seen),
                };
                if free {
                    owner[position] = Some(rule);
                    return true;
                }
            }
            false
        }
        let mut owner = vec![None; chars.len()];
        (0..self.required.len()).all(|rule| {
            let mut seen = vec![false; chars.len()];
            assign(rule, &self.required, chars, &mut owner, &mut seen)
        })
    }
}

/// Strings of the password's length over the policy's alphabet that sit on the edge of the
/// site's rules: for each `required` set, the password with none or only one of its characters
/// left, and with a run one longer than `max-consecutive` allows.
fn near_misses(rules: &SiteRules, policy: &Policy, password: &str) -> Vec<String> {
    let chars: Vec<char> = password.chars().collect();
    let mut candidates = Vec::new();
    for set in &rules.required {
        let Some(&filler) = policy.alphabet().iter().find(|&&c| !set.contains(c)) else {
            continue;
        };
        let mut kept = 0;
        let mut keep_one = chars.clone();
        for c in &mut keep_one {
            if set.contains(*c) {
                kept += 1;
                if kept > 1 {
                    *c = filler;
                }
            }
        }
        let none: String = chars
            .iter()
            .map(|&c| if set.contains(c) { filler } else { c })
            .collect();
        candidates.push(none);
        candidates.push(keep_one.into_iter().collect());
    }
    if let Some(limit) = rules.max_repeating.filter(|&limit| limit < chars.len()) {
        let mut run = chars.clone();
        run[..=limit].fill(chars[0]);
        candidates.push(run.into_iter().collect());
    }
    // A sequence one longer than allowed, from the password's first letter or digit.
    if let Some(limit) = rules.max_sequential.filter(|&limit| limit < chars.len()) {
        if let Some(&start) = chars.iter().find(|c| c.is_ascii_alphanumeric()) {
            let sequence: Vec<char> = (0..=limit as u32)
                .filter_map(|k| char::from_u32(start as u32 + k))
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if sequence.len() == limit + 1 {
                let mut run = chars.clone();
                run[..=limit].copy_from_slice(&sequence);
                candidates.push(run.into_iter().collect());
            }
        }
    }
    candidates
}

/// Splits at `separator`, except inside a bracketed class, where `]]` is a `]` that ends it.
fn split_outside_brackets(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut inside) = (0, false);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if inside {
            if c == ']' {
                if chars.peek().is_some_and(|&(_, next)| next == ']') {
                    chars.next();
                }
                inside = false;
            }
        } else if c == '[' {
            inside = true;
        } else if c == separator {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

fn read_class(class: &str) -> Result<Chars, String> {
    let printable = (' '..='~').collect::<HashSet<char>>();
    let matching =
        |keep: fn(&char) -> bool| Chars::Some(printable.iter().copied().filter(keep).collect());
    Ok(match class.to_ascii_lowercase().as_str() {
        "upper" => matching(char::is_ascii_uppercase),
        "lower" => matching(char::is_ascii_lowercase),
        "digit" => matching(char::is_ascii_digit),
        "special" => matching(|c| !c.is_ascii_alphanumeric()),
        "ascii-printable" => Chars::Some(printable),
        "unicode" => Chars::Any,
        _ => {
            let inner = class
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .ok_or_else(|| format!("unknown class `{class}`"))?;
            Chars::Some(inner.chars().collect())
        }
    })
}

/// Where the corpus lies: `../shared/data/password-rules.json` beside the repository.
fn corpus_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/password-rules.json")
}

#[test]
#[ignore = "reads ../shared/data/password-rules.json, which lies outside the repository: run \
            with `cargo test --test passwordrules_corpus -- --ignored` (CI runs it always)"]
fn every_site_imports_and_its_passwords_satisfy_its_rules() {
    check_corpus();
}

/// In CI (the variable `CI` set, as every CI service sets it) the corpus is not optional: a
/// missing file fails the run instead of skipping the check. Elsewhere the ignored test above
/// stands for it, visibly.
#[test]
fn the_corpus_is_checked_in_ci() {
    if std::env::var_os("CI").is_some() {
        check_corpus();
    }
}

/// Every site of the corpus imports, and its passwords satisfy its rules.
///
/// # Panics
/// If the corpus cannot be read (absent included), or any site fails.
fn check_corpus() {
    let path = corpus_path();
    let json = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read the passwordrules corpus {}: {error}; it comes from \
             apple/password-manager-resources (quirks/password-rules.json)",
            path.display()
        )
    });
    let corpus: HashMap<String, serde_json::Value> =
        serde_json::from_str(&json).expect("the corpus is a JSON object");
    assert_eq!(corpus.len(), SITES, "the snapshot has {SITES} sites");

    let mut refused = Vec::new();
    let mut failures = Vec::new();
    let mut sites: Vec<_> = corpus.iter().collect();
    sites.sort_by_key(|(site, _)| site.as_str());
    for (site, entry) in sites {
        let text = entry["password-rules"]
            .as_str()
            .expect("every site has `password-rules`");
        let rules = SiteRules::read(text).unwrap_or_else(|e| panic!("{site}: checker: {e}"));
        let policy = match Policy::from_passwordrules(text) {
            Ok(policy) => policy,
            Err(error) => {
                refused.push((site.as_str(), error.to_string()));
                continue;
            }
        };
        if let Some(c) = policy
            .alphabet()
            .iter()
            .find(|&&c| !rules.allowed.contains(c))
        {
            failures.push(format!(
                "{site}: the alphabet holds `{c}`, which `{text}` does not allow"
            ));
        }
        for _ in 0..PASSWORDS_PER_SITE {
            let password = policy.generate();
            if let Some(why) = rules.violation(&password) {
                failures.push(format!("{site}: {password:?} breaks `{text}`: {why}"));
            }
            // Near misses: the policy must accept exactly the ones the site accepts (among
            // strings of its length over its alphabet), neither stricter nor looser.
            for candidate in near_misses(&rules, &policy, &password) {
                let site_accepts = rules.violation(&candidate).is_none();
                if policy.is_satisfied_by(&candidate) != site_accepts {
                    failures.push(format!(
                        "{site}: the policy says {} to {candidate:?}, the site's rules `{text}` \
                         say {site_accepts}",
                        !site_accepts
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let refused_sites: Vec<&str> = refused.iter().map(|(site, _)| *site).collect();
    let expected: Vec<&str> = REFUSED.iter().map(|(site, _)| *site).collect();
    assert_eq!(refused_sites, expected, "refused: {refused:#?}");
}

#[test]
fn the_checker_catches_what_it_must() {
    let rules = SiteRules::read(
        "minlength: 6; maxlength: 8; max-consecutive: 2; required: digit; required: digit; \
         required: [!;]]; allowed: lower",
    )
    .unwrap();
    assert_eq!(rules.violation("ab12!x"), None);
    assert_eq!(rules.violation("ab12]x"), None);
    assert_eq!(rules.violation("ab12;x"), None);
    assert!(rules.violation("ab1!x").is_some(), "too short");
    assert!(rules.violation("ab12!xyzw").is_some(), "too long");
    assert!(
        rules.violation("aB12!x").is_some(),
        "upper case is not allowed"
    );
    assert!(rules.violation("aaa12!").is_some(), "run of three");
    assert!(
        rules.violation("abc1!x").is_some(),
        "two digits are required"
    );
    assert!(rules.violation("abc12x").is_some(), "a symbol is required");

    let everything = SiteRules::read("minlength: 3").unwrap();
    assert_eq!(everything.violation("a ~"), None);
    assert!(
        everything.violation("a\u{e9}b").is_some(),
        "ascii-printable only by default"
    );
    let unicode = SiteRules::read("allowed: unicode").unwrap();
    assert_eq!(unicode.violation("a\u{e9}b"), None);
    let ignored = SiteRules::read("required: [\u{a7}]").unwrap();
    assert_eq!(ignored.violation("\u{a7}"), None);
}
