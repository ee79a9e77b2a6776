//! The `passwordrules` front end: websites' password rules, as Safari, iOS and
//! apple/password-manager-resources write them, imported into the rule core.
//!
//! Three passes, one file each: [`parse`] reads the text into properties with byte spans,
//! [`translate`] turns them into a [`PolicySpec`](crate::model::PolicySpec) whose spans point
//! back into the text, and [`crate::check`] checks that spec exactly as it checks the macro's and
//! `CheckedPolicy::parse`'s, so the core's rules and messages are the same for all three front ends.
//! Sets of characters are [`charset::CharSet`] bit sets. The `passwordrules` feature.

mod charset;
mod length;
mod parse;
mod translate;

use crate::{diagnostic, CheckedPolicy, PolicyError};

impl CheckedPolicy {
    /// The length of a password imported from `passwordrules` when the site's bounds allow it:
    /// 20 characters, the length of Safari's automatic strong passwords.
    ///
    /// The language gives only bounds (`minlength`, `maxlength`), so a length must be chosen:
    /// this one, or the number of `required` properties if that is more (each claims a
    /// character of its own), raised to `minlength` or lowered to `maxlength` when it falls
    /// outside them. A site without `maxlength` gets 20, a site with `maxlength: 12` gets 12,
    /// one with `minlength: 32` gets 32.
    ///
    /// When the rules cannot be met at that length but can at another within the bounds, the
    /// nearest such length is chosen: longer when there is no room at 20 (fifteen `a`s that
    /// `max-consecutive: 1` keeps apart need 29 characters), shorter when the rules are too
    /// intricate to count exactly at 20. When no length within the bounds works, the import
    /// is refused in the site's terms ("no password of up to 28 characters satisfies all of
    /// these properties").
    ///
    /// Needs the `passwordrules` feature (on by default).
    pub const PASSWORDRULES_TARGET_LEN: usize = 20;

    /// Imports a website's password rules written in the `passwordrules` language (Safari, iOS,
    /// and apple/password-manager-resources), for example
    /// `minlength: 8; maxlength: 16; required: lower; required: upper; required: digit;`.
    ///
    /// Needs the `passwordrules` feature (on by default).
    ///
    /// # The language
    /// The version followed is the one of apple/password-manager-resources after its pull
    /// request 1255 (merged 2026-09-10), which added `max-repeating` and `max-sequential` and
    /// made `max-consecutive` an alias for both. Properties `name: value` separated by `;`:
    /// - `minlength: N`, `maxlength: N`: bounds on the length. The length chosen is
    ///   [`CheckedPolicy::PASSWORDRULES_TARGET_LEN`] moved into the bounds, or the nearest length
    ///   within them that the rules allow (see there).
    /// - `max-repeating: N`: no character repeated more than `N` times in a row (the grammar's
    ///   `max_consecutive = N`).
    /// - `max-sequential: N`: no more than `N` characters in a row that step by one, up or
    ///   down, within `a-z`, `A-Z` or `0-9` (`abc`, `321`; the grammar's `max_sequential = N`).
    ///   Precisely: a step goes by character code, up or down by one, between two characters of
    ///   the same one of those three ranges, whatever class or custom set they come from
    ///   (`[ace]` has no step, although its characters are next to each other in the set;
    ///   `[abcd]` has six); nothing else steps (symbols, `Za`, `9A`);
    ///   `9` to `0` and `z` to `a` do not wrap; a run keeps one direction, so `aba` and `abab`
    ///   are runs of 2, which `max-sequential: 2` allows.
    /// - `max-consecutive: N`: both of the above, as the language now defines it: no character
    ///   repeated more than `N` times in a row, and no run of more than `N` steps as just said
    ///   (so `max-consecutive: 2` refuses `aaa` and `abc`, and allows `aab`, `abab` and `8901`).
    /// - `required: CLASS, CLASS, ...`: at least one character from the union of the classes.
    ///   Each `required` property claims a character of its own, so a repeated `required` asks
    ///   for one more (`required: digit; required: digit` means two digits), and overlapping
    ///   ones add up (`required: lower; required: lower, upper` means two letters, one of them
    ///   lower case).
    /// - `allowed: CLASS, ...`: characters the password may also contain.
    ///
    /// The password's alphabet is the union of every `required` and `allowed` class; with
    /// neither, every ASCII printable character, as the language says. Classes: `upper`,
    /// `lower`, `digit`, `special` (every ASCII printable character that is not a letter or a
    /// digit, the space included), `ascii-printable` (`U+0020` to `U+007E`, the space
    /// included), `unicode`, and custom sets in brackets such as `[-!@#]`. Class names ignore
    /// case (`Digit`); property names do not, as in the reference parser.
    ///
    /// In a custom set a `-` stands for itself only as the first character and a `]` only as
    /// the last one, written right before the closing bracket (`[-!]]` is `-`, `!` and `]`); a
    /// `;` or `[` inside stands for itself. The characters the language cannot name (anything
    /// outside ASCII printable, such as `§`) are ignored in a set, as the language defines; the
    /// password then simply does not use them, which every site that allows or requires them
    /// still accepts, unless nothing is left of the set, which is an error.
    ///
    /// # Where this differs from the reference parser
    /// `tools/PasswordRulesParser.js` of apple/password-manager-resources silently ignores some
    /// things; here each is an error that says where and what, since a rule ignored could make
    /// a password the site refuses:
    /// - an unknown property or class (the reference drops the whole text);
    /// - a `-` anywhere but first in a set (the reference drops it, so `[a-z]` would mean `a`
    ///   and `z`);
    /// - a property without a value, such as `minlength: ;` (the reference drops the property);
    /// - an empty set `[]` (dropped by the reference);
    /// - `maxlength: 0` and a limit on runs of 0 (the reference ignores a value of 0, so that
    ///   `maxlength: 0` means no maximum there: a site that wrote it meant something else);
    /// - `minlength` above `maxlength`.
    ///
    /// And two leniencies, where the reference loses more than the text says:
    /// - Whitespace is accepted between any two parts. The reference drops the whole text for
    ///   whitespace before a `:` (`maxlength : 16`), and drops the one property for whitespace
    ///   between a number and the `;` after it (`minlength: 8 ;`).
    /// - An empty property (a leading `;`, or `;;` as in `minlength: 8;; maxlength: 10`) is
    ///   skipped. The reference keeps the properties before it and drops it and every property
    ///   after it (all of them for a leading `;`).
    ///
    /// Repeated `minlength`, `maxlength` or limits on runs keep the tightest value, as in the
    /// reference, since all of them must hold (`max-repeating: 2; max-consecutive: 3` limits
    /// repeats to 2 and sequences to 3).
    ///
    /// `unicode` stands for the ASCII printable characters: a site that allows every character
    /// accepts those, and the rest of Unicode cannot be enumerated into an alphabet.
    ///
    /// The result goes through the very checks of [`CheckedPolicy::parse`] and `password_policy!`: in
    /// the core's terms the alphabet is split into `lower`, `upper`, `digits` and `symbols` (all
    /// else, the space included), and each requirement becomes a count rule.
    ///
    /// # Errors
    /// Every problem found, each with the byte range of the text it is about: text that does
    /// not read as the language, and rules no password of any length the site allows satisfies
    /// (such as more `required` properties than `maxlength` characters) or that the core
    /// refuses at every such length. These are said in the site's terms (`maxlength`,
    /// `max-consecutive`, "these 3 `required` properties"), not in the policy grammar's. A text
    /// of more than [`MAX_POLICY_BYTES`](crate::syntax::MAX_POLICY_BYTES) (1 MiB) is refused
    /// unread.
    ///
    /// # Examples
    /// ```
    /// use secrets_policy::{Class, CheckedPolicy};
    ///
    /// let policy = CheckedPolicy::from_passwordrules(
    ///     "minlength: 8; maxlength: 12; required: lower, upper; required: digit; allowed: [-_];",
    /// )
    /// .unwrap();
    /// assert_eq!(policy.len(), 12);
    /// assert_eq!(policy.class_chars(Class::Symbols), "-_");
    /// assert!(policy.is_satisfied_by("abc-def_ghi1"));
    /// assert!(!policy.is_satisfied_by("abc-def_ghij"));
    ///
    /// let error = CheckedPolicy::from_passwordrules("minlength: 8; required: digits").unwrap_err();
    /// assert!(error.message().starts_with("unknown character class `digits`"));
    /// assert_eq!(error.span(), 24..30);
    ///
    /// // `max-consecutive` limits repeats and sequences alike.
    /// let site = CheckedPolicy::from_passwordrules("maxlength: 4; max-consecutive: 2; allowed: lower, digit")
    ///     .unwrap();
    /// assert_eq!((site.max_consecutive(), site.max_sequential()), (Some(2), Some(2)));
    /// for allowed in ["aabb", "abab", "8901", "zy10"] {
    ///     assert!(site.is_satisfied_by(allowed), "{allowed}");
    /// }
    /// for refused in ["aaab", "abcd", "9012", "xcba"] {
    ///     assert!(!site.is_satisfied_by(refused), "{refused}");
    /// }
    ///
    /// // Steps by character code, not by place in a set: `[ace]` has none, `[abcd]` six pairs.
    /// let gaps = CheckedPolicy::from_passwordrules("maxlength: 2; max-sequential: 1; allowed: [ace]")
    ///     .unwrap();
    /// assert_eq!(gaps.password_count(), Some(9));
    /// let steps = CheckedPolicy::from_passwordrules("maxlength: 2; max-sequential: 1; allowed: [abcd]")
    ///     .unwrap();
    /// assert_eq!(steps.password_count(), Some(16 - 6));
    /// ```
    #[inline]
    pub fn from_passwordrules(rules: &str) -> Result<CheckedPolicy, PolicyError> {
        PolicyError::check_size(rules)?;
        let whole = 0..rules.len();
        let (properties, mut syntax_errors) = parse::parse(rules);
        let checked = match translate::translate(&properties, &whole) {
            Ok(translation) if syntax_errors.is_empty() => length::choose(&translation, &whole),
            // As for the other front ends: with syntax errors only the checks of each rule on
            // its own run, and every problem comes back in the order of the text.
            Ok(translation) => {
                let spec = translation.spec(translation.preferred_len());
                crate::check_parsed(&spec, syntax_errors, &whole, crate::range_start)
            }
            Err(translation_errors) => {
                syntax_errors.extend(translation_errors);
                let keys = syntax_errors
                    .iter()
                    .map(|diagnostic| (diagnostic.span().start as u64, 0))
                    .collect();
                crate::order::reorder(&mut syntax_errors, &crate::order::stable_order(keys));
                Err(syntax_errors)
            }
        };
        checked.map_err(|mut diagnostics| {
            diagnostic::limit(&mut diagnostics, &whole);
            PolicyError::new(rules, diagnostics)
        })
    }
}
