//! "Did you mean ...?": the closest known name to a misspelt one, and the message for an
//! unknown name that every front end gives.

use std::fmt::Write as _;

/// Common words for a known name that are too far from it to be caught as typos.
const SYNONYMS: &[(&str, &str)] = &[
    ("length", "len"),
    ("size", "len"),
    ("lowercase", "lower"),
    ("uppercase", "upper"),
    ("number", "digits"),
    ("numbers", "digits"),
    ("numeric", "digits"),
    ("special", "symbols"),
    ("specials", "symbols"),
    ("punctuation", "symbols"),
    ("excluded", "exclude"),
    ("entropy", "min_entropy"),
    ("consecutive", "max_consecutive"),
    ("repeating", "max_consecutive"),
    ("max_repeating", "max_consecutive"),
    ("sequential", "max_sequential"),
];

/// The candidate `name` was most likely meant to be: a case-insensitive or plural match, a
/// known synonym, or else the nearest within two edits (ties go to the earlier candidate).
pub(crate) fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    if let Some(&exact) = candidates.iter().find(|&&candidate| {
        candidate == lower || candidate == singular || candidate.strip_suffix('s') == Some(&lower)
    }) {
        return Some(exact);
    }
    if let Some(&(_, meant)) = SYNONYMS.iter().find(|(word, _)| *word == lower) {
        if let Some(&candidate) = candidates.iter().find(|&&candidate| candidate == meant) {
            return Some(candidate);
        }
    }
    // Two edits turn any two-letter word into any other: only suggest when the name is longer
    // than the edits it takes.
    let within = MAX_EDITS.min(lower.chars().count().saturating_sub(1));
    let nearest = candidates
        .iter()
        .filter_map(|&candidate| Some((distance_within(&lower, candidate, within)?, candidate)))
        .min_by_key(|&(distance, _)| distance);
    if let Some((_, best)) = nearest {
        return Some(best);
    }
    // A name that extends a candidate or cuts one short (`lenght`, `max`), three letters at least.
    candidates.iter().copied().find(|&candidate| {
        let (short, long) = if candidate.len() <= lower.len() {
            (candidate, lower.as_str())
        } else {
            (lower.as_str(), candidate)
        };
        short.len() >= 3 && long.starts_with(short)
    })
}

/// "unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean
/// `digits`?)": the one wording of an unknown name, for the policy grammar's keys and classes
/// and for the `passwordrules` language's properties and classes alike.
pub(crate) fn unknown(kind: &str, name: &str, candidates: &[&str]) -> String {
    let mut list = String::new();
    for candidate in candidates {
        if !list.is_empty() {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(candidate);
        list.push('`');
    }
    let mut message = format!(
        "unknown {kind} `{}`; expected one of {list}",
        crate::render::excerpt(name),
    );
    if let Some(meant) = closest(name, candidates) {
        // Writing to a String cannot fail.
        let _ = write!(message, " (did you mean `{meant}`?)");
    }
    message
}

/// The most edits a suggestion may be away from the name written.
const MAX_EDITS: usize = 2;

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of two neighbouring characters each cost one), if it is at most
/// `limit`.
///
/// A name is data (a policy from a configuration file may hold a megabyte-long one), so the
/// work is bounded by the candidate, not the name: lengths further apart than `limit` give up
/// at once, and the table keeps only the three rows a swap looks back on.
fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    if a_len.abs_diff(b_len) > limit {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows: the distances between a[..i - 2], a[..i - 1], a[..i] and each b[..j].
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSES: &[&str] = &["lower", "upper", "digits", "symbols"];
    const KEYS: &[&str] = &[
        "len",
        "lower",
        "upper",
        "digits",
        "symbols",
        "exclude",
        "min_entropy",
        "max_consecutive",
        "max_sequential",
    ];

    #[test]
    fn typos_within_two_edits() {
        assert_eq!(closest("digit", CLASSES), Some("digits"));
        assert_eq!(closest("lenght", KEYS), Some("len"));
        assert_eq!(closest("lowr", CLASSES), Some("lower"));
        assert_eq!(closest("exlcude", KEYS), Some("exclude"));
        assert_eq!(closest("max_consecutiv", KEYS), Some("max_consecutive"));
        assert_eq!(closest("lengthy", KEYS), Some("len"));
        assert_eq!(closest("max", KEYS), Some("max_consecutive"));
        assert_eq!(closest("max_sequentail", KEYS), Some("max_sequential"));
        assert_eq!(closest("max_repeating", KEYS), Some("max_consecutive"));
    }

    #[test]
    fn case_plural_and_synonyms() {
        assert_eq!(closest("DIGITS", CLASSES), Some("digits"));
        assert_eq!(closest("Symbol", CLASSES), Some("symbols"));
        assert_eq!(closest("uppers", CLASSES), Some("upper"));
        assert_eq!(closest("length", KEYS), Some("len"));
        assert_eq!(closest("special", CLASSES), Some("symbols"));
        assert_eq!(closest("lowercase", CLASSES), Some("lower"));
    }

    #[test]
    fn nothing_close() {
        assert_eq!(closest("colour", CLASSES), None);
        assert_eq!(closest("x", KEYS), None);
        assert_eq!(closest("ab", CLASSES), None);
        // A synonym of a key is no suggestion where only classes are expected.
        assert_eq!(closest("length", CLASSES), None);
    }

    #[test]
    fn unknown_names_list_the_candidates_and_suggest_the_closest() {
        assert_eq!(
            unknown("class", "digit", CLASSES),
            "unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` \
             (did you mean `digits`?)"
        );
        assert_eq!(
            unknown("class", "colour", CLASSES),
            "unknown class `colour`; expected one of `lower`, `upper`, `digits`, `symbols`"
        );
    }

    #[test]
    fn distance() {
        assert_eq!(distance_within("", "abc", 3), Some(3));
        assert_eq!(distance_within("abc", "abc", 0), Some(0));
        assert_eq!(distance_within("abc", "acb", 1), Some(1));
        assert_eq!(distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(distance_within("kitten", "sitting", 2), None);
        assert_eq!(distance_within("ca", "abc", 3), Some(3));
        // Lengths further apart than the limit give up before any table is built.
        assert_eq!(distance_within("abcdef", "abc", 2), None);
    }

    #[test]
    fn a_megabyte_long_name_is_answered_at_once() {
        // A full table would be 10^6 rows of a candidate's length, one allocation each: the
        // length check answers before building any.
        let name = "x".repeat(1 << 20);
        assert_eq!(closest(&name, KEYS), None);
        let name = format!("lower{}", "s".repeat(1 << 20));
        assert_eq!(closest(&name, CLASSES), Some("lower"));
        let message = unknown("class", &"q".repeat(1 << 20), CLASSES);
        assert!(message.ends_with("`lower`, `upper`, `digits`, `symbols`"));
    }
}
