//! The messages of syntax errors, shared by both front ends so that the macro and
//! `CheckedPolicy::parse` say the same thing about the same mistake.
//!
//! `found` is the offending token as written, or `None` at the end of the input; what would
//! not show in it (a control, format or separator character) is written as `\u{..}`.

/// `text` as a message may quote it: itself, with every character that would not show as itself
/// in a line of text (a control, format or separator character other than the space: a line
/// break, the bidi override U+202E, a zero-width space) written as an escape (`\n`,
/// `\u{202e}`), so that quoting it can neither break the line nor reorder it. The `secrets`
/// command writes its error lines through it.
///
/// # Examples
/// ```
/// assert_eq!(secrets_policy::__private::syntax::visible("a\nb\u{202e}c d"), "a\\nb\\u{202e}c d");
/// ```
#[must_use]
pub fn visible(text: &str) -> String {
    crate::render::visible(text)
}

fn found_text(found: Option<&str>) -> String {
    match found {
        Some(token) => format!("found `{}`", visible(token)),
        None => "found the end of the policy".to_owned(),
    }
}

/// Where a rule should start but something else stands.
#[must_use]
pub fn expected_rule(found: Option<&str>) -> String {
    format!(
        "expected a rule such as `len = 16` or `digits >= 2`, {}",
        found_text(found)
    )
}

/// After the target of a rule (`len`, `lower | upper`), no operator.
#[must_use]
pub fn expected_operator(target: &str, found: Option<&str>) -> String {
    format!(
        "expected `=`, `>=`, `<=` or `==` after `{target}`, {}",
        found_text(found)
    )
}

/// After `|` in a union, no class or quoted set.
#[must_use]
pub fn expected_operand(found: Option<&str>) -> String {
    format!(
        "expected a class or a quoted set of characters after `|`, {}",
        found_text(found)
    )
}

/// After an operator, no value.
#[must_use]
pub fn expected_value(op: &str, found: Option<&str>) -> String {
    format!(
        "expected a number or a string after `{op}`, {}",
        found_text(found)
    )
}

/// After a whole rule, something other than a comma.
#[must_use]
pub fn expected_comma(found: Option<&str>) -> String {
    format!("expected `,` between rules, {}", found_text(found))
}

/// The last diagnostic of an error that lists only the first `listed` of its problems.
#[must_use]
pub fn more_problems(listed: usize) -> String {
    format!("more problems than the {listed} listed; fix these and try again")
}

/// A string literal with no closing quote (text front end only: Rust's lexer catches it
/// before a macro runs).
#[must_use]
pub fn unterminated_string() -> String {
    "unterminated string; close it with `\"`".to_owned()
}

/// An escape a Rust string literal does not have, such as `\q` (text front end only).
#[must_use]
pub fn unknown_escape(escape: &str) -> String {
    format!(
        "unknown escape `{}` in a string; write `\\\\` for a backslash, or use `\\n`, `\\t`, \
         `\\\"`, `\\u{{...}}`",
        visible(escape)
    )
}

/// A carriage return in a string that does not end a line (`\r\n`), which Rust refuses in a
/// literal (text front end only: Rust's lexer catches it before a macro runs).
#[must_use]
pub fn bare_carriage_return() -> String {
    "a carriage return alone in a string; write it as `\\r`".to_owned()
}
