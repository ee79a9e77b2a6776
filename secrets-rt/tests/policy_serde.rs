//! The `serde` feature: a `Policy` in a configuration file is its grammar text, read back
//! through `Policy::parse` with every check, and a bad one fails with the rule core's message.
#![cfg(feature = "serde")]

use secrets_rt::{password_policy, Policy};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Config {
    service: String,
    policy: Policy,
}

#[test]
fn a_policy_round_trips_through_json_as_its_grammar_text() {
    const STRONG: Policy = password_policy!(len = 10, lower >= 1, upper >= 1, digits >= 3);
    let policies = [
        STRONG,
        Policy::parse("len = 12, symbols = \"!@#\", exclude = \"Il1O0\", max_consecutive = 2")
            .unwrap(),
        Policy::parse("len = 16, lower | upper >= 2, \"\\\"\" <= 1, symbols >= 0").unwrap(),
        Policy::from_passwordrules("minlength: 12; required: lower; required: digit;").unwrap(),
    ];
    for policy in policies {
        let config = Config {
            service: "mail".to_owned(),
            policy,
        };
        let json = serde_json::to_string(&config).unwrap();
        // The policy is written as its `Display`, a JSON string.
        let expected = serde_json::to_string(&config.policy.to_string()).unwrap();
        assert_eq!(json, format!(r#"{{"service":"mail","policy":{expected}}}"#));
        let back: Config = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config, "{json}");
        assert!((back.policy.entropy_bits() - config.policy.entropy_bits()).abs() < 1e-12);
    }
    // A bare policy too.
    let policy: Policy = serde_json::from_str(r#""len = 8, lower == 0, upper == 0""#).unwrap();
    assert_eq!(
        serde_json::to_string(&policy).unwrap(),
        r#""len = 8, lower == 0, upper == 0""#
    );
}

#[test]
fn a_bad_policy_fails_with_the_rule_cores_message_quoting_the_rule() {
    let json = r#"{"service": "mail", "policy": "len = 10, digit >= 3"}"#;
    let error = serde_json::from_str::<Config>(json).unwrap_err();
    let parse_error = Policy::parse("len = 10, digit >= 3").unwrap_err();
    // The rule core's own line, quoting `digit`, then where serde_json found it.
    assert_eq!(
        error.to_string(),
        format!("{parse_error} at line 1 column 52")
    );
    assert!(error
        .to_string()
        .starts_with("unknown class `digit`; expected one of `lower`, `upper`, `digits`, `symbols` (did you mean `digits`?) (at `digit`, bytes 10..15)"));
    assert!(error.is_data());

    // A policy that parses but no password satisfies is refused with the check's message.
    let error = serde_json::from_str::<Policy>(r#""len = 8, lower >= 3, upper >= 3, digits >= 3""#)
        .unwrap_err();
    assert!(
        error.to_string().starts_with(
            "the minimums add up to 9, more than `len = 8`; lower them or raise `len`"
        ),
        "{error}"
    );
}

#[test]
fn a_policy_must_be_a_string() {
    let error = serde_json::from_str::<Policy>("16").unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `16`, expected a password policy such as \"len = 16, digits >= 2\" at line 1 column 2"
    );
}
