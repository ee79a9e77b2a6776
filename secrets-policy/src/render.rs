//! Writing pieces of a policy back as grammar text, for messages and for `Display`.
//!
//! User text quoted in a message never reaches a terminal raw when it would not show as
//! itself: control characters, format characters (the bidi overrides such as U+202E, which
//! reorder the rest of the line, zero-width spaces, the byte order mark) and separators other
//! than the space are written as `\u{..}` escapes, which the text front end and Rust literals
//! both read back.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::model::{Name, Rule, Value};

/// Why a character cannot stand in a custom class, if it cannot: what it is, for the message.
///
/// Every character of a class is drawn on its own, so a character that does not show as itself
/// (a control, format or separator character) would make a password that cannot be read or
/// typed back, and a combining mark would always stand unpaired, joined to whatever character
/// the draw puts before it. The space is the one separator a class may hold: websites count it
/// among their special characters.
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

/// `c`, or its escape if it is invisible: `\n`, `\r`, `\t`, or `\u{..}`.
fn push_visible(out: &mut String, c: char) {
    if is_invisible(c) {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

/// `text` as a string literal of the grammar: in quotes, with `"` and `\` escaped and
/// [invisible](is_invisible) characters written as escapes such as `\n` or `\u{202e}` (the
/// text front end and Rust literals both read these back).
pub(crate) fn quoted(text: &str) -> String {
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

/// One character for a message: itself, or `\u{..}` when it would not show on its own (an
/// invisible character, any whitespace, or a combining mark, which would join the quote before
/// it).
pub(crate) fn character(c: char) -> String {
    if c.is_whitespace() || unfit_for_class(c).is_some() {
        format!("\\u{{{:x}}}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// A list of characters for a message: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(crate) fn characters(chars: &[char]) -> String {
    let quoted: Vec<String> = chars
        .iter()
        .map(|&c| format!("`{}`", character(c)))
        .collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// One operand as written.
pub(crate) fn name(name: &Name) -> String {
    match name {
        Name::Ident(ident) => ident.clone(),
        Name::Str(text) => quoted(text),
    }
}

/// The target of a rule as written: `digits`, `lower | upper`, `"!@#"`.
pub(crate) fn target<S>(rule: &Rule<S>) -> String {
    let names: Vec<String> = rule
        .target
        .iter()
        .map(|operand| self::name(&operand.value))
        .collect();
    names.join(" | ")
}

/// A value as written.
pub(crate) fn value(value: &Value) -> String {
    match value {
        Value::Number {
            text,
            negative: true,
        } => format!("-{text}"),
        Value::Number {
            text,
            negative: false,
        }
        | Value::Ident(text) => text.clone(),
        Value::Str(text) => quoted(text),
    }
}

/// A whole rule as written: `digits >= 3`.
pub(crate) fn rule<S>(rule: &Rule<S>) -> String {
    format!(
        "{} {} {}",
        target(rule),
        rule.op.value.as_str(),
        value(&rule.value.value)
    )
}

#[cfg(test)]
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
