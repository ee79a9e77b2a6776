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

// Huge inputs. Each row (an input shape, its size, a front end) runs in a child process of its
// own, this test binary run again on `huge_input_row` with the row in the environment: its
// peak memory is its own (`VmHWM` of a fresh process), not the high-water mark of a process
// that ran earlier rows. The child prints one `row:` line; the parent checks the bounds below.
// `scripts/huge-inputs.sh` runs the rows of 10 MiB and more in a release build and also
// checks the time each took against a linear bound (tests never assert timings).

/// The environment variable that makes `huge_input_row` run one row: `SHAPE/FRONT/BYTES`.
const ROW_VARIABLE: &str = "SECRETS_HUGE_ROW";

/// Memory a row may use beyond what the process held before making its input: a linear bound,
/// `PER_BYTE` bytes for each byte of input plus `SLACK`. Reading a text of tiny tokens
/// (commas) keeps about 50 bytes a byte (its tokens, with the vector's doubling); texts over
/// the 1 MiB limit are refused unread, so their rows hold the input and little more (`4`).
const PER_BYTE_READ: u64 = 120;
const PER_BYTE_REFUSED: u64 = 4;
const SLACK: u64 = 8 << 20;

/// The most characters an error's one-line form (`Display`) may have, whatever the input.
const MAX_ERROR_LINE: usize = 1_000;

/// A shape of huge text: its name, and the text of about `size` bytes.
type Shape = (&'static str, fn(usize) -> String);

/// The shapes of huge text.
const SHAPES: &[Shape] = &[
    ("a valid policy, then spaces", |size| {
        format!("len = 10, lower >= 1{}", " ".repeat(size))
    }),
    ("a set of one repeated character", |size| {
        format!("len = 10, symbols = \"{}\"", "!".repeat(size))
    }),
    ("a long number", |size| {
        format!("len = 10, digits >= {}", "9".repeat(size))
    }),
    ("an unclosed string", |size| {
        format!("len = 10, symbols = \"{}", "a".repeat(size))
    }),
    ("an unknown class", |size| {
        format!("len = 10, {} >= 1", "x".repeat(size))
    }),
    ("a union with no operator", |size| {
        format!("len = 10, lower{}", " | upper".repeat(size / 8))
    }),
    ("commas", |size| format!("len = 10{}", ",".repeat(size))),
    ("a repeated rule", |size| "digits >= 1, ".repeat(size / 13)),
    ("minimums of every size", |size| {
        let mut text = String::from("len = 10");
        let mut n = 0u64;
        while text.len() < size {
            text.push_str(", lower >= ");
            text.push_str(&n.to_string());
            n += 1;
        }
        text
    }),
    ("escaped quotes after an unclosed quote", |size| {
        format!("len = 10, '{}", "\\'".repeat(size / 2))
    }),
    ("raw byte string openers", |size| {
        format!("len = 10, {}", "br#\"".repeat(size / 4))
    }),
    ("repeated passwordrules", |size| {
        "minlength: 8; required: lower; ".repeat(size / 31)
    }),
];

/// The text of `shape` cut or padded to exactly `size` bytes (spaces: blank to both front ends),
/// so that a row's size is the one asked for, within the limit or beyond it.
fn text_of(shape: &str, size: usize) -> String {
    let (_, make) = SHAPES
        .iter()
        .find(|(name, _)| *name == shape)
        .unwrap_or_else(|| panic!("no shape {shape:?}"));
    let mut text = make(size);
    let mut end = size.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.extend(std::iter::repeat_n(' ', size - text.len()));
    text
}

/// `VmHWM` of this process in bytes, where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The child's side: runs the row named in [`ROW_VARIABLE`], if any, and prints its `row:`
/// line (bytes, nanoseconds, the peak before making the input and after the row).
#[test]
#[ignore = "a child process of the huge-input tests, which run it with a row to measure"]
fn huge_input_row() {
    let Ok(row) = std::env::var(ROW_VARIABLE) else {
        return;
    };
    let mut parts = row.splitn(3, '/');
    let (shape, front, size) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap().parse::<usize>().unwrap(),
    );
    let before = peak_memory().unwrap_or(0);
    let text = text_of(shape, size);
    let start = Instant::now();
    let result = match front {
        "parse" => {
            checks::policy_text(&text);
            Policy::parse(&text).map(drop)
        }
        "passwordrules" => {
            checks::passwordrules_text(&text);
            Policy::from_passwordrules(&text).map(drop)
        }
        _ => panic!("no front end {front:?}"),
    };
    let elapsed = start.elapsed();
    // Every message and note quotes a bounded excerpt, so the error's line stays a line.
    if let Err(error) = &result {
        let line = error.to_string();
        assert!(
            line.chars().count() <= MAX_ERROR_LINE,
            "a {}-character error line for {size} bytes: {}...",
            line.chars().count(),
            line.chars().take(200).collect::<String>()
        );
        for diagnostic in error.diagnostics() {
            let notes = diagnostic.related().iter().map(|(_, note)| note.len());
            let longest = notes.chain([diagnostic.message().len()]).max().unwrap();
            assert!(longest <= MAX_ERROR_LINE, "a {longest}-byte message");
        }
    }
    let after = peak_memory().unwrap_or(0);
    println!(
        "\nrow: {shape}/{front}/{size} {} ns {before} {after} {}",
        elapsed.as_nanos(),
        match &result {
            Ok(()) => "read".to_owned(),
            Err(error) => format!("refused: {}", error.message()),
        }
    );
}

/// What a row measured.
struct Row {
    nanos: u128,
    /// The bytes of memory the row added to the process's peak.
    memory: u64,
    outcome: String,
}

/// Runs one row in a child process and checks its memory bound; prints the row's line (which
/// `scripts/huge-inputs.sh` collects).
fn measure(shape: &str, front: &str, size: usize) -> Row {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["huge_input_row", "--exact", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(ROW_VARIABLE, format!("{shape}/{front}/{size}"))
        .output()
        .expect("run this test binary again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{shape} ({front}, {size} bytes) failed in its process:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("row: "))
        .unwrap_or_else(|| panic!("no row line from the child:\n{stdout}"));
    let fields: Vec<&str> = line.rsplitn(2, '/').collect();
    let rest: Vec<&str> = fields[0].splitn(6, ' ').collect();
    let (nanos, before, after) = (
        rest[1].parse::<u128>().unwrap(),
        rest[3].parse::<u64>().unwrap(),
        rest[4].parse::<u64>().unwrap(),
    );
    let row = Row {
        nanos,
        memory: after.saturating_sub(before),
        outcome: rest.get(5).copied().unwrap_or("").to_owned(),
    };
    let refused_unread = size > secrets_policy_limit();
    let per_byte = if refused_unread {
        PER_BYTE_REFUSED
    } else {
        PER_BYTE_READ
    };
    println!(
        "huge input: {shape:<40} {front:<14} {size:>9} bytes {:>9.3} ms {:>7.1} MB {:>6.1} B/byte  {}",
        row.nanos as f64 / 1e6,
        row.memory as f64 / 1e6,
        row.memory as f64 / size as f64,
        row.outcome.chars().take(70).collect::<String>()
    );
    if after > 0 {
        assert!(
            row.memory <= per_byte * size as u64 + SLACK,
            "{shape} ({front}, {size} bytes): {} bytes of memory, over the bound of {per_byte} a \
             byte and {SLACK}",
            row.memory
        );
    }
    if refused_unread {
        assert!(row.outcome.contains("1 MiB"), "{}", row.outcome);
    }
    row
}

/// The text front ends' size limit (`secrets_policy::syntax::MAX_POLICY_BYTES`), as the error
/// states it.
fn secrets_policy_limit() -> usize {
    1 << 20
}

/// Every shape at `size` bytes through both text front ends.
fn huge_texts(size: usize) {
    for (shape, _) in SHAPES {
        for front in ["parse", "passwordrules"] {
            measure(shape, front, size);
        }
    }
}

#[test]
fn texts_at_the_size_limit_are_read_or_refused_within_bounds() {
    huge_texts(secrets_policy_limit());
}

#[test]
fn texts_over_the_size_limit_are_refused_unread() {
    // One byte over: refused, whatever the text, and neither front end reads it.
    for front in ["parse", "passwordrules"] {
        let row = measure("commas", front, secrets_policy_limit() + 1);
        assert!(row
            .outcome
            .starts_with("refused: a policy of more than 1 MiB"));
    }
    let text = " ".repeat(secrets_policy_limit() + 1);
    let error = Policy::parse(&text).unwrap_err();
    assert_eq!(error.span(), secrets_policy_limit()..secrets_policy_limit());
    assert_eq!(
        error.to_string(),
        "a policy of more than 1 MiB of text is not a policy: this one has 1048577 bytes; \
         check what was passed (at byte 1048576)"
    );
    // The limit is on bytes, at a character boundary.
    let text = format!("{}é", " ".repeat(secrets_policy_limit() - 1));
    let error = Policy::from_passwordrules(&text).unwrap_err();
    assert_eq!(
        error.span(),
        secrets_policy_limit() - 1..secrets_policy_limit() - 1
    );
}

#[test]
#[ignore = "ten 10 MiB texts a front end: run by scripts/huge-inputs.sh"]
fn ten_megabyte_texts_are_refused_unread() {
    huge_texts(10 << 20);
}

#[test]
fn a_rule_repeated_ten_thousand_times_is_refused_cleanly() {
    let text = format!("len = 10, {}", "digits >= 1, ".repeat(10_000));
    checks::policy_text(&text);
    let error = Policy::parse(&text).unwrap_err();
    assert_eq!(
        error.message(),
        "a second minimum for `digits`; keep one of the two rules"
    );
}

#[test]
fn a_megabyte_of_commas_gives_a_bounded_error() {
    // A problem at every byte: the error lists the first hundred and says there are more.
    let text = format!("len = 10{}", ",".repeat(secrets_policy_limit() - 8));
    let error = Policy::parse(&text).unwrap_err();
    assert_eq!(error.diagnostics().len(), 101);
    assert!(error.to_string().len() < MAX_ERROR_LINE);
}

#[test]
fn errors_quote_at_most_eighty_characters_of_the_input() {
    // Each front end's quoting of a long token: an unknown name, a found token, a set, a
    // snippet. 80 characters, then `…`.
    let long = "x".repeat(5_000);
    let cut = format!("{}…", "x".repeat(80));
    let unknown = Policy::parse(&format!("len = 10, {long} >= 1")).unwrap_err();
    assert!(
        unknown
            .message()
            .starts_with(&format!("unknown class `{cut}`")),
        "{}",
        unknown.message()
    );
    assert!(unknown
        .to_string()
        .contains(&format!("(at `{cut}`, bytes 10..5010)")));
    let found = Policy::parse(&format!("len = 10 {long}")).unwrap_err();
    assert_eq!(
        found.message(),
        format!("expected `,` between rules, found `{cut}`")
    );
    let rules = Policy::from_passwordrules(&format!("minlength: 8; {long}: 3")).unwrap_err();
    assert!(
        rules.message().contains(&format!("`{cut}`")),
        "{}",
        rules.message()
    );
    let union = Policy::parse(&format!("len = 10, lower{}", " | upper".repeat(1_000))).unwrap_err();
    assert!(union.message().len() < 300, "{}", union.message());
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
    let before = peak_memory().unwrap_or(0);
    let start = Instant::now();
    let result = Wordlist::from_file(&path);
    println!(
        "huge input: a 64 MiB word list ({i} words) {:>9} bytes {:>9.3} ms, peak memory {:.1} MB \
         (from {:.1} MB, in the process of this test alone)",
        contents.len(),
        start.elapsed().as_secs_f64() * 1e3,
        peak_memory().unwrap_or(0) as f64 / 1e6,
        before as f64 / 1e6,
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
