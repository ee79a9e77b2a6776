//! Every check of the rule core, through `CheckedPolicy::parse`: the exact message, the byte range it
//! points at, and the related notes of problems that involve several rules.

use std::ops::Range;

use secrets_policy::__private::syntax;
use secrets_policy::CheckedPolicy;

/// One expected diagnostic: its span as the text it covers (must occur once in the policy,
/// or be given with its range), its message, and its related notes as (text, note).
struct Expect<'a> {
    at: Range<usize>,
    message: &'a str,
    related: Vec<(Range<usize>, &'a str)>,
}

/// The byte range of `snippet` in `policy`, which must occur exactly once.
fn find(policy: &str, snippet: &str) -> Range<usize> {
    let start = policy
        .find(snippet)
        .unwrap_or_else(|| panic!("`{snippet}` is not in `{policy}`"));
    assert!(
        policy[start + 1..].find(snippet).is_none(),
        "`{snippet}` occurs twice in `{policy}`; give a range"
    );
    start..start + snippet.len()
}

fn at<'a>(policy: &str, snippet: &str, message: &'a str) -> Expect<'a> {
    Expect {
        at: find(policy, snippet),
        message,
        related: Vec::new(),
    }
}

impl<'a> Expect<'a> {
    /// For a snippet `= VALUE`: the diagnostic on the value after `= `, with `message`.
    fn into_value(mut self, message: &'a str) -> Self {
        self.at.start += 2;
        self.message = message;
        self
    }

    fn with(mut self, policy: &str, snippet: &str, note: &'a str) -> Self {
        self.related.push((find(policy, snippet), note));
        self
    }
}

/// Parses `policy` and asserts its diagnostics are exactly `expected`, in order.
#[track_caller]
fn fails(policy: &str, expected: &[Expect<'_>]) {
    let error = CheckedPolicy::parse(policy).expect_err(policy);
    let got: Vec<String> = error
        .diagnostics()
        .iter()
        .map(|d| {
            let related: Vec<String> = d
                .related()
                .iter()
                .map(|(span, note)| format!("    {span:?} {note}"))
                .collect();
            format!("{:?} {}\n{}", d.span(), d.message(), related.join("\n"))
        })
        .collect();
    let want: Vec<String> = expected
        .iter()
        .map(|e| {
            let related: Vec<String> = e
                .related
                .iter()
                .map(|(span, note)| format!("    {span:?} {note}"))
                .collect();
            format!("{:?} {}\n{}", e.at, e.message, related.join("\n"))
        })
        .collect();
    assert_eq!(got, want, "policy: {policy}");
    // The error's own accessors agree with the first diagnostic.
    assert_eq!(error.span(), expected[0].at);
    assert_eq!(error.message(), expected[0].message);
}

const LEN_10: &str = "`len = 10` is set here";

#[test]
fn missing_zero_and_too_long_len() {
    fails(
        "",
        &[Expect {
            at: 0..0,
            message: "missing `len`; add a rule such as `len = 16`",
            related: vec![],
        }],
    );
    let p = "lower >= 1";
    fails(
        p,
        &[Expect {
            at: 0..10,
            message: "missing `len`; add a rule such as `len = 16`",
            related: vec![],
        }],
    );
    let p = "len = 0";
    fails(p, &[at(p, "0", "`len` must be at least 1, found `0`")]);
    let p = "len = 257";
    fails(
        p,
        &[at(
            p,
            "257",
            "`len` must be at most 256 (the longest password), found `257`",
        )],
    );
    assert_eq!(CheckedPolicy::parse("len = 256").unwrap().len(), 256);
}

#[test]
fn bad_numbers() {
    let p = "len = 99999999999999999999999";
    fails(
        p,
        &[at(
            p,
            "99999999999999999999999",
            "`len` must be at most 256 (the longest password), found `99999999999999999999999`",
        )],
    );
    let p = "len = 10, digits >= 257";
    fails(
        p,
        &[at(
            p,
            "257",
            "a count must be at most 256 (the longest password), found `257`",
        )],
    );
    let p = "len = 10.5";
    fails(
        p,
        &[at(p, "10.5", "`len` takes a whole number, found `10.5`")],
    );
    let p = "len = 10, digits >= 2.5";
    fails(
        p,
        &[at(p, "2.5", "a count takes a whole number, found `2.5`")],
    );
    let p = "len = -3";
    fails(p, &[at(p, "-3", "`len` cannot be negative, found `-3`")]);
    let p = "len = 10, digits >= -1";
    fails(p, &[at(p, "-1", "a count cannot be negative, found `-1`")]);
    let p = "len = 10, min_entropy = -1";
    fails(
        p,
        &[at(p, "-1", "`min_entropy` cannot be negative, found `-1`")],
    );
    let p = "len = 10, digits >= 1e3";
    fails(
        p,
        &[at(
            p,
            "1e3",
            "`1e3` is not a plain number; write digits only, as in `digits >= 1`",
        )],
    );
    let p = "len = 1_0";
    fails(
        p,
        &[at(
            p,
            "1_0",
            "`1_0` is not a plain number; write digits only, as in `len = 16`",
        )],
    );
    let p = "len = 10, max_consecutive = 0";
    fails(
        p,
        &[at(p, "= 0", "").into_value("`max_consecutive` must be at least 1, found `0`")],
    );
    let p = "len = 10, max_consecutive = 2.5";
    fails(
        p,
        &[at(
            p,
            "2.5",
            "`max_consecutive` takes a whole number, found `2.5`",
        )],
    );
}

#[test]
fn strings_numbers_and_identifiers_in_the_wrong_place() {
    let p = "len = \"10\"";
    fails(
        p,
        &[at(
            p,
            "\"10\"",
            "`len` takes a number, not a string (\"10\"), as in `len = 16`",
        )],
    );
    let p = "len = ten";
    fails(
        p,
        &[at(
            p,
            "ten",
            "`len` takes a number, found `ten`; write it in digits, as in `len = 16`",
        )],
    );
    let p = "len = 10, min_entropy = high";
    fails(
        p,
        &[at(p, "high", "`min_entropy` takes a number, found `high`; write it in digits, as in `min_entropy = 60`")],
    );
    let p = "len = 10, symbols = 5";
    fails(
        p,
        &[at(p, "5", "`symbols = ...` takes a quoted string of characters; a count is written `symbols >= 5`")],
    );
    let p = "len = 10, exclude = 0";
    fails(
        p,
        &[at(p, "= 0", "")
            .into_value("`exclude` takes a quoted string of characters, as in `exclude = \"0\"`")],
    );
    let p = "len = 10, exclude = abc";
    fails(
        p,
        &[at(
            p,
            "abc",
            "`exclude` takes a quoted string of characters, found `abc`; write `exclude = \"abc\"`",
        )],
    );
    let p = "len = 10, digits >= \"3\"";
    fails(
        p,
        &[at(
            p,
            "\"3\"",
            "a count takes a number, not a string, as in `digits >= 1`; to set the characters of `digits`, write `digits = \"3\"`",
        )],
    );
    let p = "len = 10, digits >= three";
    fails(
        p,
        &[at(
            p,
            "three",
            "a count takes a number, found `three`; write it in digits, as in `digits >= 1`",
        )],
    );
}

#[test]
fn unknown_names_with_suggestions() {
    let p = "len = 10, digit >= 1";
    fails(
        p,
        &[at(
            p,
            "digit",
            "unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `digits`?)",
        )],
    );
    let p = "lenght = 10";
    fails(
        p,
        &[at(
            p,
            "lenght",
            "unknown key `lenght`; expected one of `len`, `lower`, `upper`, `digits`, `symbols`, `exclude`, \
             `min_entropy`, `max_consecutive`, `max_sequential` (did you mean `len`?)",
        )],
    );
    let p = "len = 10, colour >= 1";
    fails(
        p,
        &[at(
            p,
            "colour",
            "unknown class `colour`; expected one of `lower`, `upper`, `digits`, `symbols`",
        )],
    );
    let p = "len = 10, Symbols >= 1, lower | numbers >= 1";
    fails(
        p,
        &[
            at(
                p,
                "Symbols",
                "unknown class `Symbols`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `symbols`?)",
            ),
            at(
                p,
                "numbers",
                "unknown class `numbers`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `digits`?)",
            ),
        ],
    );
}

#[test]
fn wrong_operators() {
    let p = "len >= 10";
    fails(p, &[at(p, ">=", "`len` is set with `=`, as in `len = 10`")]);
    let p = "len = 10, exclude >= \"O0\"";
    fails(
        p,
        &[at(
            p,
            ">=",
            "`exclude` is set with `=`, as in `exclude = \"O0\"`",
        )],
    );
    let p = "len = 10, max_consecutive <= 2";
    fails(
        p,
        &[at(
            p,
            "<=",
            "`max_consecutive` is set with `=`, as in `max_consecutive = 2`",
        )],
    );
    let p = "len = 10, lower | upper = 1";
    fails(
        p,
        &[Expect {
            at: 24..25,
            message:
                "a union is counted, not set with `=`; write a count such as `lower | upper >= 1`",
            related: vec![],
        }],
    );
    let p = "len = 10, \"!@\" = 1";
    fails(
        p,
        &[Expect {
            at: 15..16,
            message: "a quoted set of characters is counted, not set with `=`; write a count such as `\"!@\" >= 1`",
            related: vec![],
        }],
    );
    let p = "len = 10, len | lower >= 1";
    fails(
        p,
        &[Expect {
            at: 10..13,
            message: "`len` cannot be counted; a union joins classes and quoted sets of characters",
            related: vec![],
        }],
    );
}

#[test]
fn keys_set_twice_and_rules_on_one_target() {
    let p = "len = 10, len = 12";
    fails(
        p,
        &[at(
            p,
            "len = 12",
            "`len` is set twice; keep one of the two rules",
        )
        .with(p, "len = 10", "`len` is first set here")],
    );
    let p = "len = 10, digits >= 1, digits >= 2";
    fails(
        p,
        &[at(
            p,
            "digits >= 2",
            "a second minimum for `digits`; keep one of the two rules",
        )
        .with(p, "digits >= 1", "`digits >= 1` is here")],
    );
    let p = "len = 10, digits <= 5, digits <= 6";
    fails(
        p,
        &[at(
            p,
            "digits <= 6",
            "a second maximum for `digits`; keep one of the two rules",
        )
        .with(p, "digits <= 5", "`digits <= 5` is here")],
    );
    let p = "len = 10, digits == 2, digits == 2";
    fails(
        p,
        &[Expect {
            at: 23..34,
            message: "a second exact count for `digits`; keep one of the two rules",
            related: vec![(10..21, "`digits == 2` is here")],
        }],
    );
    let p = "len = 10, digits == 2, digits >= 1";
    fails(
        p,
        &[at(
            p,
            "digits >= 1",
            "`digits >= 1` conflicts with `digits == 2`, which already fixes the count; keep one of the two rules",
        )
        .with(p, "digits == 2", "`digits == 2` is here")],
    );
    let p = "len = 10, digits <= 4, digits == 2";
    fails(
        p,
        &[at(
            p,
            "digits == 2",
            "`digits == 2` conflicts with `digits <= 4`; give an exact count or bounds, not both",
        )
        .with(p, "digits <= 4", "`digits <= 4` is here")],
    );
    // A target is known by its characters: the same union written in another order.
    let p = "len = 10, lower | upper >= 1, upper | lower >= 5";
    fails(
        p,
        &[at(
            p,
            "upper | lower >= 5",
            "a second minimum for `upper | lower`; keep one of the two rules",
        )
        .with(p, "lower | upper >= 1", "`lower | upper >= 1` is here")],
    );
    let p = "len = 10, lower | lower >= 1";
    fails(
        p,
        &[Expect {
            at: 18..23,
            message: "`lower` appears twice in this union; name it once",
            related: vec![],
        }],
    );
}

#[test]
fn each_operand_of_a_union_once() {
    // A quoted set is one operand as a class is, whatever the order of its characters.
    let p = "len = 10, \"a\" | \"a\" >= 1";
    fails(
        p,
        &[Expect {
            at: 16..19,
            message: "`\"a\"` appears twice in this union; name it once",
            related: vec![],
        }],
    );
    let p = "len = 10, symbols = \"!?\", \"!?\" | lower | \"?!\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"?!\"",
            "`\"?!\"` appears twice in this union; name it once",
        )],
    );
    // Fifty thousand repeats: one message, on the first repeat, found in linear time.
    let p = format!("len = 10, {} >= 1", vec!["\"a\""; 50_000].join(" | "));
    fails(
        &p,
        &[Expect {
            at: 16..19,
            message: "`\"a\"` appears twice in this union; name it once",
            related: vec![],
        }],
    );
    let p = format!("len = 10, {} >= 1", vec!["lower"; 50_000].join(" | "));
    assert_eq!(CheckedPolicy::parse(&p).unwrap_err().diagnostics().len(), 1);
}

#[test]
fn custom_classes_and_exclude() {
    let p = "len = 10, symbols = \"\"";
    fails(
        p,
        &[at(p, "\"\"", "`symbols = \"\"` leaves `symbols` empty; list its characters, or leave it out with `symbols == 0`")],
    );
    let p = "len = 10, symbols = \"!!@@#\"";
    fails(
        p,
        &[at(
            p,
            "\"!!@@#\"",
            "`!` and `@` appear more than once in `symbols`; list each character once",
        )],
    );
    let p = "len = 10, symbols = \"!\\u{7}\"";
    fails(
        p,
        &[at(
            p,
            "\"!\\u{7}\"",
            "`symbols` cannot hold the control character `\\u{7}`; use visible characters",
        )],
    );
    // What does not show (zero-width space, right-to-left override, byte order mark, line
    // separator, no-break space) and a combining accent, which a draw would leave unpaired.
    for (escape, kind) in [
        ("200b", "format"),
        ("202e", "format"),
        ("feff", "format"),
        ("2028", "separator"),
        ("a0", "separator"),
        ("301", "combining"),
    ] {
        let p = format!("len = 10, upper = \"AB\\u{{{escape}}}\"");
        fails(
            &p,
            &[at(
                &p,
                &format!("\"AB\\u{{{escape}}}\""),
                &format!(
                    "`upper` cannot hold the {kind} character `\\u{{{escape}}}`; use visible \
                     characters"
                ),
            )],
        );
    }
    // The space is a character websites accept, and a class may hold it.
    assert!(CheckedPolicy::parse("len = 10, symbols = \" !\", symbols >= 1").is_ok());
    let p = "len = 10, symbols = \"!_a\"";
    fails(
        p,
        &[at(
            p,
            "\"!_a\"",
            "`symbols` shares `a` with `lower`; remove it from one of them",
        )],
    );
    let p = "len = 10, lower = \"abc!\", symbols = \"!?\"";
    fails(
        p,
        &[at(
            p,
            "\"!?\"",
            "`symbols` shares `!` with `lower`; remove it from one of them",
        )
        .with(p, "\"abc!\"", "`lower` is set here")],
    );
    let p = "len = 10, digits >= 1, exclude = \"0123456789\"";
    fails(
        p,
        &[at(
            p,
            "digits >= 1",
            "`exclude` leaves `digits` empty, but `digits >= 1` needs it; exclude fewer characters or remove `digits >= 1`",
        )
        .with(p, "exclude = \"0123456789\"", "`exclude` is set here")],
    );
    let p = "len = 10, digits = \"01\", exclude = \"10\"";
    fails(
        p,
        &[at(
            p,
            "digits = \"01\"",
            "`exclude` leaves `digits` empty, but `digits = \"01\"` needs it; exclude fewer characters or remove \
             `digits = \"01\"`",
        )
        .with(p, "exclude = \"10\"", "`exclude` is set here")],
    );
    let p = "len = 10, exclude = \"\"";
    fails(
        p,
        &[at(p, "\"\"", "`exclude = \"\"` leaves nothing out; list the characters to leave out, or remove the rule")],
    );
    // A default class that `exclude` empties simply leaves the alphabet.
    let policy = CheckedPolicy::parse("len = 10, exclude = \"0123456789\"").unwrap();
    assert_eq!(policy.class_chars(secrets_policy::Class::Digits), "");
    assert_eq!(policy.alphabet().len(), 52);
}

#[test]
fn classes_in_and_out_of_the_alphabet() {
    let p = "len = 10, lower == 0, lower >= 1";
    fails(
        p,
        &[at(
            p,
            "lower >= 1",
            "`lower >= 1` uses `lower`, which `lower == 0` removes; keep one of the two rules",
        )
        .with(p, "lower == 0", "`lower == 0` removes `lower` here")],
    );
    let p = "len = 10, upper = \"ABC\", upper <= 0";
    fails(
        p,
        &[at(
            p,
            "upper <= 0",
            "`upper <= 0` removes `upper`, which `upper = \"ABC\"` uses; keep one of the two rules",
        )
        .with(p, "upper = \"ABC\"", "`upper = \"ABC\"` uses `upper` here")],
    );
    let p = "len = 10, lower == 0, upper == 0, digits <= 0";
    fails(
        p,
        &[Expect {
            at: 0..45,
            message: "no characters are left to draw from; keep at least one class in the alphabet",
            related: vec![
                (10..20, "`lower` is removed here"),
                (22..32, "`upper` is removed here"),
                (34..45, "`digits` is removed here"),
            ],
        }],
    );
    let p = "len = 10, \"ab\" == 0";
    fails(
        p,
        &[at(
            p,
            "\"ab\" == 0",
            "a count of 0 does not take characters out of the alphabet; to leave out `\"ab\"`, write `exclude = \"ab\"`",
        )],
    );
    // 62 letters and digits plus 200 custom symbols.
    let big: String = ('\u{100}'..'\u{1c8}').collect();
    let p = format!("len = 10, symbols = \"{big}\"");
    let value = find(&p, &format!("\"{big}\""));
    fails(
        &p,
        &[Expect {
            at: 0..p.len(),
            message: "the alphabet has 262 characters, more than 256; use fewer characters in the custom classes",
            related: vec![(value, "a custom class is set here")],
        }],
    );
}

#[test]
fn quoted_sets() {
    let p = "len = 10, \"!@\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"!@\"",
            "`!` in `\"!@\"` is not in the alphabet; it belongs to `symbols`, which no rule brings in; add a rule \
             such as `symbols >= 0`",
        )],
    );
    let p = "len = 10, \"abc\" >= 1, exclude = \"b\"";
    fails(
        p,
        &[at(
            p,
            "\"abc\"",
            "`b` in `\"abc\"` is not in the alphabet; `exclude` leaves it out",
        )],
    );
    let p = "len = 10, \"€\" >= 1";
    fails(
        p,
        &[at(p, "\"€\"", "`€` in `\"€\"` is not in the alphabet; add it to a class, for example `symbols = \"...\"`")],
    );
    let p = "len = 10, digits == 0, \"1\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"1\"",
            "`1` in `\"1\"` is not in the alphabet; it belongs to `digits`, which a rule removes",
        )],
    );
    let p = "len = 10, symbols = \"!#\", \"?\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"?\"",
            "`?` in `\"?\"` is not in the alphabet; `symbols` is set without it; add it there",
        )],
    );
    let p = "len = 10, \"\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"\"",
            "an empty set of characters counts nothing; put characters between the quotes",
        )],
    );
    let p = "len = 10, \"aab\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"aab\"",
            "`a` appears more than once in `\"aab\"`; list each character once",
        )],
    );
    // A quoted set in the alphabet counts as written, alone or in a union.
    let policy = CheckedPolicy::parse("len = 10, symbols = \"!#\", \"!\" | digits >= 2").unwrap();
    assert_eq!(policy.constraints()[0].min, 2);
}

#[test]
fn minimums_and_maximums_against_len() {
    let p = "len = 10, digits >= 11";
    fails(
        p,
        &[at(
            p,
            "digits >= 11",
            "`digits >= 11` asks for more characters than `len = 10`; lower it or raise `len`",
        )
        .with(p, "len = 10", LEN_10)],
    );
    let p = "len = 10, digits >= 5, digits <= 3";
    fails(
        p,
        &[at(p, "digits <= 3", "`digits >= 5` asks for more than `digits <= 3` allows; make the minimum at most the maximum")
            .with(p, "digits >= 5", "`digits >= 5` is here")],
    );
    let p = "len = 10, lower >= 4, upper >= 4, digits >= 3";
    fails(
        p,
        &[at(
            p,
            "digits >= 3",
            "the minimums add up to 11, more than `len = 10`; lower them or raise `len`",
        )
        .with(p, "lower >= 4", "`lower >= 4` asks for 4 of them")
        .with(p, "upper >= 4", "`upper >= 4` asks for 4 of them")
        .with(p, "len = 10", LEN_10)],
    );
    // Overlapping targets do not add up: `lower | upper` shares its letters with `lower`.
    let policy = CheckedPolicy::parse("len = 10, lower >= 6, lower | upper >= 8").unwrap();
    assert_eq!(policy.constraints().len(), 2);
    let p = "len = 10, lower <= 3, upper <= 3, digits <= 3";
    fails(
        p,
        &[at(
            p,
            "digits <= 3",
            "the maximums allow at most 9 characters, fewer than `len = 10`; raise them or lower `len`",
        )
        .with(p, "lower <= 3", "`lower <= 3` allows at most 3")
        .with(p, "upper <= 3", "`upper <= 3` allows at most 3")
        .with(p, "len = 10", LEN_10)],
    );
    let p = "len = 10, lower == 3, upper == 3, digits == 3";
    fails(
        p,
        &[at(
            p,
            "digits == 3",
            "the exact counts add up to 9, not `len = 10`; make them add up to 10",
        )
        .with(p, "lower == 3", "`lower == 3` counts 3 of them")
        .with(p, "upper == 3", "`upper == 3` counts 3 of them")
        .with(p, "len = 10", LEN_10)],
    );
    let policy = CheckedPolicy::parse("len = 10, lower == 3, upper == 3, digits == 4").unwrap();
    assert_eq!(
        policy.password_count(),
        Some(4200 * 26u128.pow(6) * 10u128.pow(4))
    );
}

#[test]
fn what_only_the_count_can_tell() {
    let p = "len = 10, min_entropy = 60";
    fails(
        p,
        &[at(
            p,
            "min_entropy = 60",
            "the policy gives 59.5420 bits of entropy, less than `min_entropy = 60`; raise `len` or add classes",
        )],
    );
    assert_eq!(
        CheckedPolicy::parse("len = 10, min_entropy = 59.5")
            .unwrap()
            .min_entropy(),
        Some(59.5)
    );
    // How rarely a random string satisfies the rules is no reason to refuse a policy:
    // generation unranks a uniform index (these were refused as "acceptance too low" when
    // generation was a rejection loop).
    for p in [
        "len = 20, lower <= 1, upper <= 1, digits >= 10",
        "len = 20, digits >= 15",
        "len = 16, digits >= 12",
        "len = 256, lower >= 60, upper >= 60, digits >= 60, symbols >= 60",
    ] {
        let policy = CheckedPolicy::parse(p).unwrap_or_else(|error| panic!("{p}: {error}"));
        assert!(policy.acceptance_probability() < 1e-6, "{p}");
    }
    // Three zeros in a row, but no character twice in a row: no password at all.
    let p = "len = 3, lower == 0, upper == 0, digits = \"01\", \"0\" >= 3, max_consecutive = 2";
    fails(
        p,
        &[Expect {
            at: 0..p.len(),
            message: "no password satisfies all of these rules",
            related: vec![
                (find(p, "\"0\" >= 3"), "this rule is one of them"),
                (find(p, "max_consecutive = 2"), "this rule is one of them"),
            ],
        }],
    );
    let p = "len = 256, lower | digits >= 30, lower | upper >= 30, upper | digits >= 30, \
             lower | symbols >= 30, upper | symbols >= 30, digits | symbols >= 30";
    let error = CheckedPolicy::parse(p).unwrap_err();
    assert!(
        error
            .message()
            .starts_with("these rules are too intricate to count exactly (about "),
        "{}",
        error.message()
    );
    assert!(error
        .message()
        .ends_with("use fewer or smaller bounds on overlapping targets"));
    assert_eq!(error.span(), 0..p.len());
    // With a run limit the advice names it: that is what makes these bounds costly.
    let p = "len = 256, lower | digits >= 30, lower | upper >= 30, upper | digits >= 30, \
             lower | symbols >= 30, upper | symbols >= 30, digits | symbols >= 30, \
             max_consecutive = 2";
    let error = CheckedPolicy::parse(p).unwrap_err();
    assert!(
        error.message().ends_with(
            "with `max_consecutive`, lower the class bounds or `len`, or drop `max_consecutive`"
        ),
        "{}",
        error.message()
    );
}

#[test]
fn too_many_constraints() {
    let rules: Vec<String> = ('a'..='z')
        .chain('A'..='H')
        .map(|c| format!("\"{c}\" <= 9"))
        .collect();
    let p = format!("len = 10, {}", rules.join(", "));
    fails(
        &p,
        &[at(
            &p,
            "\"G\" <= 9",
            "more than 32 targets are counted; merge some of these rules, for example into unions",
        )],
    );
}

#[test]
fn syntax_errors_and_checks_together() {
    let p = "len = 10 digits >= 2";
    fails(
        p,
        &[at(
            p,
            "digits",
            "expected `,` between rules, found `digits`",
        )],
    );
    let p = "len = 10, lower | >= 1";
    fails(
        p,
        &[at(
            p,
            ">=",
            "expected a class or a quoted set of characters after `|`, found `>=`",
        )],
    );
    let p = "len = 10, digits 2";
    fails(
        p,
        &[at(
            p,
            "2",
            "expected `=`, `>=`, `<=` or `==` after `digits`, found `2`",
        )],
    );
    let p = "len = 10, digits >=";
    fails(
        p,
        &[at(
            p,
            "digits >=",
            "expected a number or a string after `>=`, found the end of the policy",
        )],
    );
    let p = "len = 10,, digits >= 1";
    fails(
        p,
        &[Expect {
            at: 9..10,
            message: "expected a rule such as `len = 16` or `digits >= 2`, found `,`",
            related: vec![],
        }],
    );
    let p = "len = 10, symbols = \"a\\qb\"";
    fails(
        p,
        &[at(p, "\\q", "unknown escape `\\q` in a string; write `\\\\` for a backslash, or use `\\n`, `\\t`, `\\\"`, `\\u{...}`")],
    );
    let p = "len = 10, symbols = \"abc";
    fails(
        p,
        &[at(p, "\"abc", "unterminated string; close it with `\"`")],
    );
    // Every problem of the policy, in the order of the text.
    let p = "len = 10; digits >= 2, digit >= 1, lower >= 1 upper";
    fails(
        p,
        &[
            at(p, ";", "expected `,` between rules, found `;`"),
            Expect {
                at: 23..28,
                message: "unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `digits`?)",
                related: vec![],
            },
            at(p, "upper", "expected `,` between rules, found `upper`"),
        ],
    );
}

#[test]
fn the_cards_policy_and_trailing_comma() {
    let policy = CheckedPolicy::parse("len = 10, lower >= 1, upper >= 1, digits >= 3,").unwrap();
    assert_eq!(policy.password_count(), Some(172_120_264_792_320_000));
    assert_eq!(format!("{:.4}", policy.entropy_bits()), "57.2562");
    assert_eq!(format!("{:.4}", policy.acceptance_probability()), "0.2051");
    let from_str: CheckedPolicy = "len = 10, lower >= 1, upper >= 1, digits >= 3"
        .parse()
        .unwrap();
    assert_eq!(from_str, policy);
}

#[test]
fn one_mistake_one_message() {
    // A broken rule on a class leaves the alphabet unsure: nothing else is blamed for it.
    let p = "len = 10, symbols >= abc, \"!\" >= 1";
    fails(
        p,
        &[at(
            p,
            "abc",
            "a count takes a number, found `abc`; write it in digits, as in `symbols >= 1`",
        )],
    );
    let p = "len = 10, symbols = \"!!\", \"!\" >= 1";
    fails(
        p,
        &[at(
            p,
            "\"!!\"",
            "`!` appears more than once in `symbols`; list each character once",
        )],
    );
    // A rule about `len`, however wrong, is not also a missing `len`.
    let p = "len >= 10, digits >= 2";
    fails(
        p,
        &[Expect {
            at: 4..6,
            message: "`len` is set with `=`, as in `len = 10`",
            related: vec![],
        }],
    );
    // A bad `len` skips the checks against it.
    let p = "len = 0, digits >= 3, lower >= 4";
    fails(p, &[at(p, "0", "`len` must be at least 1, found `0`")]);
}

/// A policy is data (a configuration file, a command-line argument): a long custom class is
/// refused with the usual message, without comparing every character with every other one
/// (for the 100,000 characters here, some 10^10 comparisons: minutes instead of a moment).
#[test]
fn long_custom_classes_are_checked_in_linear_time() {
    // CJK ideographs and the unassigned code points between their blocks: no combining mark or
    // format character, which a class cannot hold.
    let many: String = (0x2_0000u32..0x2_0000 + 100_000)
        .filter_map(char::from_u32)
        .collect();
    let listed = |message: &str| message.matches('`').count() / 2;

    // Every character twice: each repeat is named once.
    let p = format!("len = 10, symbols = \"{many}{many}\"");
    let error = CheckedPolicy::parse(&p).unwrap_err();
    assert!(
        error
            .message()
            .ends_with(" appear more than once in `symbols`; list each character once"),
        "{}",
        &error.message()[error.message().len() - 80..]
    );
    assert_eq!(listed(error.message()), 100_000 + 1);
    assert_eq!(error.diagnostics().len(), 1);

    // Two custom classes with the same characters: every shared one is named.
    let p = format!("len = 10, lower = \"{many}\", upper = \"{many}\"");
    let error = CheckedPolicy::parse(&p).unwrap_err();
    assert!(
        error
            .message()
            .starts_with("`upper` shares `\u{20000}`, `\u{20001}`"),
        "{}",
        &error.message()[..80]
    );
    assert!(error
        .message()
        .ends_with(" with `lower`; remove them from one of the two"));
    assert_eq!(listed(error.message()), 100_000 + 2);
}

/// Literals of kinds the grammar never takes (`b"!@"`, `'!'`, `3.`) reach the macro as single
/// tokens, so `CheckedPolicy::parse` names them whole too, with the macro's very messages (the
/// macro's side is pinned in `secrets-macros/src/report.rs`).
#[test]
fn literals_the_grammar_never_takes_are_named_whole_as_by_the_macro() {
    let p = "len = 10, symbols = b\"!@\"";
    fails(
        p,
        &[at(
            p,
            "b\"!@\"",
            "expected a number or a string after `=`, found `b\"!@\"`",
        )],
    );
    let p = "len = 10, symbols = '!'";
    fails(
        p,
        &[at(
            p,
            "'!'",
            "expected a number or a string after `=`, found `'!'`",
        )],
    );
    let p = "len = 10, 'a' >= 1";
    fails(
        p,
        &[at(
            p,
            "'a'",
            "expected a rule such as `len = 16` or `digits >= 2`, found `'a'`",
        )],
    );
    let p = "len = 10, digits >= 3.";
    fails(
        p,
        &[at(
            p,
            "3.",
            "`3.` is not a plain number; write digits only, as in `digits >= 1`",
        )],
    );
    // A raw identifier is one name, `r#` included.
    let p = "len = 10, r#lower >= 1";
    fails(
        p,
        &[at(
            p,
            "r#lower",
            "unknown class `r#lower`; expected one of `lower`, `upper`, `digits`, `symbols` \
             (did you mean `lower`?)",
        )],
    );
}

/// A policy that allows a single password would hand out a constant: refused, from the grammar
/// and from a website's `passwordrules` alike.
#[test]
fn a_policy_with_only_one_password_is_refused() {
    let message =
        "these rules allow only one password, which is no secret (0 bits of entropy); allow \
                   more characters or loosen the rules";
    let p = r#"len = 8, lower = "a", upper == 0, digits == 0"#;
    fails(
        p,
        &[Expect {
            at: 0..p.len(),
            message,
            related: Vec::new(),
        }],
    );
    // A site's rules are refused in the site's terms, for every length its bounds allow.
    let site = r"minlength: 20; required: [\];";
    let error = CheckedPolicy::from_passwordrules(site).unwrap_err();
    assert_eq!(
        error.message(),
        "these properties allow at most one password of each length from 20 to 256, which is \
         no secret (0 bits of entropy); allow more characters"
    );
    let site = r"minlength: 12; maxlength: 12; required: [\];";
    let error = CheckedPolicy::from_passwordrules(site).unwrap_err();
    assert_eq!(
        error.message(),
        "these properties allow only one password of 12 characters, which is no secret (0 bits \
         of entropy); allow more characters"
    );
    // One character of a one-character alphabet, the same.
    let p = r#"len = 1, lower = "a", upper == 0, digits == 0"#;
    fails(
        p,
        &[Expect {
            at: 0..p.len(),
            message,
            related: Vec::new(),
        }],
    );
    // Without `upper == 0, digits == 0` the default classes stay in: 37 passwords.
    let one_character = CheckedPolicy::parse(r#"len = 1, lower = "a""#).unwrap();
    assert_eq!(one_character.password_count(), Some(37));
    // Two passwords are enough to be accepted (one bit).
    let two = CheckedPolicy::parse(r#"len = 1, lower = "ab", upper == 0, digits == 0"#).unwrap();
    assert_eq!(two.password_count(), Some(2));
}

/// The problems of `text` must be exactly `listed` of `message`, in the order of the text,
/// followed by the one that says more were found, on the whole text.
fn assert_limited(text: &str, listed: usize, message: &str) {
    let error = CheckedPolicy::parse(text).unwrap_err();
    let diagnostics = error.diagnostics();
    assert_eq!(diagnostics.len(), listed + 1, "{text:.60}");
    assert!(diagnostics[..listed].iter().all(|d| d.message() == message));
    assert!(diagnostics[..listed]
        .windows(2)
        .all(|pair| pair[0].span().start < pair[1].span().start));
    let last = &diagnostics[listed];
    assert_eq!(last.message(), syntax::more_problems(listed));
    assert_eq!(*last.span(), 0..text.len());
    assert_eq!(last.kind(), secrets_policy::DiagnosticKind::MoreProblems);
}

#[test]
fn an_error_lists_a_hundred_problems_then_says_there_are_more() {
    // Exactly 100: all listed, no note.
    let hundred = format!("len = 10{}", ",".repeat(101));
    let error = CheckedPolicy::parse(&hundred).unwrap_err();
    assert_eq!(error.diagnostics().len(), 100);
    assert!(error
        .diagnostics()
        .iter()
        .all(|d| d.message() == syntax::expected_rule(Some(","))));
    // One more, and a million more: the first 100, in order, and one note.
    for commas in [102, 1_000_000] {
        let text = format!("len = 10{}", ",".repeat(commas));
        assert_limited(&text, 100, &syntax::expected_rule(Some(",")));
    }
    // Problems inside one string literal (the lexer stops keeping them too).
    let escapes = format!("len = 10, symbols = \"{}\"", "\\q".repeat(100_000));
    assert_limited(&escapes, 100, &syntax::unknown_escape("\\q"));
    // The website rules: 300,000 bad properties (900 kB, within the 1 MiB limit on texts).
    let rules = "@; ".repeat(300_000);
    let error = CheckedPolicy::from_passwordrules(&rules).unwrap_err();
    assert_eq!(error.diagnostics().len(), 101);
    assert_eq!(
        error.diagnostics()[100].message(),
        syntax::more_problems(100)
    );
}

/// Code that acts on a refusal reads its kind: the whole-policy refusals have kinds of their
/// own, from the grammar and from a website's rules alike, and every other problem is `Other`.
#[test]
fn refusals_carry_their_kind() {
    use secrets_policy::DiagnosticKind;
    let kind = |p: &str| {
        let error = CheckedPolicy::parse(p).unwrap_err();
        let kinds: Vec<DiagnosticKind> = error
            .diagnostics()
            .iter()
            .map(secrets_policy::Diagnostic::kind)
            .collect();
        kinds
    };
    assert_eq!(
        kind("len = 3, lower == 0, upper == 0, digits = \"01\", \"0\" >= 3, max_consecutive = 2"),
        [DiagnosticKind::NoPassword]
    );
    assert_eq!(
        kind(r#"len = 8, lower = "a", upper == 0, digits == 0"#),
        [DiagnosticKind::OnePassword]
    );
    assert_eq!(
        kind(
            "len = 256, lower | digits >= 30, lower | upper >= 30, upper | digits >= 30, \
             lower | symbols >= 30, upper | symbols >= 30, digits | symbols >= 30"
        ),
        [DiagnosticKind::TooIntricate]
    );
    assert_eq!(kind("len = 8, lowr >= 1"), [DiagnosticKind::Other]);
    let site = r"minlength: 12; maxlength: 12; required: [\];";
    let error = CheckedPolicy::from_passwordrules(site).unwrap_err();
    assert_eq!(error.diagnostics()[0].kind(), DiagnosticKind::OnePassword);
}
