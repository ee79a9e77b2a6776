//! Writing pieces of a policy back as grammar text, for messages and for `Display`.
//!
//! User text quoted in a message never reaches a terminal raw when it would not show as
//! itself: control characters, format characters (the bidi overrides such as U+202E, which
//! reorder the rest of the line, zero-width spaces, the byte order mark) and separators other
//! than the space are written as `\u{..}` escapes, which the text front end and Rust literals
//! both read back.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

#[cfg(feature = "checks")]
use crate::model::{Name, Rule, Value};

/// Why a character cannot stand in a custom class, if it cannot: what it is, for the message.
///
/// Every character of a class is drawn on its own, so a character that does not show as itself
/// (a control, format or separator character) would make a password that cannot be read or
/// typed back, and a combining mark would always stand unpaired, joined to whatever character
/// the draw puts before it. The space is the one separator a class may hold: websites count it
/// among their special characters.
#[cfg(feature = "checks")]
pub(crate) fn unfit_for_class(c: char) -> Option<&'static str> {
    match c.general_category() {
        GeneralCategory::Control => Some("control"),
        GeneralCategory::Format => Some("format"),
        GeneralCategory::SpaceSeparator if c == ' ' => None,
        GeneralCategory::SpaceSeparator
        | GeneralCategory::LineSeparator
        | GeneralCategory::ParagraphSeparator => Some("separator"),
        GeneralCategory::NonspacingMark
        | GeneralCategory::SpacingMark
        | GeneralCategory::EnclosingMark => Some("combining"),
        _ => None,
    }
}

/// Whether `c` would not show as itself in a line of text: a control, format or separator
/// character other than the space.
pub(crate) fn is_invisible(c: char) -> bool {
    c != ' '
        && matches!(
            c.general_category(),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::SpaceSeparator
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// `text` for a message: itself, with each [invisible](is_invisible) character written as an
/// escape (`\n`, `\u{202e}`), so that a quoted piece of a policy can neither break the line nor reorder it.
pub(crate) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// The most characters of the input a message quotes in one place: past them, an excerpt ends
/// with [`ELLIPSIS`]. A message about a 10 MiB token stays a line, not 10 MiB; the span it
/// carries still covers the whole token.
pub(crate) const EXCERPT_CHARS: usize = 80;

/// What ends an excerpt cut short.
pub(crate) const ELLIPSIS: char = '…';

/// The first [`EXCERPT_CHARS`] characters of `text` (all of it when shorter), and whether more
/// followed.
fn cut(text: &str) -> (&str, bool) {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => (&text[..end], true),
        None => (text, false),
    }
}

/// A piece of the input for a message: [`visible`], at most [`EXCERPT_CHARS`] characters of it,
/// then `…` if it was longer.
pub(crate) fn excerpt(text: &str) -> String {
    let (head, more) = cut(text);
    let mut out = visible(head);
    if more {
        out.push(ELLIPSIS);
    }
    out
}

/// `c`, or its escape if it is invisible: `\n`, `\r`, `\t`, or `\u{..}`.
fn push_visible(out: &mut String, c: char) {
    if is_invisible(c) {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

/// The most characters a message keeps between two quotes (backticks) of its own prose; longer
/// stretches can only be input that the message holds unquoted or whose backticks broke the
/// pairing, and are cut as excerpts are.
const PROSE_CHARS: usize = 3 * EXCERPT_CHARS;

/// `message` with every quoted stretch (between backticks) of more than [`EXCERPT_CHARS`]
/// characters, and every unquoted one of more than [`PROSE_CHARS`], cut to that many and `…`:
/// the one bound on how much of the input a diagnostic repeats, applied to every message and
/// note as it is made, whichever check wrote it and however it quoted the input. Messages
/// that quote short pieces, which is all of them for inputs of a sensible size, come back
/// unchanged (and unallocated).
pub(crate) fn bound_quotes(message: String) -> String {
    let too_long = |(i, piece): (usize, &str)| {
        let limit = if i % 2 == 1 {
            EXCERPT_CHARS
        } else {
            PROSE_CHARS
        };
        piece.len() > limit && piece.chars().nth(limit).is_some()
    };
    if !message.split('`').enumerate().any(too_long) {
        return message;
    }
    let mut out = String::new();
    for (i, piece) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let limit = if i % 2 == 1 {
            EXCERPT_CHARS
        } else {
            PROSE_CHARS
        };
        match piece.char_indices().nth(limit) {
            Some((end, _)) => {
                out.push_str(&piece[..end]);
                out.push(ELLIPSIS);
            }
            None => out.push_str(piece),
        }
    }
    out
}

/// `text` as a string literal of the grammar: in quotes, with `"` and `\` escaped and
/// [invisible](is_invisible) characters written as escapes such as `\n` or `\u{202e}` (the
/// text front end and Rust literals both read these back). All of it: for `Display`, whose
/// output must read back; messages quote with [`quoted`].
pub(crate) fn quoted_in_full(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => push_visible(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// A string of the input for a message: [`quoted_in_full`] when it has at most
/// [`EXCERPT_CHARS`] characters, else its first ones then `…` after the closing quote.
#[cfg(feature = "checks")]
pub(crate) fn quoted(text: &str) -> String {
    let (head, more) = cut(text);
    let mut out = quoted_in_full(head);
    if more {
        out.push(ELLIPSIS);
    }
    out
}

/// One character for a message: itself, or `\u{..}` when it would not show on its own (an
/// invisible character, any whitespace, or a combining mark, which would join the quote before
/// it).
#[cfg(feature = "checks")]
pub(crate) fn character(c: char) -> String {
    if c.is_whitespace() || unfit_for_class(c).is_some() {
        format!("\\u{{{:x}}}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// A list of characters for a message: "`a`", "`a` and `b`", "`a`, `b` and `c`".
#[cfg(feature = "checks")]
pub(crate) fn characters(chars: &[char]) -> String {
    let mut list = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if i + 1 == chars.len() && i > 0 {
            list.push_str(" and ");
        } else if i > 0 {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(&character(c));
        list.push('`');
    }
    list
}

/// One operand as written.
#[cfg(feature = "checks")]
pub(crate) fn name(name: &Name) -> String {
    match name {
        Name::Ident(ident) => excerpt(ident),
        Name::Str(text) => quoted(text),
    }
}

/// The target of a rule as written: `digits`, `lower | upper`, `"!@#"`.
#[cfg(feature = "checks")]
pub(crate) fn target<S>(rule: &Rule<S>) -> String {
    let mut names = String::new();
    for (k, operand) in rule.target.iter().enumerate() {
        if k > 0 {
            names.push_str(" | ");
        }
        names.push_str(&self::name(&operand.value));
    }
    names
}

/// A value as written.
#[cfg(feature = "checks")]
pub(crate) fn value(value: &Value) -> String {
    match value {
        Value::Number {
            text,
            negative: true,
        } => format!("-{}", excerpt(text)),
        Value::Number {
            text,
            negative: false,
        }
        | Value::Ident(text) => excerpt(text),
        Value::Str(text) => quoted(text),
    }
}

/// A whole rule as written: `digits >= 3`.
#[cfg(feature = "checks")]
pub(crate) fn rule<S>(rule: &Rule<S>) -> String {
    format!(
        "{} {} {}",
        target(rule),
        rule.op.value.as_str(),
        value(&rule.value.value)
    )
}

#[cfg(all(test, feature = "checks"))]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_a_literal_needs() {
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quoted("\n\u{7}"), r#""\n\u{7}""#);
        assert_eq!(quoted("é €"), "\"é €\"");
    }

    #[test]
    fn quoting_escapes_what_would_not_show() {
        // Bidi override, zero-width space, byte order mark, line separator, no-break space.
        assert_eq!(
            quoted("a\u{202e}\u{200b}\u{feff}\u{2028}\u{a0} b"),
            r#""a\u{202e}\u{200b}\u{feff}\u{2028}\u{a0} b""#
        );
        assert_eq!(visible("x\u{202e}y\nz"), r"x\u{202e}y\nz");
        // A combining mark after its letter shows, and stays; alone in a list it is escaped.
        assert_eq!(visible("e\u{301}"), "e\u{301}");
    }

    #[test]
    fn excerpts_are_bounded_and_say_so() {
        let long = "é".repeat(EXCERPT_CHARS + 1);
        let cut = format!("{}…", "é".repeat(EXCERPT_CHARS));
        assert_eq!(
            excerpt(&long[..2 * EXCERPT_CHARS]),
            &long[..2 * EXCERPT_CHARS]
        );
        assert_eq!(excerpt(&long), cut);
        assert_eq!(excerpt(&"\n".repeat(100)), format!("{}…", "\\n".repeat(80)));
        assert_eq!(quoted(&long), format!("\"{}\"…", "é".repeat(EXCERPT_CHARS)));
        assert_eq!(quoted_in_full(&long), format!("\"{long}\""));
        let message = format!("unknown class `{long}`; expected `lower`");
        assert_eq!(
            bound_quotes(message),
            format!("unknown class `{cut}`; expected `lower`")
        );
        let prose = format!("found {} here", "x".repeat(1000));
        assert_eq!(bound_quotes(prose.clone()).chars().count(), PROSE_CHARS + 1);
        let short = "expected `=`, `>=`, `<=` or `==` after `len`".to_owned();
        assert_eq!(bound_quotes(short.clone()), short);
        assert_eq!(character('\u{301}'), r"\u{301}");
        assert_eq!(character('\u{202e}'), r"\u{202e}");
    }

    #[test]
    fn what_a_class_cannot_hold() {
        assert_eq!(unfit_for_class('\u{7}'), Some("control"));
        for c in ['\u{200b}', '\u{202e}', '\u{feff}', '\u{ad}'] {
            assert_eq!(unfit_for_class(c), Some("format"), "{c:?}");
        }
        for c in ['\u{2028}', '\u{2029}', '\u{a0}', '\u{3000}'] {
            assert_eq!(unfit_for_class(c), Some("separator"), "{c:?}");
        }
        for c in ['\u{301}', '\u{20dd}', '\u{93e}'] {
            assert_eq!(unfit_for_class(c), Some("combining"), "{c:?}");
        }
        for c in [' ', 'a', '!', '\u{e9}', '\u{20ac}', '\u{1f600}'] {
            assert_eq!(unfit_for_class(c), None, "{c:?}");
        }
    }

    #[test]
    fn character_lists() {
        assert_eq!(characters(&['a']), "`a`");
        assert_eq!(characters(&['a', 'b']), "`a` and `b`");
        assert_eq!(characters(&['a', ' ', 'c']), "`a`, `\\u{20}` and `c`");
    }
}
