//! Writing pieces of a policy back as grammar text, for messages and for `Display`.

use std::fmt::Write as _;

use crate::model::{Name, Rule, Value};

/// `text` as a string literal of the grammar: in quotes, with `"` and `\` escaped and control
/// characters written as `\u{..}` (the text front end and Rust literals both read these back).
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One character for a message: itself, or `\u{..}` when it would not show.
pub(crate) fn character(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
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
        assert_eq!(quoted("\n"), r#""\u{a}""#);
        assert_eq!(quoted("é €"), "\"é €\"");
    }

    #[test]
    fn character_lists() {
        assert_eq!(characters(&['a']), "`a`");
        assert_eq!(characters(&['a', 'b']), "`a` and `b`");
        assert_eq!(characters(&['a', ' ', 'c']), "`a`, `\\u{20}` and `c`");
    }
}
