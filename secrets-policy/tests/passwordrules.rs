//! `CheckedPolicy::from_passwordrules` on hand-written cases: every property and class, the custom set
//! rules for `-` and `]`, repeated and overlapping `required`, the length chosen, and bad input
//! (message and byte range).

use proptest::prelude::*;
use secrets_policy::{alphabet, CheckedPolicy, Class, Constraint, Operand, PolicyError};

fn import(text: &str) -> CheckedPolicy {
    CheckedPolicy::from_passwordrules(text).unwrap_or_else(|error| panic!("{text:?}: {error}"))
}

fn refuse(text: &str) -> PolicyError {
    match CheckedPolicy::from_passwordrules(text) {
        Ok(policy) => panic!("{text:?} imported as {policy:?}"),
        Err(error) => error,
    }
}

/// The message of the first problem and the text it points at.
fn first_problem(text: &str) -> (String, &str) {
    let error = refuse(text);
    (error.message().to_owned(), &text[error.span()])
}

fn classes(policy: &CheckedPolicy) -> [&str; 4] {
    Class::ALL.map(|class| policy.class_chars(class))
}

fn at_least(target: &[Operand], min: u16, len: usize) -> Constraint {
    Constraint::__from_checked_parts(target.to_vec().into(), min, len as u16)
}

fn chars(set: &'static str) -> Operand {
    Operand::Chars(set.into())
}

const SPECIAL: &str = r##" !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;

#[test]
fn a_typical_site() {
    let policy =
        import("minlength: 8; maxlength: 16; required: lower; required: upper; required: digit;");
    assert_eq!(policy.len(), 16);
    assert_eq!(
        classes(&policy),
        [
            alphabet::ASCII_LOWERCASE,
            alphabet::ASCII_UPPERCASE,
            alphabet::DIGITS,
            ""
        ]
    );
    assert_eq!(
        policy.constraints(),
        [
            at_least(&[Operand::Class(Class::Lower)], 1, 16),
            at_least(&[Operand::Class(Class::Upper)], 1, 16),
            at_least(&[Operand::Class(Class::Digits)], 1, 16),
        ]
    );
    assert!(policy.is_satisfied_by("abcdefghijkLMN12"));
    assert!(!policy.is_satisfied_by("abcdefghijkLMNOP"), "no digit");
    assert!(!policy.is_satisfied_by("abcdefghijkLMN1"), "15 characters");
}

#[test]
fn no_required_or_allowed_means_every_ascii_printable_character() {
    let policy = import("minlength: 6;");
    assert_eq!(
        classes(&policy),
        [
            alphabet::ASCII_LOWERCASE,
            alphabet::ASCII_UPPERCASE,
            alphabet::DIGITS,
            SPECIAL
        ]
    );
    assert_eq!(policy.alphabet().len(), 95);
    assert!(policy.constraints().is_empty());
    assert!(
        policy.is_satisfied_by("a b~c d!e f g h i j "),
        "spaces are allowed: {}",
        policy.len()
    );
    // The empty text says the same.
    assert_eq!(import(""), import("   "));
    assert_eq!(import("").alphabet(), policy.alphabet());
}

#[test]
fn named_classes() {
    let only = |class: &str| classes(&import(&format!("allowed: {class}"))).map(str::to_owned);
    assert_eq!(only("upper"), ["", alphabet::ASCII_UPPERCASE, "", ""]);
    assert_eq!(only("lower"), [alphabet::ASCII_LOWERCASE, "", "", ""]);
    assert_eq!(only("digit"), ["", "", alphabet::DIGITS, ""]);
    // `special` is every printable non-alphanumeric character, the space included.
    assert_eq!(only("special"), ["", "", "", SPECIAL]);
    let everything = [
        alphabet::ASCII_LOWERCASE,
        alphabet::ASCII_UPPERCASE,
        alphabet::DIGITS,
        SPECIAL,
    ];
    assert_eq!(only("ascii-printable"), everything);
    // `unicode` stands for the ASCII printable characters, which every such site accepts.
    assert_eq!(only("unicode"), everything);
    // Class names ignore case.
    assert_eq!(only("Digit"), only("DIGIT"));
    assert_eq!(only("ASCII-Printable"), everything);
}

#[test]
fn custom_sets_dash_and_bracket() {
    let symbols = |text: &str| import(text).class_chars(Class::Symbols).to_owned();
    // A `-` first stands for itself.
    assert_eq!(symbols("allowed: [-!]"), "!-");
    // (With digits beside it: a one-character alphabet allows only one password, refused.)
    assert_eq!(symbols("allowed: digit, [-]"), "-");
    // A `]` right before the closing one stands for itself.
    assert_eq!(symbols("allowed: [!]]"), "!]");
    assert_eq!(symbols("allowed: digit, []]"), "]");
    assert_eq!(symbols("allowed: [-]]"), "-]");
    // `[`, `;`, `,` and the space inside a set are members.
    assert_eq!(symbols("allowed: [[;, ]"), " ,;[");
    // Repeats are one member; characters outside ASCII printable are ignored.
    assert_eq!(symbols("allowed: [!!\u{a7}$]"), "!$");
    // Letters and digits in a set go to their own classes.
    let policy = import("allowed: [aZ5_]");
    assert_eq!(classes(&policy), ["a", "Z", "5", "_"]);
}

#[test]
fn a_set_mixing_classes_is_one_union_target() {
    let policy =
        import("minlength: 12; maxlength: 12; required: upper, lower; required: digit, [!#];");
    assert_eq!(
        classes(&policy),
        [
            alphabet::ASCII_LOWERCASE,
            alphabet::ASCII_UPPERCASE,
            alphabet::DIGITS,
            "!#"
        ]
    );
    assert_eq!(
        policy.constraints(),
        [
            at_least(
                &[Operand::Class(Class::Lower), Operand::Class(Class::Upper)],
                1,
                12
            ),
            at_least(
                &[
                    Operand::Class(Class::Digits),
                    Operand::Class(Class::Symbols)
                ],
                1,
                12
            ),
        ]
    );
    assert!(policy.is_satisfied_by("ABCDEFGHIJK#"));
    assert!(!policy.is_satisfied_by("ABCDEFGHIJKL"));
    // A set that covers only part of a class is quoted.
    let policy = import("required: lower, [!]; allowed: [!#]");
    assert_eq!(
        policy.constraints(),
        [at_least(&[Operand::Class(Class::Lower), chars("!")], 1, 20)]
    );
}

#[test]
fn a_repeated_required_asks_for_one_more() {
    let policy = import("required: digit; required: lower; required: digit; allowed: upper");
    assert_eq!(
        policy.constraints(),
        [
            at_least(&[Operand::Class(Class::Digits)], 2, 20),
            at_least(&[Operand::Class(Class::Lower)], 1, 20),
        ]
    );
    assert!(policy.is_satisfied_by("ABCDEFGHIJKLMNOPQa12"));
    assert!(!policy.is_satisfied_by("ABCDEFGHIJKLMNOPQab1"));
}

#[test]
fn overlapping_requireds_each_claim_a_character() {
    // "a lowercase letter" and "a letter": two letters, one of them lower case.
    let policy = import("maxlength: 4; required: lower; required: lower, upper; allowed: digit");
    assert_eq!(
        policy.constraints(),
        [
            at_least(&[Operand::Class(Class::Lower)], 1, 4),
            at_least(
                &[Operand::Class(Class::Lower), Operand::Class(Class::Upper)],
                2,
                4
            ),
        ]
    );
    assert!(policy.is_satisfied_by("aB12"));
    assert!(policy.is_satisfied_by("ab12"));
    assert!(
        !policy.is_satisfied_by("a123"),
        "one letter cannot serve both"
    );
    assert!(!policy.is_satisfied_by("AB12"), "no lower case");
}

#[test]
fn max_consecutive() {
    let policy = import("maxlength: 6; max-consecutive: 2; allowed: digit");
    assert_eq!(policy.max_consecutive(), Some(2));
    assert!(policy.is_satisfied_by("112233"));
    assert!(!policy.is_satisfied_by("111223"));
    // The tightest of repeated limits holds.
    assert_eq!(
        import("max-consecutive: 3; max-consecutive: 2").max_consecutive(),
        Some(2)
    );
    // A limit the length cannot reach limits nothing.
    assert_eq!(
        import("maxlength: 5; max-consecutive: 5").max_consecutive(),
        None
    );
}

#[test]
fn the_length_chosen() {
    assert_eq!(CheckedPolicy::PASSWORDRULES_TARGET_LEN, 20);
    assert_eq!(import("allowed: lower").len(), 20);
    assert_eq!(import("minlength: 8; maxlength: 64").len(), 20);
    assert_eq!(import("maxlength: 12").len(), 12);
    assert_eq!(import("minlength: 32").len(), 32);
    assert_eq!(import("minlength: 256").len(), 256);
    assert_eq!(import("maxlength: 100000").len(), 20);
    // Repeated bounds: the greatest minimum and the least maximum.
    assert_eq!(
        import("minlength: 22; minlength: 21; maxlength: 30").len(),
        22
    );
    assert_eq!(import("maxlength: 15; maxlength: 18").len(), 15);
    // More `required` properties than 20: one character each.
    let many = "required: digit; ".repeat(24);
    assert_eq!(import(&many).len(), 24);
}

#[test]
fn whitespace_and_empty_properties_are_accepted() {
    let spaced = import(" minlength : 8 ;\n required :  digit ,  [!]  ;; maxlength:\t9 ");
    let tight = import("minlength:8;required:digit,[!];maxlength:9");
    assert_eq!(spaced, tight);
    assert_eq!(spaced.len(), 9);
    // The documented leniencies, where the reference parser drops more: the whole text for a
    // space before `:`, the property for a space before `;`, everything from an empty property.
    assert_eq!(import("maxlength : 16").len(), 16);
    assert_eq!(import("maxlength: 12 ; allowed: digit").len(), 12);
    assert_eq!(import("; maxlength: 12").len(), 12);
    assert_eq!(import("minlength: 8;; maxlength: 10").len(), 10);
    // A value of 0, which the reference ignores, is refused.
    assert_eq!(
        first_problem("maxlength: 0; required: digit"),
        (
            "`maxlength: 0` allows no password; give 1 or more".to_owned(),
            "maxlength: 0"
        )
    );
}

#[test]
fn unknown_names_are_errors_with_a_suggestion() {
    assert_eq!(
        first_problem("minlength: 8; min-length: 10"),
        (
            "unknown property `min-length`; expected one of `minlength`, `maxlength`, `required`, \
             `allowed`, `max-consecutive`, `max-repeating`, `max-sequential` (did you mean \
             `minlength`?)"
                .to_owned(),
            "min-length"
        )
    );
    assert_eq!(
        first_problem("required: lower, digits"),
        (
            "unknown character class `digits`; expected one of `upper`, `lower`, `digit`, \
             `special`, `ascii-printable`, `unicode` (did you mean `digit`?)"
                .to_owned(),
            "digits"
        )
    );
    // Property names are lower case, as in the reference parser.
    assert_eq!(first_problem("MaxLength: 8").1, "MaxLength");
}

#[test]
fn syntax_errors_say_where_and_what() {
    let cases: [(&str, &str, &str); 10] = [
        ("minlength 8", "expected `:` after `minlength`, found `8`", "8"),
        ("minlength: ;", "`minlength` needs a value, as in `minlength: 12`", "minlength: "),
        ("required:", "`required` needs a value, as in `required: digit`", "required:"),
        ("maxlength: ten", "expected a whole number after `maxlength:`, found `ten`", "ten"),
        ("maxlength: 10 12", "expected `;` after `maxlength: 10`, found `12`", "12"),
        ("maxlength: -1", "expected a whole number after `maxlength:`, found `-`", "-"),
        ("required: digit upper", "expected `,` or `;` after `digit`, found `upper`", "upper"),
        ("required: digit,", "expected a character class such as `digit` or `[-!@#]` in `required`, found the end of the rules", ""),
        ("= 3", "expected a property such as `minlength: 12` or `required: digit`, found `=`", "="),
        ("minlength: 99999999999999999999999", "`99999999999999999999999` is too large for `minlength`; write a smaller number", "99999999999999999999999"),
    ];
    for (text, message, snippet) in cases {
        assert_eq!(
            first_problem(text),
            (message.to_owned(), snippet),
            "{text:?}"
        );
    }
}

#[test]
fn custom_set_errors() {
    assert_eq!(
        first_problem("allowed: [a-z]"),
        (
            "`-` stands for itself only first in a class, as in `[-!@#]`; move it there (ranges \
             such as `a-z` are not part of the language: list the characters)"
                .to_owned(),
            "-"
        )
    );
    assert_eq!(
        first_problem("allowed: lower; required: []"),
        (
            "empty character class; list at least one character, as in `[-!@#]`".to_owned(),
            "[]"
        )
    );
    assert_eq!(
        first_problem("required: [\u{a7}\u{b0}]"),
        (
            "this character class has no ASCII printable character (the language ignores the \
             others); list at least one, as in `[-!@#]`"
                .to_owned(),
            "[\u{a7}\u{b0}]"
        )
    );
    assert_eq!(
        first_problem("required: [!@; minlength: 8"),
        (
            "unterminated character class; end it with `]`".to_owned(),
            "[!@; minlength: 8"
        )
    );
    // A `]` in the middle ends the set; what follows is out of place.
    assert_eq!(
        first_problem("required: [a]b]"),
        ("expected `,` or `;` after `[a]`, found `b`".to_owned(), "b")
    );
}

#[test]
fn rules_no_password_satisfies() {
    let text = "minlength: 12; maxlength: 8";
    let error = refuse(text);
    assert_eq!(
        error.message(),
        "`minlength: 12` is above `maxlength: 8`, so no length fits; lower the minimum or raise \
         the maximum"
    );
    assert_eq!(&text[error.span()], "minlength: 12");
    let related: Vec<&str> = error.diagnostics()[0]
        .related
        .iter()
        .map(|(span, _)| &text[span.clone()])
        .collect();
    assert_eq!(related, ["maxlength: 8"]);

    assert_eq!(first_problem("maxlength: 0").1, "maxlength: 0");
    assert_eq!(first_problem("max-consecutive: 0").1, "max-consecutive: 0");
    assert_eq!(
        first_problem("minlength: 300"),
        (
            "`minlength: 300` asks for more than 256 characters, the longest password a policy \
             can have"
                .to_owned(),
            "minlength: 300"
        )
    );
}

#[test]
fn every_problem_is_reported_in_order() {
    let text = "minlength: x; required: digits; maxlength: 4; allowed: [b-a]";
    let error = refuse(text);
    let snippets: Vec<&str> = error
        .diagnostics()
        .iter()
        .map(|d| &text[d.span.clone()])
        .collect();
    assert_eq!(snippets, ["x", "digits", "-"]);
    assert!(
        error.to_string().ends_with("; and 2 more problems"),
        "{error}"
    );
}

/// Whether a message speaks the site's language: none of the policy grammar's words (`len`,
/// `max_consecutive`, `digits >= 3`), which the site never wrote.
#[track_caller]
fn assert_in_site_terms(message: &str) {
    for word in [
        "`len",
        "len =",
        "max_consecutive",
        ">=",
        "<=",
        "==",
        "`digits",
        "`symbols",
        "`lower",
        "`upper",
        "these rules",
    ] {
        assert!(!message.contains(word), "{word:?} in {message:?}");
    }
}

#[test]
fn more_required_properties_than_characters_are_refused_in_the_sites_terms() {
    // Four characters required, three allowed: said on the properties, not on `len`.
    let text = "maxlength: 3; required: lower; required: upper; required: digit; required: special";
    let error = refuse(text);
    assert_eq!(
        error.message(),
        "these 4 `required` properties need 4 characters, one each, more than `maxlength: 3` \
         allows; require fewer characters or raise `maxlength`"
    );
    assert_eq!(
        &text[error.span()],
        "required: lower; required: upper; required: digit; required: special"
    );
    let related: Vec<(&str, &str)> = error.diagnostics()[0]
        .related
        .iter()
        .map(|(span, note)| (&text[span.clone()], note.as_str()))
        .collect();
    assert_eq!(
        related,
        [
            ("maxlength: 3", "the maximum is set here"),
            ("required: lower", "this property asks for one of them"),
            ("required: upper", "this property asks for one of them"),
            ("required: digit", "this property asks for one of them"),
            ("required: special", "this property asks for one of them"),
        ]
    );

    // Three `required: digit` lines, not `digits >= 3`.
    let text = "maxlength: 2; required: digit; required: digit; required: digit";
    let error = refuse(text);
    assert_eq!(
        error.message(),
        "these 3 `required` properties need 3 characters, one each, more than `maxlength: 2` \
         allows; require fewer characters or raise `maxlength`"
    );
    assert_eq!(
        &text[error.span()],
        "required: digit; required: digit; required: digit"
    );
    // Without `maxlength`, the longest password a policy can have is the bound.
    let text = "required: digit; ".repeat(257);
    assert_eq!(
        refuse(&text).message(),
        "these 257 `required` properties need 257 characters, one each, more than 256, the \
         longest password a policy can have; require fewer characters"
    );
}

#[test]
fn the_length_is_searched_within_the_sites_bounds() {
    // Fifteen `a`s, never two side by side, need 29 characters at least: the 20 preferred
    // cannot hold them, so the nearest length that the rules allow is chosen.
    let text = format!(
        "allowed: lower; max-consecutive: 1; {}",
        "required: [a]; ".repeat(15)
    );
    let policy = import(&text);
    let len = policy.len();
    assert!(len >= 29, "{len}");
    // The same rules in the grammar (`max-consecutive` limits repeats and sequences alike):
    // accepted at that length, refused one shorter.
    let rules = |len: usize| {
        format!(
            r#"len = {len}, upper == 0, digits == 0, "a" >= 15, max_consecutive = 1, max_sequential = 1"#
        )
    };
    assert_eq!(CheckedPolicy::parse(&rules(len)).as_ref(), Ok(&policy));
    assert!(CheckedPolicy::parse(&rules(len - 1)).is_err());
    assert!(policy.is_satisfied_by(&"ac".repeat(len)[..len]));
    assert!(!policy.is_satisfied_by(&format!("ab{}", &"ac".repeat(len)[..len - 2])));

    // Twelve digits among every ASCII printable character: the issue's example, which the
    // default 20 once refused with "raise `len`" though `maxlength` allows longer.
    let text = format!(
        "minlength: 8; maxlength: 64; {}allowed: ascii-printable",
        "required: digit; ".repeat(12)
    );
    let policy = import(&text);
    assert!((20..=64).contains(&policy.len()), "{}", policy.len());

    // When no length within the bounds holds a password, the refusal says so in the site's
    // terms, with notes on the properties involved and on the bound.
    let text = format!(
        "allowed: lower; max-consecutive: 1; {}maxlength: 28",
        "required: [a]; ".repeat(15)
    );
    let error = refuse(&text);
    assert_eq!(
        error.message(),
        "no password of up to 28 characters satisfies all of these properties; allow more \
         characters or raise `max-consecutive`"
    );
    let notes: Vec<(&str, &str)> = error.diagnostics()[0]
        .related
        .iter()
        .map(|(span, note)| (&text[span.clone()], note.as_str()))
        .collect();
    assert!(
        notes.contains(&("max-consecutive: 1", "this property is one of them")),
        "{notes:?}"
    );
    assert!(
        notes.contains(&("maxlength: 28", "the maximum is set here")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|(text, _)| text.starts_with("required: [a]")),
        "{notes:?}"
    );
}

#[test]
fn every_refusal_that_depends_on_the_length_is_in_the_sites_terms() {
    let texts = [
        // No password: the `a`s cannot be kept apart.
        format!(
            "maxlength: 10; max-consecutive: 1; allowed: lower; {}",
            "required: [a]; ".repeat(6)
        ),
        // One password of each length.
        "minlength: 20; required: [\\];".to_owned(),
        "minlength: 12; maxlength: 12; required: [\\];".to_owned(),
        // Four of each class, runs of at most two, at 256 characters: beyond exact counting.
        format!(
            "minlength: 256; max-consecutive: 2; {}",
            ["lower", "upper", "digit", "special"]
                .map(|class| format!("required: {class}; ").repeat(9))
                .concat()
        ),
        // A draw of eight characters that must hold seven given ones.
        "minlength: 8; maxlength: 8; required: [a]; required: [b]; required: [c]; \
         required: [d]; required: [e]; required: [f]; required: [g]; allowed: ascii-printable"
            .to_owned(),
        // More `required` properties than characters.
        "maxlength: 1; required: digit; required: digit".to_owned(),
    ];
    for text in &texts {
        // A core that outgrows one of these refusals may accept the rules: then nothing to say.
        if let Err(error) = CheckedPolicy::from_passwordrules(text) {
            assert_in_site_terms(error.message());
            for (_, note) in &error.diagnostics()[0].related {
                assert_in_site_terms(note);
            }
        }
    }
}

/// Pieces of the language, and a few that break it, for near-grammar strings.
const TOKENS: &[&str] = &[
    "minlength",
    "maxlength",
    "max-consecutive",
    "required",
    "allowed",
    "upper",
    "lower",
    "digit",
    "special",
    "ascii-printable",
    "unicode",
    "Digit",
    "bogus",
    ":",
    ";",
    ",",
    " ",
    "\n",
    "[",
    "]",
    "]]",
    "-",
    "[-",
    "[ab]",
    "[!@#]",
    "[\u{a7}]",
    "0",
    "1",
    "2",
    "3",
    "8",
    "12",
    "20",
    "300",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever the text, the import answers with a policy or an error whose ranges lie in
    /// the text, and never panics.
    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,60}") {
        check_answer(&text);
    }

    #[test]
    fn never_panics_on_near_grammar_text(
        tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..24)
    ) {
        check_answer(&tokens.concat());
    }
}

/// Values for the structured properties below, right and wrong for each name.
const VALUES: &[&str] = &[
    "1",
    "2",
    "3",
    "6",
    "8",
    "12",
    "24",
    "digit",
    "lower, upper",
    "upper",
    "special",
    "[-!]]",
    "[;,]",
    "unicode",
    "ascii-printable",
    "digit, [#$]",
    "[a-]",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Sequences of whole properties: mostly valid, so the core's checks and counting run on
    /// what the translation gives them.
    #[test]
    fn never_panics_on_property_sequences(
        properties in proptest::collection::vec(
            (
                proptest::sample::select(&["minlength", "maxlength", "max-consecutive", "required", "allowed"][..]),
                proptest::sample::select(VALUES),
            ),
            0..7,
        )
    ) {
        let text: Vec<String> = properties.iter().map(|(name, value)| format!("{name}: {value}")).collect();
        check_answer(&text.join("; "));
    }
}

fn check_answer(text: &str) {
    match CheckedPolicy::from_passwordrules(text) {
        Ok(policy) => assert!((1..=256).contains(&policy.len())),
        Err(error) => {
            for diagnostic in error.diagnostics() {
                assert!(
                    text.get(diagnostic.span.clone()).is_some(),
                    "{text:?}: {diagnostic:?}"
                );
            }
        }
    }
}

#[test]
fn rules_a_uniform_draw_almost_never_meets_import_all_the_same() {
    // Generation unranks a uniform index, so a strict site is no reason to refuse.
    let text = "minlength: 8; maxlength: 8; required: [a]; required: [b]; required: [c]; \
                required: [d]; required: [e]; required: [f]; required: [g]; allowed: ascii-printable";
    let policy = import(text);
    assert_eq!(policy.len(), 8);
    assert!(policy.acceptance_probability() < 1e-6);
}
