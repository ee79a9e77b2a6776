//! From `passwordrules` properties to the rule core's model, one `PolicySpec` that
//! [`crate::check`] then checks like any other.

use std::collections::HashMap;
use std::ops::Range;

use super::charset::CharSet;
use super::parse::{Property, SpannedProperty};
use crate::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
use crate::{CheckedPolicy, Class, Diagnostic, MAX_CONSTRAINTS, MAX_LEN};

type Span = Range<usize>;

/// The slots of the core's alphabet and the characters each takes, by kind: everything that is
/// not a letter or digit (punctuation and the space) goes to `symbols`.
const SLOTS: [(Class, CharSet); 4] = [
    (Class::Lower, CharSet::LOWER),
    (Class::Upper, CharSet::UPPER),
    (Class::Digits, CharSet::DIGIT),
    (Class::Symbols, CharSet::SPECIAL),
];

/// A bound given by a property, and the property that gave it.
struct Bound {
    value: usize,
    span: Span,
}

/// Keeps the tighter of two bounds: the greatest minimum or the least maximum, as the reference
/// parser does with repeated properties (both must hold, so nothing is lost).
#[inline]
fn tighten(
    bound: &mut Option<Bound>,
    value: usize,
    span: &Span,
    tighter: fn(usize, usize) -> bool,
) {
    if bound.as_ref().is_none_or(|old| tighter(value, old.value)) {
        *bound = Some(Bound {
            value,
            span: span.clone(),
        });
    }
}

/// The `required` properties with the same set of characters, taken together.
struct Requirement {
    set: CharSet,
    /// How many `required` properties name exactly this set.
    count: usize,
    spans: Vec<Span>,
}

/// What the properties say, gathered: repeated bounds reduced to the tightest, `required`
/// properties grouped by set, and the alphabet.
#[derive(Default)]
struct Gathered {
    min_len: Option<Bound>,
    max_len: Option<Bound>,
    /// The tightest of `max-repeating` and `max-consecutive`.
    max_repeating: Option<Bound>,
    /// The tightest of `max-sequential` and `max-consecutive`.
    max_sequential: Option<Bound>,
    /// Which of the three properties were given, to name them in messages.
    run_properties: Vec<&'static str>,
    requirements: Vec<Requirement>,
    /// The number of `required` properties, repeats included.
    required_total: usize,
    alphabet: CharSet,
    /// The `required` and `allowed` properties, which make the alphabet.
    alphabet_spans: Vec<Span>,
}

impl Gathered {
    /// Gathers the properties, with an error for each value that no password can satisfy.
    #[inline]
    fn new(properties: &[SpannedProperty]) -> (Gathered, Vec<Diagnostic<Span>>) {
        let mut gathered = Gathered::default();
        let mut errors = Vec::new();
        let mut by_set: HashMap<CharSet, usize> = HashMap::new();
        for SpannedProperty { property, span } in properties {
            let refuse = |message: String| Diagnostic::new(span.clone(), message);
            match *property {
                Property::MinLength(value) => {
                    if value > MAX_LEN {
                        errors.push(refuse(format!(
                            "`minlength: {value}` asks for more than {MAX_LEN} characters, the \
                             longest password a policy can have"
                        )));
                    }
                    tighten(&mut gathered.min_len, value, span, |new, old| new > old);
                }
                Property::MaxLength(value) => {
                    if value == 0 {
                        errors.push(refuse(
                            "`maxlength: 0` allows no password; give 1 or more".to_owned(),
                        ));
                    }
                    tighten(&mut gathered.max_len, value, span, |new, old| new < old);
                }
                Property::MaxRepeating(value)
                | Property::MaxSequential(value)
                | Property::MaxConsecutive(value) => {
                    let (name, repeating, sequential) = match property {
                        Property::MaxRepeating(_) => ("max-repeating", true, false),
                        Property::MaxSequential(_) => ("max-sequential", false, true),
                        _ => ("max-consecutive", true, true),
                    };
                    if value == 0 {
                        errors.push(refuse(format!(
                            "`{name}: 0` allows no character at all; give 1 or more"
                        )));
                    }
                    if repeating {
                        tighten(&mut gathered.max_repeating, value, span, |new, old| {
                            new < old
                        });
                    }
                    if sequential {
                        tighten(&mut gathered.max_sequential, value, span, |new, old| {
                            new < old
                        });
                    }
                    if !gathered.run_properties.contains(&name) {
                        gathered.run_properties.push(name);
                    }
                }
                Property::Required(set) => {
                    gathered.required_total += 1;
                    let requirements = &mut gathered.requirements;
                    // Found through a map, not a scan: the text is data, and thousands of
                    // distinct sets must not make this quadratic.
                    let same = *by_set.entry(set).or_insert_with(|| {
                        requirements.push(Requirement {
                            set,
                            count: 0,
                            spans: Vec::new(),
                        });
                        requirements.len() - 1
                    });
                    requirements[same].count += 1;
                    requirements[same].spans.push(span.clone());
                    gathered.widen(set, span);
                }
                Property::Allowed(set) => gathered.widen(set, span),
            }
        }
        if let (Some(min), Some(max)) = (&gathered.min_len, &gathered.max_len) {
            // `maxlength: 0` has its own error already.
            if min.value > max.value && max.value > 0 {
                errors.push(
                    Diagnostic::new(
                        min.span.clone(),
                        format!(
                            "`minlength: {}` is above `maxlength: {}`, so no length fits; lower \
                             the minimum or raise the maximum",
                            min.value, max.value
                        ),
                    )
                    .with_related(max.span.clone(), "the maximum is set here"),
                );
            }
        }
        // With neither `required` nor `allowed`, the language allows every ASCII printable
        // character.
        if gathered.alphabet_spans.is_empty() {
            gathered.alphabet = CharSet::ASCII_PRINTABLE;
        }
        (gathered, errors)
    }

    #[inline]
    fn widen(&mut self, set: CharSet, span: &Span) {
        self.alphabet = self.alphabet.union(set);
        self.alphabet_spans.push(span.clone());
    }
}

/// What the properties say, ready to become a policy of any length the site allows.
pub(super) struct Translation {
    gathered: Gathered,
    /// The count constraints of the `required` properties: `(union, minimum)`.
    unions: Vec<(CharSet, usize)>,
    /// The span of the whole text.
    whole: Span,
}

impl Translation {
    /// The shortest length the site allows: `minlength`, or 1.
    #[inline]
    pub(super) fn min_len(&self) -> usize {
        self.gathered
            .min_len
            .as_ref()
            .map_or(1, |min| min.value.max(1))
    }

    /// The longest length the site allows and a policy can have: `maxlength`, or [`MAX_LEN`].
    #[inline]
    pub(super) fn max_len(&self) -> usize {
        self.gathered
            .max_len
            .as_ref()
            .map_or(MAX_LEN, |max| max.value.min(MAX_LEN))
    }

    /// The `minlength` and `maxlength` properties, those the site gives.
    #[inline]
    pub(super) fn bound_spans(&self) -> impl Iterator<Item = (Span, &'static str)> + '_ {
        let min = self
            .gathered
            .min_len
            .as_ref()
            .map(|min| (min.span.clone(), "the minimum is set here"));
        let max = self
            .gathered
            .max_len
            .as_ref()
            .map(|max| (max.span.clone(), "the maximum is set here"));
        min.into_iter().chain(max)
    }

    /// The shortest length that can hold a password at all: each `required` property claims a
    /// character of its own, so there are at least as many characters as properties.
    #[inline]
    pub(super) fn least_possible_len(&self) -> usize {
        self.min_len().max(self.gathered.required_total)
    }

    /// The length preferred: [`CheckedPolicy::PASSWORDRULES_TARGET_LEN`], or the number of `required`
    /// properties if more, moved into the site's bounds.
    #[inline]
    pub(super) fn preferred_len(&self) -> usize {
        CheckedPolicy::PASSWORDRULES_TARGET_LEN
            .max(self.gathered.required_total)
            .clamp(self.least_possible_len(), self.max_len())
    }

    /// The properties given that limit runs (`max-consecutive`, `max-repeating`,
    /// `max-sequential`), quoted and joined for a message, or `None` without any.
    #[inline]
    pub(super) fn run_properties(&self) -> Option<String> {
        let names: Vec<String> = self
            .gathered
            .run_properties
            .iter()
            .map(|name| format!("`{name}`"))
            .collect();
        match names.as_slice() {
            [] => None,
            [only] => Some(only.clone()),
            [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
        }
    }

    /// The rules for passwords of `len` characters, in the core's terms, each pointing at the
    /// properties it comes from.
    #[inline]
    pub(super) fn spec(&self, len: usize) -> PolicySpec<Span> {
        let gathered = &self.gathered;
        let alphabet = gathered.alphabet;
        let alphabet_span =
            cover(gathered.alphabet_spans.iter().cloned()).unwrap_or_else(|| self.whole.clone());
        let mut rules = vec![rule(
            vec![ident("len")],
            Op::Assign,
            number(len),
            self.len_span(len),
        )];
        for (class, kind) in SLOTS {
            let chars = alphabet.intersection(kind);
            let default: CharSet = class.default_chars().chars().collect();
            let name = vec![ident(class.name())];
            if chars.is_empty() {
                if class.in_default_alphabet() {
                    rules.push(rule(name, Op::Exactly, number(0), alphabet_span.clone()));
                }
            } else if chars != default || !class.in_default_alphabet() {
                // `symbols` joins the alphabet only when a rule names it, so it is always set.
                let value = Value::Str(chars.to_text());
                rules.push(rule(name, Op::Assign, value, alphabet_span.clone()));
            }
        }
        for &(union, min) in &self.unions {
            let spans = gathered
                .requirements
                .iter()
                .filter(|r| r.set.is_subset(union))
                .flat_map(|r| r.spans.iter().cloned());
            let span = cover(spans).unwrap_or_else(|| self.whole.clone());
            rules.push(rule(
                operands(union, alphabet),
                Op::AtLeast,
                number(min),
                span,
            ));
        }
        for (limit, key) in [
            (&gathered.max_repeating, "max_consecutive"),
            (&gathered.max_sequential, "max_sequential"),
        ] {
            // A limit at or above the length constrains nothing; the core need not count with
            // it.
            if let Some(Bound { value, span }) = limit {
                if *value < len {
                    rules.push(rule(
                        vec![ident(key)],
                        Op::Assign,
                        number(*value),
                        span.clone(),
                    ));
                }
            }
        }
        PolicySpec { rules }
    }

    /// The property that decides `len`, if one does (`minlength` at the minimum, `maxlength` at
    /// the maximum), else the whole text.
    #[inline]
    fn len_span(&self, len: usize) -> Span {
        match (&self.gathered.min_len, &self.gathered.max_len) {
            (Some(min), _) if min.value == len => min.span.clone(),
            (_, Some(max)) if max.value == len => max.span.clone(),
            _ => self.whole.clone(),
        }
    }
}

/// Translates the properties of a text whose whole span is `whole`.
///
/// # Errors
/// Properties that no password can satisfy whatever its length, or that the core cannot
/// represent.
#[inline]
pub(super) fn translate(
    properties: &[SpannedProperty],
    whole: &Span,
) -> Result<Translation, Vec<Diagnostic<Span>>> {
    let (gathered, mut errors) = Gathered::new(properties);
    let requirements = &gathered.requirements;
    let Some(unions) = required_unions(requirements) else {
        let spans = requirements.iter().flat_map(|r| r.spans.iter().cloned());
        errors.push(Diagnostic::new(
            cover(spans).unwrap_or_else(|| whole.clone()),
            format!(
                "these `required` properties need more than {MAX_CONSTRAINTS} count rules (one \
                 per distinct set, and one per union of sets that overlap); require fewer \
                 distinct sets, or sets that do not overlap"
            ),
        ));
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let translation = Translation {
        gathered,
        unions,
        whole: whole.clone(),
    };
    if translation.least_possible_len() > translation.max_len() {
        return Err(vec![too_many_required(&translation)]);
    }
    Ok(translation)
}

/// More `required` properties than the longest password has characters (each claims a
/// character of its own), said in the site's terms rather than as the core's `digits >= 3`.
#[inline]
fn too_many_required(translation: &Translation) -> Diagnostic<Span> {
    let gathered = &translation.gathered;
    let n = gathered.required_total;
    let spans: Vec<Span> = gathered
        .requirements
        .iter()
        .flat_map(|r| r.spans.iter().cloned())
        .collect();
    let main = cover(spans.iter().cloned()).unwrap_or_else(|| translation.whole.clone());
    let mut diagnostic = match &gathered.max_len {
        Some(max) if max.value <= MAX_LEN => Diagnostic::new(
            main,
            format!(
                "these {n} `required` properties need {n} characters, one each, more than \
                 `maxlength: {}` allows; require fewer characters or raise `maxlength`",
                max.value
            ),
        )
        .with_related(max.span.clone(), "the maximum is set here"),
        _ => Diagnostic::new(
            main,
            format!(
                "these {n} `required` properties need {n} characters, one each, more than \
                 {MAX_LEN}, the longest password a policy can have; require fewer characters"
            ),
        ),
    };
    // A note on each property when they are few; hundreds of notes would bury the message.
    if spans.len() <= 8 {
        for span in spans {
            diagnostic = diagnostic.with_related(span, "this property asks for one of them");
        }
    }
    diagnostic
}

/// The count constraints that make every `required` property claim a character of its own.
///
/// A password satisfies `required` properties with sets `S_1..S_k` when it can give each
/// property a different position holding one of its characters (so a repeated `required` asks
/// for one more, as the language says). By Hall's theorem that holds exactly when, for every
/// group `T` of properties, the password has at least `|T|` characters in the union of their
/// sets. Only groups whose sets overlap in a chain add anything (a group that splits into
/// disjoint parts is the sum of those parts' constraints), and for a union `U` the binding group
/// is every property whose set lies inside `U`. So the constraints are: for each union of a
/// chain of overlapping sets, at least as many characters as properties with sets inside it.
/// With disjoint sets, as on nearly every site, this is one `>= count` per set.
///
/// Returns `(union, minimum)` in the order the sets were first required, unions after, or
/// `None` if there would be more than [`MAX_CONSTRAINTS`].
#[inline]
fn required_unions(requirements: &[Requirement]) -> Option<Vec<(CharSet, usize)>> {
    // Every distinct set is a constraint of its own: too many of them is known at once, before
    // the growing below, which compares each union with every set.
    if requirements.len() > MAX_CONSTRAINTS {
        return None;
    }
    let mut unions: Vec<CharSet> = requirements.iter().map(|r| r.set).collect();
    // Grow each union by every set that overlaps it without lying inside it; each new union is
    // queued and grown in turn, so every chain of overlapping sets is reached.
    let mut next = 0;
    while next < unions.len() {
        let union = unions[next];
        for requirement in requirements {
            let grown = union.union(requirement.set);
            if requirement.set.intersects(union) && !unions.contains(&grown) {
                unions.push(grown);
            }
        }
        if unions.len() > MAX_CONSTRAINTS {
            return None;
        }
        next += 1;
    }
    let minimum = |union: CharSet| {
        requirements
            .iter()
            .filter(|r| r.set.is_subset(union))
            .map(|r| r.count)
            .sum()
    };
    Some(
        unions
            .into_iter()
            .map(|union| (union, minimum(union)))
            .collect(),
    )
}

/// The operands naming `set` within `alphabet`: each class whose characters all lie in the set
/// by name, the rest as one quoted set.
#[inline]
fn operands(set: CharSet, alphabet: CharSet) -> Vec<Name> {
    let mut names = Vec::new();
    let mut rest = set;
    for (class, kind) in SLOTS {
        let chars = alphabet.intersection(kind);
        if !chars.is_empty() && chars.is_subset(set) {
            names.push(Name::Ident(class.name().to_owned()));
            rest = rest.difference(chars);
        }
    }
    if !rest.is_empty() {
        names.push(Name::Str(rest.to_text()));
    }
    names
}

/// The smallest span holding all of `spans`, if any.
#[inline]
fn cover(spans: impl Iterator<Item = Span>) -> Option<Span> {
    spans.reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
}

#[inline]
fn ident(name: &str) -> Name {
    Name::Ident(name.to_owned())
}

#[inline]
fn number(value: usize) -> Value {
    Value::Number {
        text: value.to_string(),
        negative: false,
    }
}

/// A rule whose every part points at `span`, the property it comes from.
#[inline]
fn rule(target: Vec<Name>, op: Op, value: Value, span: Span) -> Rule<Span> {
    Rule {
        target: target
            .into_iter()
            .map(|name| Spanned::new(name, span.clone()))
            .collect(),
        op: Spanned::new(op, span.clone()),
        value: Spanned::new(value, span.clone()),
        span,
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::super::parse::parse;
    use super::translate;
    use crate::model::{Name, Value};

    /// The translation of `text`, printed in the core's grammar for easy comparison.
    fn translated(text: &str) -> String {
        let (properties, diagnostics) = parse(text);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:?}");
        let Ok(translation) = translate(&properties, &(0..text.len())) else {
            panic!("{text:?} is refused");
        };
        let spec = translation.spec(translation.preferred_len());
        let mut out = String::new();
        for rule in spec.rules {
            let target: Vec<String> = rule
                .target
                .iter()
                .map(|name| match &name.value {
                    Name::Ident(name) => name.clone(),
                    Name::Str(chars) => format!("{chars:?}"),
                })
                .collect();
            let value = match rule.value.value {
                Value::Number { text, .. } => text,
                Value::Str(chars) => format!("{chars:?}"),
                Value::Ident(name) => name,
            };
            if !out.is_empty() {
                out.push_str(", ");
            }
            write!(
                out,
                "{} {} {value}",
                target.join(" | "),
                rule.op.value.as_str()
            )
            .unwrap();
        }
        out
    }

    fn errors(text: &str) -> Vec<(String, String)> {
        let (properties, diagnostics) = parse(text);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:?}");
        let Err(errors) = translate(&properties, &(0..text.len())) else {
            panic!("{text:?} translates");
        };
        errors
            .into_iter()
            .map(|d| (d.message().to_owned(), text[d.span().clone()].to_owned()))
            .collect()
    }

    #[test]
    fn typical_site() {
        assert_eq!(
            translated(
                "minlength: 8; maxlength: 16; required: lower; required: upper; required: digit;"
            ),
            "len = 16, lower >= 1, upper >= 1, digits >= 1"
        );
    }

    #[test]
    fn default_alphabet_is_ascii_printable_with_space() {
        let all = r##"" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~""##;
        assert_eq!(
            translated("minlength: 6"),
            format!("len = 20, symbols = {all}")
        );
        assert_eq!(translated(""), format!("len = 20, symbols = {all}"));
    }

    #[test]
    fn alphabet_is_split_into_slots_by_kind() {
        assert_eq!(
            translated("allowed: [-_a1]; required: upper"),
            r#"len = 20, lower = "a", digits = "1", symbols = "-_", upper >= 1"#
        );
        assert_eq!(
            translated("allowed: digit"),
            "len = 20, lower == 0, upper == 0"
        );
    }

    #[test]
    fn required_sets_name_whole_classes_and_quote_the_rest() {
        assert_eq!(
            translated("required: lower, [!#]; allowed: upper, [!#$]"),
            r#"len = 20, digits == 0, symbols = "!#$", lower | "!#" >= 1"#
        );
        assert_eq!(
            translated("required: upper, lower; required: digit, [!]"),
            r#"len = 20, symbols = "!", lower | upper >= 1, digits | symbols >= 1"#
        );
    }

    #[test]
    fn repeated_required_asks_for_one_more() {
        assert_eq!(
            translated("required: digit; required: lower; required: DIGIT"),
            "len = 20, upper == 0, digits >= 2, lower >= 1"
        );
    }

    #[test]
    fn overlapping_required_sets_each_claim_a_character() {
        // One lowercase letter, and another letter besides: two letters, one of them lowercase.
        assert_eq!(
            translated("required: lower; required: lower, upper"),
            "len = 20, digits == 0, lower >= 1, lower | upper >= 2"
        );
        // A chain: [ab] and [bc] overlap, [cd] overlaps [bc]; [ab] and [cd] alone are disjoint.
        assert_eq!(
            translated("required: [ab]; required: [bc]; required: [cd]"),
            r#"len = 20, lower = "abcd", upper == 0, digits == 0, "ab" >= 1, "bc" >= 1, "cd" >= 1, "abc" >= 2, "bcd" >= 2, lower >= 3"#
        );
    }

    #[test]
    fn length_choice() {
        assert_eq!(
            translated("maxlength: 12; allowed: lower"),
            "len = 12, upper == 0, digits == 0"
        );
        assert_eq!(
            translated("minlength: 32; allowed: lower"),
            "len = 32, upper == 0, digits == 0"
        );
        assert_eq!(
            translated("minlength: 8; maxlength: 64; allowed: lower"),
            "len = 20, upper == 0, digits == 0"
        );
        assert_eq!(
            translated(
                "minlength: 10; minlength: 22; maxlength: 40; maxlength: 30; allowed: digit"
            ),
            "len = 22, lower == 0, upper == 0"
        );
        assert_eq!(
            translated("maxlength: 40; maxlength: 15; allowed: digit"),
            "len = 15, lower == 0, upper == 0"
        );
        assert_eq!(
            translated("maxlength: 999; allowed: digit"),
            "len = 20, lower == 0, upper == 0"
        );
        assert_eq!(
            translated("minlength: 256; allowed: digit"),
            "len = 256, lower == 0, upper == 0"
        );
    }

    #[test]
    fn run_limits_are_kept_when_they_limit() {
        // `max-consecutive` limits both kinds of run, as the language now reads it.
        assert_eq!(
            translated("max-consecutive: 3; max-consecutive: 2; allowed: digit"),
            "len = 20, lower == 0, upper == 0, max_consecutive = 2, max_sequential = 2"
        );
        assert_eq!(
            translated("maxlength: 4; max-consecutive: 4; allowed: digit"),
            "len = 4, lower == 0, upper == 0"
        );
        assert_eq!(
            translated("max-repeating: 2; allowed: digit"),
            "len = 20, lower == 0, upper == 0, max_consecutive = 2"
        );
        assert_eq!(
            translated("max-sequential: 3; allowed: digit"),
            "len = 20, lower == 0, upper == 0, max_sequential = 3"
        );
        // Each limit keeps the tightest value that applies to it.
        assert_eq!(
            translated("max-repeating: 2; max-consecutive: 3; max-sequential: 4; allowed: digit"),
            "len = 20, lower == 0, upper == 0, max_consecutive = 2, max_sequential = 3"
        );
    }

    #[test]
    fn refuses_what_no_password_satisfies() {
        assert_eq!(
            errors("minlength: 12; maxlength: 8"),
            [(
                "`minlength: 12` is above `maxlength: 8`, so no length fits; lower the minimum or \
                 raise the maximum"
                    .to_owned(),
                "minlength: 12".to_owned()
            )]
        );
        assert_eq!(errors("maxlength: 0")[0].1, "maxlength: 0");
        assert_eq!(errors("max-consecutive: 0")[0].1, "max-consecutive: 0");
        assert_eq!(
            errors("max-sequential: 0")[0].0,
            "`max-sequential: 0` allows no character at all; give 1 or more"
        );
        assert_eq!(errors("max-repeating: 0")[0].1, "max-repeating: 0");
        assert_eq!(errors("minlength: 257")[0].1, "minlength: 257");
    }

    /// `text`, all of it `required` properties, is refused with the one error for too many
    /// constraints, on all of them.
    #[track_caller]
    fn assert_too_many_required_sets(text: &str) {
        let errors = errors(text);
        assert_eq!(errors.len(), 1);
        let (message, snippet) = &errors[0];
        assert!(
            message.starts_with(
                "these `required` properties need more than 32 count rules (one per distinct \
                 set, and one per union of sets that overlap)"
            ),
            "{message}"
        );
        assert_eq!(snippet, text.trim_end_matches(';'));
    }

    #[test]
    fn too_many_disjoint_required_sets_are_not_said_to_overlap() {
        // 33 sets of one character each: nothing overlaps, there are just too many.
        let mut text = String::new();
        for c in ('a'..='z').chain('A'..='G') {
            write!(text, "required: [{c}];").unwrap();
        }
        assert_too_many_required_sets(&text);
        // One fewer is fine.
        let text = text.trim_end_matches("required: [G];");
        let (properties, diagnostics) = parse(text);
        assert!(diagnostics.is_empty());
        assert!(translate(&properties, &(0..text.len())).is_ok());
    }

    #[test]
    fn many_distinct_required_sets_are_refused_in_linear_time() {
        // About 200,000 distinct sets of up to three characters: comparing each set with every
        // other (a scan for an equal set, or growing unions from all of them) is some 10^10
        // steps, minutes; a map and an early count take a moment.
        let pool: Vec<char> = ('!'..='~').filter(|c| !"-[]".contains(*c)).collect();
        let n = pool.len();
        let mut text = String::new();
        for i in 0..200_000 {
            let (a, b, c) = (pool[i % n], pool[i / n % n], pool[i / (n * n) % n]);
            write!(text, "required: [{a}{b}{c}];").unwrap();
        }
        assert_too_many_required_sets(&text);
    }

    #[test]
    fn too_many_overlaps_is_an_error_not_a_hang() {
        // Sets {c0,c1}, {c1,c2}, ...: a chain whose unions are every run of consecutive sets.
        let chars: Vec<char> = ('a'..='z').collect();
        let mut text = String::new();
        for pair in chars.windows(2) {
            write!(text, "required: [{}{}];", pair[0], pair[1]).unwrap();
        }
        assert_too_many_required_sets(&text);
    }
}
