//! The token front end on its own: the model it builds (with the tokens of every piece) and its
//! syntax errors, before any check runs.

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};

use crate::span::{Input, TokenRange};
use secrets_policy::__private::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
use secrets_policy::__private::syntax;

use super::parse;

/// A rule with every span replaced by the text of its tokens, so that tests can compare.
type TextRule = Rule<String>;

/// Parses `source` and returns the rules and the errors (message, tokens), spans as text.
fn parse_text(source: &str) -> (Vec<TextRule>, Vec<(String, String)>) {
    let tokens: TokenStream = source.parse().expect("test input is valid Rust tokens");
    parse_tokens(tokens)
}

fn parse_tokens(tokens: TokenStream) -> (Vec<TextRule>, Vec<(String, String)>) {
    let parsed = parse(tokens);
    let input = &parsed.input;
    let rules = parsed
        .spec
        .rules
        .into_iter()
        .map(|rule| text_rule(input, rule))
        .collect();
    let errors = parsed
        .errors
        .into_iter()
        .map(|error| {
            assert!(
                error.related().is_empty(),
                "a syntax error is about one place"
            );
            (error.message().to_owned(), text(input, error.span()))
        })
        .collect();
    (rules, errors)
}

/// The tokens of `span`, as text.
fn text(input: &Input, span: &TokenRange) -> String {
    input.stream(span).to_string()
}

fn text_rule(input: &Input, rule: Rule<TokenRange>) -> TextRule {
    let spanned = |spanned: Spanned<_, TokenRange>| {
        let span = text(input, &spanned.span);
        Spanned::new(spanned.value, span)
    };
    Rule {
        target: rule.target.into_iter().map(spanned).collect(),
        op: Spanned::new(rule.op.value, text(input, &rule.op.span)),
        value: Spanned::new(rule.value.value, text(input, &rule.value.span)),
        span: text(input, &rule.span),
    }
}

fn ident(name: &str) -> Spanned<Name, String> {
    Spanned::new(Name::Ident(name.to_owned()), name.to_owned())
}

fn number(text: &str, negative: bool) -> Value {
    Value::Number {
        text: text.to_owned(),
        negative,
    }
}

fn values(rules: &[TextRule]) -> Vec<Value> {
    rules.iter().map(|rule| rule.value.value.clone()).collect()
}

#[test]
fn the_cards_policy_keeps_every_piece_with_its_tokens() {
    let (rules, errors) = parse_text("len = 10, lower >= 1, upper >= 1, digits >= 3");
    assert_eq!(errors, []);
    assert_eq!(rules.len(), 4);
    assert_eq!(
        rules[0],
        Rule {
            target: vec![ident("len")],
            op: Spanned::new(Op::Assign, "=".to_owned()),
            value: Spanned::new(number("10", false), "10".to_owned()),
            span: "len = 10".to_owned(),
        }
    );
    assert_eq!(
        rules[3],
        Rule {
            target: vec![ident("digits")],
            op: Spanned::new(Op::AtLeast, ">=".to_owned()),
            value: Spanned::new(number("3", false), "3".to_owned()),
            span: "digits >= 3".to_owned(),
        }
    );
}

#[test]
fn every_operator_is_recognised_from_its_joint_tokens() {
    let (rules, errors) = parse_text("a = 1, b >= 2, c <= 3, d == 4");
    assert_eq!(errors, []);
    let ops: Vec<_> = rules
        .iter()
        .map(|rule| (rule.op.value, rule.op.span.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            (Op::Assign, "="),
            (Op::AtLeast, ">="),
            (Op::AtMost, "<="),
            (Op::Exactly, "==")
        ]
    );
}

#[test]
fn an_operator_is_taken_by_prefix_not_by_spacing() {
    // `=-` is lexed as two joint puncts; the `-` belongs to the value.
    let (rules, errors) = parse_text("len =-1");
    assert_eq!(errors, []);
    assert_eq!(rules[0].op.value, Op::Assign);
    assert_eq!(rules[0].value.value, number("1", true));
    assert_eq!(rules[0].value.span, "- 1");
}

#[test]
fn values_keep_numbers_as_written_and_unescape_strings() {
    let (rules, errors) = parse_text(
        r#"a = 10, b = 57.25, c = -3, d = - 4.5, e = 1_000, f = 0x10, g = 1e3,
           h = "Il1O0", i = "\"\\\u{e9}", j = r"a\b", k = ten"#,
    );
    assert_eq!(errors, []);
    assert_eq!(
        values(&rules),
        [
            number("10", false),
            number("57.25", false),
            number("3", true),
            number("4.5", true),
            number("1_000", false),
            number("0x10", false),
            number("1e3", false),
            Value::Str("Il1O0".to_owned()),
            Value::Str("\"\\\u{e9}".to_owned()),
            Value::Str("a\\b".to_owned()),
            Value::Ident("ten".to_owned()),
        ]
    );
    assert_eq!(rules[2].value.span, "- 3");
    assert_eq!(rules[2].span, "c = - 3");
}

#[test]
fn a_union_keeps_each_operand_with_its_tokens() {
    let (rules, errors) = parse_text(r#"lower | "!@#" | upper >= 2"#);
    assert_eq!(errors, []);
    assert_eq!(
        rules[0].target,
        [
            ident("lower"),
            Spanned::new(Name::Str("!@#".to_owned()), "\"!@#\"".to_owned()),
            ident("upper"),
        ]
    );
    assert_eq!(rules[0].span, r#"lower | "!@#" | upper >= 2"#);
}

#[test]
fn a_trailing_comma_and_an_empty_policy_are_not_errors() {
    let (rules, errors) = parse_text("len = 10,");
    assert_eq!((rules.len(), errors), (1, vec![]));
    let (rules, errors) = parse_text("");
    assert_eq!((rules.len(), errors), (0, vec![]));
}

#[test]
fn a_missing_operator_is_reported_and_the_next_rules_still_parse() {
    let (rules, errors) = parse_text("len 10, lower >= 1, digits >= 2");
    assert_eq!(
        errors,
        [(
            syntax::expected_operator("len", Some("10")),
            "10".to_owned()
        )]
    );
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].span, "lower >= 1");
}

#[test]
fn a_missing_comma_keeps_the_rule_before_it_and_skips_to_the_next_comma() {
    let (rules, errors) = parse_text("len = 10 lower >= 1, digits >= 2");
    assert_eq!(
        errors,
        [(syntax::expected_comma(Some("lower")), "lower".to_owned())]
    );
    let spans: Vec<_> = rules.iter().map(|rule| rule.span.as_str()).collect();
    assert_eq!(spans, ["len = 10", "digits >= 2"]);
}

#[test]
fn a_rule_cut_short_is_reported_on_the_whole_rule() {
    let cases = [
        ("len =", syntax::expected_value("=", None)),
        ("lower |", syntax::expected_operand(None)),
        (
            "lower | upper",
            syntax::expected_operator("lower | upper", None),
        ),
        ("digits >= -", syntax::expected_value(">=", None)),
    ];
    for (source, message) in cases {
        let (rules, errors) = parse_text(source);
        assert_eq!(rules, [], "{source}");
        assert_eq!(errors, [(message, source.to_owned())], "{source}");
    }
}

#[test]
fn tokens_out_of_place_are_named_in_the_message() {
    let cases = [
        (
            "len = 10,, digits >= 1",
            syntax::expected_rule(Some(",")),
            ",",
        ),
        (", len = 10", syntax::expected_rule(Some(",")), ","),
        ("10 = len", syntax::expected_rule(Some("10")), "10"),
        ("(len) = 10", syntax::expected_rule(Some("(")), "(len)"),
        ("lower | 3 >= 1", syntax::expected_operand(Some("3")), "3"),
        (
            "lower || upper >= 1",
            syntax::expected_operand(Some("|")),
            "|",
        ),
        (
            "digits > = 3",
            syntax::expected_operator("digits", Some(">")),
            ">",
        ),
        ("digits => 3", syntax::expected_value("=", Some(">")), ">"),
        ("len === 3", syntax::expected_value("==", Some("=")), "="),
        ("len = 'a'", syntax::expected_value("=", Some("'a'")), "'a'"),
        (
            "len = b\"10\"",
            syntax::expected_value("=", Some("b\"10\"")),
            "b\"10\"",
        ),
        ("len = -x", syntax::expected_value("=", Some("x")), "x"),
        ("len = - -1", syntax::expected_value("=", Some("-")), "-"),
        ("len = 10 11", syntax::expected_comma(Some("11")), "11"),
        // A two-character operator out of place is named whole, as the text front end does.
        ("lower | >= 1", syntax::expected_operand(Some(">=")), ">="),
        (">= 1", syntax::expected_rule(Some(">=")), ">="),
        ("len = == 1", syntax::expected_value("=", Some("==")), "=="),
        ("len = 1 <= 2", syntax::expected_comma(Some("<=")), "<="),
    ];
    for (source, message, tokens) in cases {
        let (_, errors) = parse_text(source);
        assert_eq!(errors, [(message, tokens.to_owned())], "{source}");
    }
}

#[test]
fn a_string_suffix_is_refused_and_numbers_keep_theirs_for_the_core() {
    let (rules, errors) =
        parse_text(r##"len = 10u8, min_entropy = 1.5f64, symbols = "!"x, "#"y >= 1"##);
    let expected = [
        ("`\"!\"` without the suffix `x`", "\"!\"x"),
        ("`\"#\"` without the suffix `y`", "\"#\"y"),
    ];
    assert_eq!(errors.len(), expected.len());
    for ((message, tokens), (part, written)) in errors.iter().zip(expected) {
        assert_eq!(
            *message,
            format!("write {part}; policy values take no type suffix")
        );
        assert_eq!(tokens, written);
    }
    // Strings are kept without the suffix, so the checks judge the rest and add no "missing
    // `len`"; numbers go to the core as written, which refuses the suffix as `Policy::parse` does.
    assert_eq!(
        values(&rules),
        [
            number("10u8", false),
            number("1.5f64", false),
            Value::Str("!".to_owned()),
            number("1", false),
        ]
    );
    assert_eq!(rules[3].target[0].value, Name::Str("#".to_owned()));
}

#[test]
fn invisible_groups_from_other_macros_are_opened() {
    // What `macro_rules!` passes on for `$rule:tt` or an `expr` fragment.
    let first: TokenStream = "len = 10".parse().unwrap();
    let rest: TokenStream = ", digits >= 2".parse().unwrap();
    let mut tokens: TokenStream = TokenTree::Group(Group::new(Delimiter::None, first)).into();
    tokens.extend(rest);
    let (rules, errors) = parse_tokens(tokens);
    assert_eq!(errors, []);
    let spans: Vec<_> = rules.iter().map(|rule| rule.span.as_str()).collect();
    assert_eq!(spans, ["len = 10", "digits >= 2"]);
}

#[test]
fn a_literal_with_its_sign_inside_is_a_negative_number() {
    // A macro can build `-1` as one literal token; the user cannot.
    let mut tokens: TokenStream = "len =".parse().unwrap();
    tokens.extend([TokenTree::Literal(Literal::i32_unsuffixed(-1))]);
    let (rules, errors) = parse_tokens(tokens);
    assert_eq!(errors, []);
    assert_eq!(values(&rules), [number("1", true)]);
}

#[test]
fn every_malformed_rule_is_reported_once() {
    let (rules, errors) = parse_text("len 10, lower >=, = 3, digits >= 2 x, upper == 1");
    let messages: Vec<_> = errors.into_iter().map(|(message, _)| message).collect();
    assert_eq!(
        messages,
        [
            syntax::expected_operator("len", Some("10")),
            syntax::expected_value(">=", None),
            syntax::expected_rule(Some("=")),
            syntax::expected_comma(Some("x")),
        ]
    );
    let spans: Vec<_> = rules.iter().map(|rule| rule.span.as_str()).collect();
    assert_eq!(spans, ["digits >= 2", "upper == 1"]);
}

#[test]
fn the_whole_policy_spec_is_in_source_order() {
    let (rules, _) = parse_text("upper == 2, len = 8");
    let spec = PolicySpec { rules };
    let names: Vec<_> = spec
        .rules
        .iter()
        .map(|rule| rule.target[0].span.as_str())
        .collect();
    assert_eq!(names, ["upper", "len"]);
}

#[test]
fn spans_know_where_they_start_among_the_inputs_tokens() {
    // `>=` is two tokens: `len`, `=`, `10`, `,` then `digits` at 4, `>` `=` at 5 and 6.
    let parsed = parse("len = 10, digits >= 2 x".parse().unwrap());
    let rule = &parsed.spec.rules[1];
    assert_eq!(rule.span.start, 4);
    assert_eq!(rule.op.span.start, 5);
    assert_eq!(rule.value.span.start, 7);
    assert_eq!(parsed.errors[0].span().start, 8);
}
