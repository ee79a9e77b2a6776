//! Bad input at scale: the inputs kept in `fuzz/regressions/` (found by `scripts/fuzz.sh`, or
//! written by hand from reviews) replayed through the fuzz checks, and huge inputs that must
//! fail cleanly, or be read, without aborting on an allocation.
//!
//! The tests marked `#[ignore]` are too slow for CI today, each for a reason named in the
//! attribute; `scripts/huge-inputs.sh` runs them in a release build, one at a time, with a time
//! limit, and prints how long each took and its peak memory.

#[path = "common/checks.rs"]
mod checks;

use std::panic::{catch_unwind, UnwindSafe};
use std::path::PathBuf;
use std::time::Instant;

use secrets_rt::{token_bytes, token_hex, token_urlsafe, Policy, Wordlist};

const MIB: usize = 1 << 20;

/// Every input kept for the fuzz target `target`, or none, said on standard error, when the
/// package is built outside its repository (from its published archive), which does not hold
/// the workspace's `fuzz/` folder.
fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let fuzz = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    if !fuzz.join("Cargo.toml").is_file() {
        eprintln!(
            "skipped: the fuzz regressions of `{target}` are in the repository's fuzz/ folder, \
             which {} does not have",
            fuzz.display()
        );
        return Vec::new();
    }
    let dir = fuzz.join("regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    inputs
}

#[test]
fn fuzz_regressions_pass_the_checks() {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bad-input-wordlist");
    for (path, bytes) in regressions("policy_parse") {
        println!("{}", path.display());
        checks::policy_text(&String::from_utf8_lossy(&bytes));
    }
    for (path, bytes) in regressions("passwordrules") {
        println!("{}", path.display());
        checks::passwordrules_text(&String::from_utf8_lossy(&bytes));
    }
    for (path, bytes) in regressions("wordlist") {
        println!("{}", path.display());
        checks::word_lines(&String::from_utf8_lossy(&bytes));
        checks::word_file(&bytes, &scratch);
    }
}

/// The panic message of `f`, which must panic.
fn panic_message<T>(f: impl FnOnce() -> T + UnwindSafe) -> String {
    let payload = catch_unwind(f).err().expect("a panic");
    payload
        .downcast_ref::<String>()
        .cloned()
        .expect("a formatted message")
}

#[test]
fn token_sizes_that_do_not_fit_in_memory_panic_with_the_function_name() {
    // `usize::MAX` bytes (and twice `usize::MAX / 2 + 1` hex digits) overflow before any
    // allocation; 2^60 bytes is beyond any x86-64 or AArch64 address space, so the allocator
    // refuses it whatever the overcommit setting. Either way: a panic naming the function and
    // the size, never an abort.
    for nbytes in [usize::MAX, usize::MAX / 2 + 1, 1 << 60] {
        let expected = |name: &str| {
            format!("{name}: a token of {nbytes} bytes does not fit in memory; ask for fewer bytes")
        };
        assert_eq!(
            panic_message(|| token_bytes(nbytes)),
            expected("token_bytes")
        );
        assert_eq!(panic_message(|| token_hex(nbytes)), expected("token_hex"));
        assert_eq!(
            panic_message(|| token_urlsafe(nbytes)),
            expected("token_urlsafe")
        );
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_64_tib_token_panics_rather_than_abort() {
    // Issue 10's case: 2^46 bytes fits in the address space, so only the kernel refuses it:
    // with heuristic (0) or strict (2) overcommit, a request beyond memory and swap fails.
    // With overcommit always on (1) it would be granted and then filled: skipped.
    let mode = std::fs::read_to_string("/proc/sys/vm/overcommit_memory").unwrap_or_default();
    if mode.trim() == "1" {
        eprintln!("skipped: vm.overcommit_memory = 1 would grant 64 TiB");
        return;
    }
    let message = panic_message(|| token_bytes(1 << 46));
    assert_eq!(
        message,
        "token_bytes: a token of 70368744177664 bytes does not fit in memory; ask for fewer bytes"
    );
}

/// Runs `f` on `input`, printing the time it took and the process's peak memory so far
/// (`scripts/huge-inputs.sh` runs each test in a process of its own).
fn timed(what: &str, input: &str, f: impl FnOnce(&str)) {
    let start = Instant::now();
    f(input);
    println!(
        "{what} ({} bytes): {:.2?}, peak memory {}",
        input.len(),
        start.elapsed(),
        peak_memory()
    );
}

/// `VmHWM` of this process, where the system tells it.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            Some(line["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Policies of about `size` bytes that are one long token or one long run of blanks, each read
/// or refused through the fuzz checks, as a policy and as `passwordrules`.
fn long_policies(size: usize) {
    let cases = [
        (
            "a valid policy, then spaces",
            format!("len = 10, lower >= 1{}", " ".repeat(size)),
        ),
        (
            "a set of one repeated character",
            format!("len = 10, symbols = \"{}\"", "!".repeat(size)),
        ),
        (
            "a long number",
            format!("len = 10, digits >= {}", "9".repeat(size)),
        ),
        (
            "an unclosed string",
            format!("len = 10, symbols = \"{}", "a".repeat(size)),
        ),
    ];
    for (what, text) in &cases {
        timed(what, text, checks::policy_text);
        timed(what, text, checks::passwordrules_text);
    }
    let rules = "minlength: 8; required: lower; ".repeat(size / 30);
    timed("repeated passwordrules", &rules, checks::passwordrules_text);
}

#[test]
fn megabyte_policies_are_read_or_refused_cleanly() {
    long_policies(MIB);
}

#[test]
#[ignore = "slow in a debug build (about 10 s): run by scripts/huge-inputs.sh"]
fn ten_megabyte_policies_are_read_or_refused_cleanly() {
    long_policies(10 * MIB);
}

#[test]
fn a_rule_repeated_ten_thousand_times_is_refused_cleanly() {
    let text = format!("len = 10, {}", "digits >= 1, ".repeat(10_000));
    timed("a rule repeated 10,000 times", &text, checks::policy_text);
    let error = Policy::parse(&text).unwrap_err();
    assert_eq!(
        error.message(),
        "a second minimum for `digits`; keep one of the two rules"
    );
}

/// Fails if the diagnostics of `text` hold more than 16 bytes for each byte of input: the
/// error of a huge text must stay within a small multiple of the text itself.
fn assert_error_size_bounded(text: &str) {
    let error = Policy::parse(text).unwrap_err();
    let size: usize = error
        .diagnostics()
        .iter()
        .map(|d| {
            std::mem::size_of_val(d)
                + d.message.len()
                + d.related
                    .iter()
                    .map(|(_, note)| 32 + note.len())
                    .sum::<usize>()
        })
        .sum();
    assert!(
        size <= 16 * text.len(),
        "{} diagnostics, {size} bytes, for {} bytes of input",
        error.diagnostics().len(),
        text.len()
    );
}

#[test]
fn a_megabyte_of_commas_gives_a_bounded_error() {
    // A problem at every byte: the error lists the first hundred and says there are more.
    let text = format!("len = 10{}", ",".repeat(MIB));
    timed("1 MiB of commas", &text, checks::policy_text);
    assert_error_size_bounded(&text);
    assert_eq!(Policy::parse(&text).unwrap_err().diagnostics().len(), 101);
}

#[test]
#[ignore = "the tokens of 10 MiB of commas take 0.7 GB: run by scripts/huge-inputs.sh"]
fn ten_megabytes_of_commas_give_a_bounded_error() {
    let text = format!("len = 10{}", ",".repeat(10 * MIB));
    timed("10 MiB of commas", &text, checks::policy_text);
    assert_error_size_bounded(&text);
}

#[test]
#[ignore = "slow in a debug build (3 s in release): run by scripts/huge-inputs.sh"]
fn a_ten_megabyte_repeated_rule_gives_a_bounded_error() {
    let text = "digits >= 1, ".repeat(10 * MIB / 13);
    timed("a 10 MiB repeated rule", &text, checks::policy_text);
    assert_error_size_bounded(&text);
}

#[test]
#[ignore = "slow in a debug build (3 s): run by scripts/huge-inputs.sh"]
fn a_ten_megabyte_unknown_name_is_refused_cleanly() {
    let text = format!("len = 10, {} >= 1", "x".repeat(10 * MIB));
    timed("a 10 MiB unknown class", &text, checks::policy_text);
}

#[test]
fn a_megabyte_of_escaped_quotes_after_an_unclosed_quote_is_refused_cleanly() {
    let text = format!("len = 10, '{}", "\\'".repeat(MIB / 2));
    timed("' then 1 MiB of \\'", &text, checks::policy_text);
}

#[test]
fn a_megabyte_of_raw_byte_string_openers_is_refused_cleanly() {
    let text = format!("len = 10, {}", "br#\"".repeat(MIB / 4));
    timed("1 MiB of br#\"", &text, checks::policy_text);
}

#[test]
#[ignore = "slow in a debug build (4 s in release): run by scripts/huge-inputs.sh"]
fn a_64_mib_word_list_loads_or_is_refused_cleanly() {
    // 9.7 million short distinct words, just under the 64 MiB limit, as in issue 10.
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("huge-wordlist.txt");
    let mut contents = Vec::with_capacity(64 * MIB);
    let mut i = 0u64;
    while contents.len() < 64 * MIB - 16 {
        contents.extend_from_slice(format!("{i:x}\n").as_bytes());
        i += 1;
    }
    std::fs::write(&path, &contents).unwrap();
    let start = Instant::now();
    let result = Wordlist::from_file(&path);
    println!(
        "a 64 MiB word list ({i} words, {} bytes): {:.2?}, peak memory {}",
        contents.len(),
        start.elapsed(),
        peak_memory()
    );
    match result {
        Ok(list) => assert_eq!(list.len() as u64, i),
        Err(error) => println!("refused: {error}"),
    }
    // And one byte more than 64 MiB is refused before it is read in full.
    contents.resize(64 * MIB + 1, b'a');
    std::fs::write(&path, &contents).unwrap();
    assert!(Wordlist::from_file(&path)
        .unwrap_err()
        .to_string()
        .contains("64 MiB"));
    std::fs::remove_file(&path).unwrap();
}
