//! The machine the figures come from: processor, cores, kernel and load, read from `/proc`
//! (each part says "unknown" where it cannot be read, as on a system without `/proc`).

use std::fs;

/// What the report says about the machine.
pub struct Machine {
    /// The processor's model name.
    pub cpu: String,
    /// Logical processors this process may run on.
    pub cores: usize,
    /// Kernel name, release and architecture.
    pub kernel: String,
}

impl Machine {
    /// The machine this process runs on.
    pub fn current() -> Machine {
        let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let release = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        let release = release.trim();
        Machine {
            cpu: cpu_model(&cpuinfo).unwrap_or("unknown").to_string(),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            kernel: format!(
                "{} {} {}",
                std::env::consts::OS,
                if release.is_empty() {
                    "unknown"
                } else {
                    release
                },
                std::env::consts::ARCH
            ),
        }
    }
}

/// The first `model name` of `/proc/cpuinfo`.
fn cpu_model(cpuinfo: &str) -> Option<&str> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim())
    })
}

/// The 1, 5 and 15-minute load averages, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_string(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_name_comes_from_the_first_processor() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) \
                       Processor\nflags\t\t: fpu\n\nprocessor\t: 1\nmodel name\t: Other\n";
        assert_eq!(cpu_model(cpuinfo), Some("Intel(R) Xeon(R) Processor"));
        assert_eq!(cpu_model("processor\t: 0\n"), None);
    }
}
