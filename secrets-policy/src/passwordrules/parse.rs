//! The `passwordrules` text, read into properties with byte spans.
//!
//! A hand-written reader that follows `tools/PasswordRulesParser.js` of
//! apple/password-manager-resources where the text is well formed, and reports an error (where and
//! what) wherever that parser would ignore part of the text. The choices are listed on
//! [`CheckedPolicy::from_passwordrules`](crate::CheckedPolicy::from_passwordrules).

use std::ops::Range;

use super::charset::CharSet;
use crate::diagnostic::{self, Diagnostic};
use crate::render::excerpt;
use crate::suggest::unknown;

/// One property of the text, its value read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Property {
    /// `minlength: N`.
    MinLength(usize),
    /// `maxlength: N`.
    MaxLength(usize),
    /// `max-repeating: N`: at most `N` identical characters back to back.
    MaxRepeating(usize),
    /// `max-sequential: N`: at most `N` characters of a sequence back to back.
    MaxSequential(usize),
    /// `max-consecutive: N`: both of the above (an alias kept by the language).
    MaxConsecutive(usize),
    /// `required: ...`: the union of the listed classes.
    Required(CharSet),
    /// `allowed: ...`: the union of the listed classes.
    Allowed(CharSet),
}

/// A property and the bytes it covers, from its name to the end of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SpannedProperty {
    pub(super) property: Property,
    pub(super) span: Range<usize>,
}

/// The property names, as the reference parser spells them (it compares them case-sensitively).
const PROPERTY_NAMES: [&str; 7] = [
    "minlength",
    "maxlength",
    "required",
    "allowed",
    "max-consecutive",
    "max-repeating",
    "max-sequential",
];

/// The class names, compared case-insensitively as the reference parser does.
const CLASS_NAMES: [&str; 6] = [
    "upper",
    "lower",
    "digit",
    "special",
    "ascii-printable",
    "unicode",
];

/// Reads every property of `text`. Returns the properties that read cleanly and a diagnostic for
/// every problem; the text is acceptable only when there is none.
#[inline]
pub(super) fn parse(text: &str) -> (Vec<SpannedProperty>, Vec<Diagnostic<Range<usize>>>) {
    let mut parser = Parser {
        text,
        pos: 0,
        diagnostics: Vec::new(),
    };
    let mut properties = Vec::new();
    while !diagnostic::are_full(&parser.diagnostics) {
        parser.skip_whitespace();
        match parser.peek() {
            None => break,
            // An empty property (`;;`, or a leading `;`) says nothing and loses nothing.
            Some(';') => parser.pos += 1,
            Some(c) if is_name_char(c) => match parser.property() {
                Some(property) => properties.push(property),
                None => parser.recover(),
            },
            Some(_) => {
                let (found, span) = parser.found();
                parser.error(
                    span,
                    format!(
                        "expected a property such as `minlength: 12` or `required: digit`, {found}"
                    ),
                );
                parser.recover();
            }
        }
    }
    (properties, parser.diagnostics)
}

/// The characters of a property or class name in the reference parser.
#[inline]
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '-'
}

/// ASCII whitespace as the reference parser counts it.
#[inline]
fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r')
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    diagnostics: Vec<Diagnostic<Range<usize>>>,
}

impl Parser<'_> {
    #[inline]
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    #[inline]
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
    }

    /// Consumes a run of characters for which `accept` holds and returns its span.
    #[inline]
    fn take_while(&mut self, accept: impl Fn(char) -> bool) -> Range<usize> {
        let start = self.pos;
        while self.peek().is_some_and(&accept) {
            self.bump();
        }
        start..self.pos
    }

    /// Describes the token at the cursor for a message ("found `x`"), with its span, without
    /// consuming it: a name or a number as a whole, anything else one character.
    #[inline]
    fn found(&self) -> (String, Range<usize>) {
        let rest = &self.text[self.pos..];
        let Some(first) = rest.chars().next() else {
            return ("found the end of the rules".to_owned(), self.pos..self.pos);
        };
        let len = if is_name_char(first) {
            rest.find(|c| !is_name_char(c)).unwrap_or(rest.len())
        } else if first.is_ascii_digit() {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let span = self.pos..self.pos + len;
        // A bidi override or a line break is named by its escape, never written raw.
        (
            format!("found `{}`", excerpt(&self.text[span.clone()])),
            span,
        )
    }

    #[inline]
    fn error(&mut self, span: Range<usize>, message: String) {
        self.diagnostics.push(Diagnostic::new(span, message));
    }

    /// After an error, skips to just past the next `;` that ends a property (one inside a
    /// bracketed class belongs to the class), so the following properties are still read.
    #[inline]
    fn recover(&mut self) {
        while let Some(c) = self.bump() {
            match c {
                ';' => return,
                '[' => self.skip_class_body(),
                _ => {}
            }
        }
    }

    /// Skips the rest of a bracketed class by the same rule as [`Parser::class`], silently.
    #[inline]
    fn skip_class_body(&mut self) {
        while let Some(c) = self.bump() {
            if c == ']' {
                if self.peek() == Some(']') {
                    self.pos += 1;
                }
                return;
            }
        }
    }

    /// `NAME: VALUE`, the cursor on the name's first character. `None` after an error.
    #[inline]
    fn property(&mut self) -> Option<SpannedProperty> {
        let name_span = self.take_while(is_name_char);
        let name = &self.text[name_span.clone()];
        if !PROPERTY_NAMES.contains(&name) {
            let message = unknown("property", name, &PROPERTY_NAMES);
            self.error(name_span, message);
            return None;
        }
        // The reference parser wants the `:` right after the name; whitespace there hides
        // nothing, so it is accepted.
        self.skip_whitespace();
        if self.peek() != Some(':') {
            let (found, span) = self.found();
            self.error(span, format!("expected `:` after `{name}`, {found}"));
            return None;
        }
        self.pos += 1;
        self.skip_whitespace();
        if matches!(self.peek(), None | Some(';')) {
            let example = match name {
                "required" | "allowed" => "digit",
                "max-consecutive" | "max-repeating" | "max-sequential" => "3",
                _ => "12",
            };
            self.error(
                name_span.start..self.pos,
                format!("`{name}` needs a value, as in `{name}: {example}`"),
            );
            return None;
        }
        let property = match name {
            "required" => Property::Required(self.class_list(name)?),
            "allowed" => Property::Allowed(self.class_list(name)?),
            _ => {
                let value = self.integer(name)?;
                match name {
                    "minlength" => Property::MinLength(value),
                    "maxlength" => Property::MaxLength(value),
                    "max-repeating" => Property::MaxRepeating(value),
                    "max-sequential" => Property::MaxSequential(value),
                    _ => Property::MaxConsecutive(value),
                }
            }
        };
        Some(SpannedProperty {
            property,
            span: name_span.start..self.pos,
        })
    }

    /// A whole number, then the end of the property.
    #[inline]
    fn integer(&mut self, name: &str) -> Option<usize> {
        if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
            let (found, span) = self.found();
            self.error(
                span,
                format!("expected a whole number after `{name}:`, {found}"),
            );
            return None;
        }
        let digits = self.take_while(|c| c.is_ascii_digit());
        let text = &self.text[digits.clone()];
        let Ok(value) = text.parse::<usize>() else {
            self.error(
                digits,
                format!("`{text}` is too large for `{name}`; write a smaller number"),
            );
            return None;
        };
        let end = self.pos;
        self.skip_whitespace();
        if !matches!(self.peek(), None | Some(';')) {
            let (found, span) = self.found();
            self.error(
                span,
                format!("expected `;` after `{name}: {text}`, {found}"),
            );
            return None;
        }
        // Leave the cursor at the value's end so the property's span stops there.
        self.pos = end;
        Some(value)
    }

    /// `CLASS (, CLASS)*`, then the end of the property: the union of the classes.
    #[inline]
    fn class_list(&mut self, name: &str) -> Option<CharSet> {
        let mut set = CharSet::EMPTY;
        loop {
            let (class, class_span) = self.class(name)?;
            set = set.union(class);
            let end = self.pos;
            self.skip_whitespace();
            match self.peek() {
                None | Some(';') => {
                    self.pos = end;
                    return Some(set);
                }
                Some(',') => {
                    self.pos += 1;
                    self.skip_whitespace();
                }
                Some(_) => {
                    let written = &self.text[class_span];
                    let (found, span) = self.found();
                    self.error(
                        span,
                        format!("expected `,` or `;` after `{written}`, {found}"),
                    );
                    return None;
                }
            }
        }
    }

    /// One class: a name or a bracketed set. Returns its characters and span.
    #[inline]
    fn class(&mut self, property: &str) -> Option<(CharSet, Range<usize>)> {
        match self.peek() {
            Some('[') => self.custom_class(),
            Some(c) if is_name_char(c) => {
                let span = self.take_while(is_name_char);
                let written = &self.text[span.clone()];
                let set = match written.to_ascii_lowercase().as_str() {
                    "upper" => CharSet::UPPER,
                    "lower" => CharSet::LOWER,
                    "digit" => CharSet::DIGIT,
                    "special" => CharSet::SPECIAL,
                    // A password of ASCII printable characters is one every site that allows
                    // all of Unicode accepts, and the only part of Unicode we can enumerate.
                    "ascii-printable" | "unicode" => CharSet::ASCII_PRINTABLE,
                    _ => {
                        let message = unknown("character class", written, &CLASS_NAMES);
                        self.error(span, message);
                        return None;
                    }
                };
                Some((set, span))
            }
            _ => {
                let (found, span) = self.found();
                self.error(
                    span,
                    format!(
                        "expected a character class such as `digit` or `[-!@#]` in `{property}`, {found}"
                    ),
                );
                None
            }
        }
    }

    /// `[...]`, the cursor on the `[`.
    ///
    /// The reference parser's rules: a `-` stands for itself only as the first character; a `]`
    /// ends the class unless another `]` follows at once, in which case the first is a member
    /// (so `]` can be listed only last: `[abc]]`); any other character stands for itself, and
    /// characters outside ASCII printable are ignored, as the language defines.
    #[inline]
    fn custom_class(&mut self) -> Option<(CharSet, Range<usize>)> {
        let start = self.pos;
        self.pos += 1;
        let mut set = CharSet::EMPTY;
        let mut first = true;
        let mut ignored = false;
        loop {
            let at = self.pos;
            match self.bump() {
                None => {
                    self.error(
                        start..self.pos,
                        "unterminated character class; end it with `]`".to_owned(),
                    );
                    return None;
                }
                Some(']') => {
                    if self.peek() == Some(']') {
                        self.pos += 1;
                        set.insert(']');
                    }
                    break;
                }
                // The reference parser drops such a `-` with a warning; since `[a-z]` then
                // means `a` and `z`, surely not what the site meant, it is an error here.
                Some('-') if !first => self.error(
                    at..self.pos,
                    "`-` stands for itself only first in a class, as in `[-!@#]`; move it there \
                     (ranges such as `a-z` are not part of the language: list the characters)"
                        .to_owned(),
                ),
                Some(c) if CharSet::is_ascii_printable(c) => set.insert(c),
                Some(_) => ignored = true,
            }
            first = false;
        }
        let span = start..self.pos;
        if set.is_empty() {
            let message = if ignored {
                "this character class has no ASCII printable character (the language ignores \
                 the others); list at least one, as in `[-!@#]`"
            } else {
                "empty character class; list at least one character, as in `[-!@#]`"
            };
            self.error(span, message.to_owned());
            return None;
        }
        Some((set, span))
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, CharSet, Property, PROPERTY_NAMES};
    use crate::suggest::closest;

    fn properties(text: &str) -> Vec<Property> {
        let (properties, diagnostics) = parse(text);
        assert!(diagnostics.is_empty(), "{text:?}: {diagnostics:?}");
        properties
            .into_iter()
            .map(|spanned| spanned.property)
            .collect()
    }

    fn first_error(text: &str) -> (String, String) {
        let (_, diagnostics) = parse(text);
        let first = diagnostics
            .first()
            .unwrap_or_else(|| panic!("{text:?} parsed"));
        (
            first.message().to_owned(),
            text[first.span().clone()].to_owned(),
        )
    }

    fn set(chars: &str) -> CharSet {
        chars.chars().collect()
    }

    #[test]
    fn reads_every_property() {
        assert_eq!(
            properties("minlength: 8; maxlength: 16; max-consecutive: 2; required: lower, upper; allowed: [-_];"),
            [
                Property::MinLength(8),
                Property::MaxLength(16),
                Property::MaxConsecutive(2),
                Property::Required(CharSet::LOWER.union(CharSet::UPPER)),
                Property::Allowed(set("-_")),
            ]
        );
    }

    #[test]
    fn spans_cover_name_to_value() {
        let text = "  minlength: 8 ;required: digit,[ab]  ";
        let (properties, diagnostics) = parse(text);
        assert!(diagnostics.is_empty());
        let spans: Vec<&str> = properties.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(spans, ["minlength: 8", "required: digit,[ab]"]);
    }

    #[test]
    fn class_names_ignore_case_property_names_do_not() {
        assert_eq!(
            properties("required: DiGiT"),
            [Property::Required(CharSet::DIGIT)]
        );
        let (message, snippet) = first_error("MinLength: 8");
        assert_eq!(snippet, "MinLength");
        assert!(
            message.ends_with("(did you mean `minlength`?)"),
            "{message}"
        );
    }

    #[test]
    fn custom_class_rules_for_dash_and_bracket() {
        assert_eq!(properties("allowed: [-a]"), [Property::Allowed(set("-a"))]);
        assert_eq!(properties("allowed: [-]"), [Property::Allowed(set("-"))]);
        assert_eq!(properties("allowed: [a]]"), [Property::Allowed(set("a]"))]);
        assert_eq!(properties("allowed: []]"), [Property::Allowed(set("]"))]);
        assert_eq!(properties("allowed: [-]]"), [Property::Allowed(set("-]"))]);
        assert_eq!(properties("allowed: [[;]"), [Property::Allowed(set("[;"))]);
        assert_eq!(properties("allowed: [ a]"), [Property::Allowed(set(" a"))]);
        assert_eq!(properties("allowed: [aa]"), [Property::Allowed(set("a"))]);
        assert_eq!(
            properties("allowed: [a\u{e4}\tb]"),
            [Property::Allowed(set("ab"))]
        );
        assert_eq!(first_error("allowed: [a-z]").1, "-");
        assert_eq!(first_error("allowed: []").1, "[]");
        assert_eq!(first_error("allowed: [\u{e4}]").1, "[\u{e4}]");
        assert_eq!(first_error("allowed: [a]b]").1, "b");
        assert_eq!(first_error("allowed: [abc").1, "[abc");
    }

    #[test]
    fn recovers_after_an_error_and_reports_the_next() {
        let text = "minlength: x; required: [;]; bogus: 1; maxlength: 4";
        let (properties, diagnostics) = parse(text);
        let snippets: Vec<&str> = diagnostics
            .iter()
            .map(|d| &text[d.span().clone()])
            .collect();
        assert_eq!(snippets, ["x", "bogus"]);
        assert_eq!(
            properties
                .into_iter()
                .map(|p| p.property)
                .collect::<Vec<_>>(),
            [Property::Required(set(";")), Property::MaxLength(4)]
        );
    }

    #[test]
    fn what_would_not_show_is_named_by_its_escape() {
        assert_eq!(
            first_error("minlength: 8\u{202e}"),
            (
                "expected `;` after `minlength: 8`, found `\\u{202e}`".to_owned(),
                "\u{202e}".to_owned()
            )
        );
    }

    #[test]
    fn suggestions_for_property_names() {
        assert_eq!(closest("min-length", &PROPERTY_NAMES), Some("minlength"));
        assert_eq!(
            closest("maxConsecutive", &PROPERTY_NAMES),
            Some("max-consecutive")
        );
        assert_eq!(closest("requierd", &PROPERTY_NAMES), Some("required"));
        assert_eq!(closest("colour", &PROPERTY_NAMES), None);
    }
}
