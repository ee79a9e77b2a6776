//! `secrets-bench`: the comparison runner of issue 7. In one run it times this project's
//! password generation and tokens against the OS floor (one `getrandom::fill`), `rand`'s thread
//! RNG running the same rules by rejection, the `passwords` crate and, when `python3` exists,
//! Python's `secrets` and the documentation's recipe; rounds are interleaved and each row
//! reports its median. It also counts the OS calls and bytes of each of this project's rows
//! under `strace`, and says which of issue 7's targets are met. It prints a Markdown table,
//! then issue 14's policies (the ones once refused as too intricate and the costliest found):
//! parse time, peak memory of the parse, and one `generate()` against the floor.
//!
//! ```text
//! cargo run --release -p secrets-bench                 # the whole table
//! cargo run --release -p secrets-bench -- --help       # the options
//! ```
//!
//! Timings are never asserted anywhere: this is a tool to read, not a test.

mod large;
mod machine;
mod os_count;
mod python;
mod report;
mod rounds;
mod rows;
mod workloads;

use std::time::{Duration, Instant};

use clap::Parser;

use crate::python::Python;
use crate::report::{OsOutcome, Table};
use crate::rounds::Plan;
use crate::workloads::Settings;

/// Compares secrets-rt's password generation and tokens with the OS floor, rand, the passwords
/// crate and Python, in one run of interleaved rounds, and prints a Markdown table.
#[derive(Parser)]
#[command(name = "secrets-bench")]
struct Options {
    /// Measured rounds; each row reports the median of its rounds (after one calibration round).
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u64).range(1..))]
    rounds: u64,
    /// The time one measurement of one row aims at, in milliseconds.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..))]
    sample_ms: u64,
    /// Passwords per bulk call (`generate_many`, the `passwords` crate's `generate(n)`).
    #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..))]
    bulk: u64,
    /// Skip `rand`'s rejection loop on a policy where it draws more characters than this per
    /// password on average (`len / acceptance`).
    #[arg(long, default_value_t = 1e8)]
    rand_max_chars: f64,
    /// Rejection loops (reported by their mean) do at least this many calls over all rounds:
    /// their mean is then within about 1/sqrt(N) of the true mean (14% for 50).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    min_pooled_calls: u64,
    /// The Python interpreter for Python's rows.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Leave Python's rows out.
    #[arg(long)]
    no_python: bool,
    /// Do not count OS calls and bytes (needs `strace`).
    #[arg(long)]
    no_os_count: bool,
    /// Operations per counted run of a single-call row (a bulk row counts one call of `--bulk`).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    os_count_calls: u64,
    /// Internal: run one counted job in this process (what `strace` traces).
    #[arg(long, hide = true, value_name = "KIND:ARG:COUNT")]
    os_count_child: Option<String>,
    /// Each of issue 14's policies is parsed at least this many times (the median is reported).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    min_parses: u64,
    /// Issue 14's policies are parsed again until this many milliseconds have passed, each.
    #[arg(long, default_value_t = 300)]
    parse_ms: u64,
    /// Internal: parse one of issue 14's policies and print the peak memory it took.
    #[arg(long, hide = true, value_name = "INDEX")]
    peak_child: Option<usize>,
}

fn main() {
    let options = Options::parse();
    if let Some(spec) = &options.os_count_child {
        os_count::child(spec);
        return;
    }
    if let Some(index) = options.peak_child {
        large::child(index);
        return;
    }
    let started = Instant::now();
    let load_before = machine::load_average();
    let python = if options.no_python {
        None
    } else {
        Python::find(&options.python)
    };
    let strace = if options.no_os_count {
        None
    } else {
        os_count::strace_version()
    };
    let settings = Settings {
        bulk: usize::try_from(options.bulk).expect("--bulk fits in memory"),
        rand_max_chars: options.rand_max_chars,
        python: python.is_some(),
        os_count: strace.is_some(),
        os_count_calls: options.os_count_calls,
    };
    let large = large::measure(
        &large::policies(),
        usize::try_from(options.min_parses).expect("--min-parses fits in memory"),
        Duration::from_millis(options.parse_ms),
    );
    let mut rows = workloads::rows(&settings, &large);
    let plan = Plan {
        rounds: usize::try_from(options.rounds).expect("--rounds fits in memory"),
        sample: Duration::from_millis(options.sample_ms),
        min_pooled_calls: options.min_pooled_calls,
    };
    let samples = rounds::measure(&mut rows, python.as_ref(), &plan);

    eprintln!("counting OS calls");
    let os: Vec<OsOutcome> = rows
        .iter()
        .map(|row| row.os_job.as_ref().map(os_count::count))
        .collect();
    let load_after = machine::load_average();

    let machine = machine::Machine::current();
    println!("## secrets-bench\n");
    println!(
        "- Machine: {}, {} logical CPUs, {}",
        machine.cpu, machine.cores, machine.kernel
    );
    println!("- Load average (1, 5, 15 min): {load_before} at the start, {load_after} at the end");
    println!(
        "- {} measured rounds after a calibration round, each row once per round in turn \
         (round-robin, starting one row later each round), about {} ms a measurement; {} s in all",
        plan.rounds,
        options.sample_ms,
        started.elapsed().as_secs()
    );
    print_sources(&options, python.as_ref(), strace.as_deref());
    println!();
    print!(
        "{}",
        Table {
            rows: &rows,
            samples: &samples,
            os: &os,
        }
        .markdown()
    );
    println!();
    println!();
    println!(
        "ns per call: the median of the rounds, or for a rejection loop (whose cost per call is \
         geometric) all the rounds' time over all their calls. x floor: ns per call over the \
         floor's. peer ns / this ns: above 1, this row is faster than its peer. The `passwords` \
         crate's strict mode asks for one digit, not three: it rejects fewer draws than the \
         card's rules. Bulk rows count per password."
    );
    println!();
    print!(
        "{}",
        large::section(
            &large,
            &rows,
            &samples,
            options.min_parses,
            options.parse_ms
        )
    );
}

/// The report's lines on Python and on the OS-call counts: what was used, or why not.
fn print_sources(options: &Options, python: Option<&Python>, strace: Option<&str>) {
    match python {
        Some(python) => println!(
            "- Python: {} (`{}`), timed inside Python with `timeit`, one subprocess per round",
            python.version, options.python
        ),
        None if options.no_python => println!("- Python: left out (`--no-python`)"),
        None => println!(
            "- Python: `{}` not found, Python's rows skipped",
            options.python
        ),
    }
    match strace {
        Some(version) => println!(
            "- OS calls and bytes: `getrandom` system calls counted by {version} in a child \
             process, over {} operations ({} passwords for a bulk row)",
            options.os_count_calls, options.bulk
        ),
        None if options.no_os_count => println!("- OS calls and bytes: not counted (`--no-os-count`)"),
        None => println!(
            "- OS calls and bytes: not counted, `strace` is not installed (`apt-get install -y strace`)"
        ),
    }
}
