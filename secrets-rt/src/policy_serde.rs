//! `serde` support for [`Policy`] (the `serde` feature): a policy is written as its grammar
//! text and read back through [`Policy::parse`], with every check.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::Policy;

/// Writes the policy as its grammar text, its [`Display`](fmt::Display): `"len = 16, digits >=
/// 2"`, which [`Policy::parse`] (and so `Deserialize`) reads back to an equal policy.
impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads a policy from a string in the grammar of [`password_policy!`](crate::password_policy),
/// through [`Policy::parse`]: a policy in a configuration file gets every check the macro
/// makes at compile time, and a bad one fails with the rule core's message, quoting the rule at
/// fault (the format adds where in the file).
///
/// # Examples
/// ```
/// use secrets_rt::Policy;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Config {
///     service: String,
///     password_policy: Policy,
/// }
///
/// let config: Config = serde_json::from_str(
///     r#"{ "service": "mail", "password_policy": "len = 16, digits >= 2, symbols >= 1" }"#,
/// )?;
/// assert_eq!(config.password_policy.len(), 16);
/// let password = config.password_policy.generate();
/// assert!(config.password_policy.is_satisfied_by(&password));
///
/// let error = serde_json::from_str::<Config>(
///     r#"{ "service": "mail", "password_policy": "len = 16, digit >= 2" }"#,
/// )
/// .err()
/// .unwrap();
/// assert!(error.to_string().starts_with("unknown class `digit`;"));
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Policy, D::Error> {
        deserializer.deserialize_str(PolicyText)
    }
}

/// Turns the string a format found into a checked policy.
struct PolicyText;

impl Visitor<'_> for PolicyText {
    type Value = Policy;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a password policy such as \"len = 16, digits >= 2\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Policy, E> {
        Policy::parse(text).map_err(E::custom)
    }
}
