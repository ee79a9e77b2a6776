//! Python's side: `python/bench.py`, run as a subprocess once per round, timing inside Python
//! with `timeit` so that the interpreter's start-up is no part of any figure.

use std::collections::HashMap;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The script, handed to the interpreter on standard input.
const SCRIPT: &str = include_str!("../python/bench.py");

/// A Python interpreter that ran.
pub struct Python {
    program: String,
    /// What `--version` said, such as `Python 3.11.7`.
    pub version: String,
}

impl Python {
    /// The interpreter `program`, when it exists and runs.
    pub fn find(program: &str) -> Option<Python> {
        let output = Command::new(program).arg("--version").output().ok()?;
        if !output.status.success() {
            return None;
        }
        // Python 2 printed its version on standard error.
        let text = [output.stdout, output.stderr].concat();
        Some(Python {
            program: program.into(),
            version: String::from_utf8_lossy(&text).trim().to_string(),
        })
    }

    /// The number of calls of each case that takes about `sample`.
    pub fn calibrate(&self, sample: Duration) -> HashMap<String, u64> {
        let seconds = sample.as_secs_f64().to_string();
        self.script(&["calibrate", &seconds])
            .into_iter()
            .map(|(case, (number, _))| (case, number))
            .collect()
    }

    /// Times `numbers[case]` calls of each case: the calls and ns per call of each.
    pub fn run(&self, numbers: &HashMap<String, u64>) -> HashMap<String, (u64, f64)> {
        let mut requests: Vec<String> = numbers
            .iter()
            .map(|(case, number)| format!("{case}={number}"))
            .collect();
        // The same order every round.
        requests.sort();
        let mut args = vec!["run"];
        args.extend(requests.iter().map(String::as_str));
        self.script(&args)
    }

    fn script(&self, args: &[&str]) -> HashMap<String, (u64, f64)> {
        let mut child = Command::new(&self.program)
            .arg("-")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot run {}: {error}", self.program));
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(SCRIPT.as_bytes())
            .expect("cannot hand the script to Python");
        let output = child.wait_with_output().expect("Python did not finish");
        assert!(
            output.status.success(),
            "python/bench.py {args:?} failed: {}",
            output.status
        );
        parse_report(&String::from_utf8_lossy(&output.stdout))
    }
}

/// Reads the script's lines, `CASE<TAB>NUMBER<TAB>NS_PER_CALL`.
fn parse_report(text: &str) -> HashMap<String, (u64, f64)> {
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [case, number, ns] = fields[..] else {
                panic!("python/bench.py printed an unexpected line: {line:?}");
            };
            let number = number.parse().expect("NUMBER is a whole number");
            let ns = ns.parse().expect("NS_PER_CALL is a number");
            (case.to_string(), (number, ns))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_gives_each_case_its_calls_and_time() {
        let report = parse_report("token_hex32\t26912\t452.445\nrecipe_card\t427\t28099.951\n");
        assert_eq!(report.len(), 2);
        assert_eq!(report["token_hex32"], (26912, 452.445));
        assert_eq!(report["recipe_card"], (427, 28099.951));
    }

    #[test]
    fn the_script_times_every_case_the_runner_asks_for() {
        // Whatever the machine has: without Python there is nothing to check.
        let Some(python) = Python::find("python3") else {
            eprintln!("python3 not found: skipped");
            return;
        };
        let numbers: HashMap<String, u64> = ["urandom32", "token_hex32", "recipe_card"]
            .into_iter()
            .map(|case| (case.to_string(), 3))
            .collect();
        let report = python.run(&numbers);
        assert_eq!(report.len(), 3);
        for (case, (number, ns)) in &report {
            assert_eq!(*number, 3, "{case}");
            assert!(*ns > 0.0, "{case}: {ns}");
        }
    }
}
