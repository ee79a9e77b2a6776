//! A row of the table: what it measures, how, against what, and the target it must meet.

/// Whose code a row measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// This project.
    Ours,
    /// One bare OS call: what every ratio is taken against.
    Floor,
    /// Another library, or Python.
    Peer,
}

/// How a row is timed.
pub enum Timing {
    /// A Rust closure; one invocation does `calls` calls of the work (a bulk call does many).
    Rust {
        /// The work.
        run: Box<dyn FnMut()>,
        /// Calls of the work per invocation: the unit of "ns per call".
        calls: u64,
    },
    /// A case of `python/bench.py`, timed by Python's `timeit`.
    Python(&'static str),
    /// Not measured, and why.
    Skipped(String),
}

impl Timing {
    /// A Rust closure doing `calls` calls of the work per invocation.
    pub fn rust(calls: u64, run: impl FnMut() + 'static) -> Timing {
        Timing::Rust {
            run: Box::new(run),
            calls,
        }
    }
}

/// Which figure of its rounds a row reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// The median of the rounds' ns per call: robust to a round that another process slowed.
    Median,
    /// All the rounds' time over all their calls. For rejection loops, whose cost per call is
    /// geometric: when a round holds few calls, the median of rounds would understate the mean
    /// (the median of an exponential is 0.69 of its mean).
    PooledMean,
}

/// A target of issue 7; every part given must hold.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Target {
    /// At most this many times the floor.
    pub max_floor_ratio: Option<f64>,
    /// At least this many times faster than the row's peer.
    pub min_peer_speedup: Option<f64>,
    /// At most this many OS calls per call of the work.
    pub max_os_calls: Option<f64>,
    /// At most this many OS bytes per call of the work.
    pub max_os_bytes: Option<f64>,
}

/// A counted run in a child process under `strace`: `spec` is what the child runs
/// (`--os-count-child SPEC`), `calls` how many calls of the work it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OsJob {
    /// `KIND:ARG:COUNT`, read by [`crate::workloads::run_counted`].
    pub spec: String,
    /// Calls of the work in the counted part.
    pub calls: u64,
}

impl OsJob {
    /// A counted run of `spec`, doing `calls` calls of the work.
    pub fn new(spec: String, calls: u64) -> OsJob {
        OsJob { spec, calls }
    }
}

/// One line of the table.
pub struct Row {
    /// Names the row for peers' references.
    pub id: String,
    /// What runs.
    pub label: String,
    /// On what: the policy, or the size.
    pub work: String,
    /// Ours, the floor, or a peer.
    pub role: Role,
    /// How it is timed.
    pub timing: Timing,
    /// Median or pooled mean.
    pub statistic: Statistic,
    /// The id of the row this one is compared with.
    pub peer: Option<String>,
    /// Issue 7's target for this row.
    pub target: Option<Target>,
    /// The counted run that gives its OS calls and bytes.
    pub os_job: Option<OsJob>,
}

impl Row {
    /// A row measured by its median, with no peer, target or counted run.
    pub fn new(
        id: &str,
        label: impl Into<String>,
        work: impl Into<String>,
        role: Role,
        timing: Timing,
    ) -> Row {
        Row {
            id: id.into(),
            label: label.into(),
            work: work.into(),
            role,
            timing,
            statistic: Statistic::Median,
            peer: None,
            target: None,
            os_job: None,
        }
    }
}
