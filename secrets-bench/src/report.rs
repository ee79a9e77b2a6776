//! The figures of each row (its statistic, ratios, OS counts, target) and the Markdown table.

use std::fmt::Write as _;

use crate::os_count::Counts;
use crate::rounds::Samples;
use crate::rows::{Role, Row, Statistic, Target, Timing};

/// A row's outcome of the counted run: counts per call of the work, or why there are none.
pub type OsOutcome = Option<Result<Counts, String>>;

/// The middle value (the mean of the two middle values for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        f64::midpoint(sorted[middle - 1], sorted[middle])
    })
}

/// The figure a row reports: ns per call, by its statistic.
pub fn figure(row: &Row, samples: &Samples) -> Option<f64> {
    match row.statistic {
        Statistic::Median => median(&samples.per_round),
        Statistic::PooledMean => {
            (samples.total_calls > 0).then(|| samples.total_ns / samples.total_calls as f64)
        }
    }
}

/// Whether a target holds, and the measured values it was judged on.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// `Some(true)`: every part met; `Some(false)`: a part missed; `None`: a part unmeasured
    /// and none missed.
    pub met: Option<bool>,
    /// One phrase per part, such as `12.1x floor <= 20x`.
    pub parts: Vec<String>,
}

impl Verdict {
    /// `met (...)`, `not met (...)` or `not measured (...)`.
    pub fn text(&self) -> String {
        let word = match self.met {
            Some(true) => "met",
            Some(false) => "**not met**",
            None => "not measured",
        };
        format!("{word} ({})", self.parts.join("; "))
    }
}

/// What a target is judged on.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Measured {
    /// This row's ns ÷ the floor's.
    pub floor_ratio: Option<f64>,
    /// The peer's ns ÷ this row's.
    pub peer_speedup: Option<f64>,
    /// OS calls and bytes per call of the work.
    pub os_per_call: Option<(f64, f64)>,
}

/// One part of a target: a limit, the value measured, and how to say them.
struct Part {
    limit: Option<f64>,
    value: Option<f64>,
    /// The value must stay at most the limit (else at least).
    at_most: bool,
    what: &'static str,
    format: fn(f64) -> String,
}

impl Part {
    fn at_most(
        limit: Option<f64>,
        value: Option<f64>,
        what: &'static str,
        format: fn(f64) -> String,
    ) -> Part {
        Part {
            limit,
            value,
            at_most: true,
            what,
            format,
        }
    }
}

/// Judges `target` on `measured`: met when every part is measured and holds.
pub fn judge(target: &Target, measured: &Measured) -> Verdict {
    let calls = measured.os_per_call.map(|(calls, _)| calls);
    let bytes = measured.os_per_call.map(|(_, bytes)| bytes);
    let parts = [
        Part::at_most(target.max_floor_ratio, measured.floor_ratio, "floor", times),
        Part {
            at_most: false,
            ..Part::at_most(
                target.min_peer_speedup,
                measured.peer_speedup,
                "faster than peer",
                times,
            )
        },
        Part::at_most(target.max_os_calls, calls, "OS calls", decimal),
        Part::at_most(target.max_os_bytes, bytes, "OS bytes", decimal),
    ];
    let mut verdict = Verdict {
        met: Some(true),
        parts: Vec::new(),
    };
    for Part {
        limit,
        value,
        at_most,
        what,
        format,
    } in parts
    {
        let Some(limit) = limit else { continue };
        let bound = if at_most { "<=" } else { ">=" };
        let Some(value) = value else {
            verdict
                .parts
                .push(format!("{what} {bound} {} unmeasured", format(limit)));
            if verdict.met == Some(true) {
                verdict.met = None;
            }
            continue;
        };
        verdict.parts.push(format!(
            "{} {what} {bound} {}",
            format(value),
            format(limit)
        ));
        if (at_most && value > limit) || (!at_most && value < limit) {
            verdict.met = Some(false);
        }
    }
    verdict
}

/// Everything the table needs, row by row.
pub struct Table<'a> {
    /// The rows, in order.
    pub rows: &'a [Row],
    /// Their samples.
    pub samples: &'a [Samples],
    /// Their counted runs.
    pub os: &'a [OsOutcome],
}

impl Table<'_> {
    fn figure_of(&self, id: &str) -> Option<f64> {
        let index = self.rows.iter().position(|row| row.id == id)?;
        figure(&self.rows[index], &self.samples[index])
    }

    /// The Markdown table, then its notes.
    pub fn markdown(&self) -> String {
        let floor = self
            .rows
            .iter()
            .position(|row| row.role == Role::Floor)
            .and_then(|index| figure(&self.rows[index], &self.samples[index]));
        let mut out = String::new();
        out.push_str(
            "| contender | work | ns per call | rounds (min-max) | x floor | peer | peer ns / \
             this ns | OS calls, bytes per call | target |\n",
        );
        out.push_str("|---|---|--:|--:|--:|---|--:|---|---|\n");
        let mut notes = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            let samples = &self.samples[index];
            let value = figure(row, samples);
            let (ns, spread) = match (&row.timing, value) {
                (Timing::Skipped(reason), _) => {
                    notes.push(format!("{} on {}: skipped, {reason}.", row.label, row.work));
                    ("skipped".to_string(), String::new())
                }
                (_, None) => ("no sample".to_string(), String::new()),
                (_, Some(value)) => {
                    let marker = match row.statistic {
                        Statistic::Median => String::new(),
                        Statistic::PooledMean => {
                            format!(" (mean of {} calls)", samples.total_calls)
                        }
                    };
                    (format!("{}{marker}", nanos(value)), spread_of(samples))
                }
            };
            let floor_ratio = value.zip(floor).map(|(value, floor)| value / floor);
            let peer_row = row
                .peer
                .as_deref()
                .and_then(|id| self.rows.iter().find(|other| other.id == id));
            let peer_speedup = row
                .peer
                .as_deref()
                .and_then(|id| self.figure_of(id))
                .zip(value)
                .map(|(peer, value)| peer / value);
            let calls_counted = row.os_job.as_ref().map_or(1, |job| job.calls) as f64;
            let (os_per_call, os_text) = match &self.os[index] {
                Some(Ok(counts)) => {
                    let calls = counts.calls as f64 / calls_counted;
                    let bytes = counts.bytes as f64 / calls_counted;
                    let text = format!("{} calls, {} B", decimal(calls), decimal(bytes));
                    (Some((calls, bytes)), text)
                }
                Some(Err(reason)) => (None, format!("not counted: {reason}")),
                None => (None, String::new()),
            };
            let target = row.target.as_ref().map_or_else(String::new, |target| {
                judge(
                    target,
                    &Measured {
                        floor_ratio,
                        peer_speedup,
                        os_per_call,
                    },
                )
                .text()
            });
            let _ = writeln!(
                out,
                "| {} | {} | {ns} | {spread} | {} | {} | {} | {os_text} | {target} |",
                cell(&row.label),
                cell(&row.work),
                floor_ratio.map_or_else(String::new, times),
                peer_row.map_or_else(String::new, |peer| cell(&peer.label)),
                peer_speedup.map_or_else(String::new, times),
            );
        }
        if !notes.is_empty() {
            out.push('\n');
            for note in notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }
}

/// Text for a table cell: a `|` (as in `lower | upper`) would end the cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn spread_of(samples: &Samples) -> String {
    let min = samples
        .per_round
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let max = samples.per_round.iter().copied().fold(0.0, f64::max);
    format!("{}-{}", nanos(min), nanos(max))
}

/// Nanoseconds, grouped by thousands: `523`, `28,100`, `15,700,000`; one decimal below 100.
pub fn nanos(value: f64) -> String {
    if value < 100.0 {
        return format!("{value:.1}");
    }
    let digits = format!("{:.0}", value.round());
    let mut grouped = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A ratio: `1.07x`, `12.3x`, `153x`.
pub fn times(value: f64) -> String {
    format!("{}x", decimal(value))
}

/// Three significant figures, at most: `1.05`, `10.7`, `139`, `0.0002`.
pub fn decimal(value: f64) -> String {
    if value == 0.0 || value >= 100.0 {
        return format!("{value:.0}");
    }
    let decimals = (2.0 - value.abs().log10().floor()).max(0.0) as usize;
    format!("{value:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_of_the_sorted_values() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[9.0, 1.0, 5.0, 7.0]), Some(6.0));
        // One slow round (another process compiling) does not move it.
        assert_eq!(median(&[500.0, 510.0, 5000.0, 505.0, 495.0]), Some(505.0));
    }

    #[test]
    fn a_pooled_mean_weighs_every_call() {
        let row = Row::new("r", "r", "r", Role::Peer, Timing::Skipped(String::new()));
        let mut pooled = Row {
            statistic: Statistic::PooledMean,
            ..row
        };
        let samples = Samples {
            per_round: vec![100.0, 100.0, 1000.0],
            total_ns: 1200.0 * 10.0,
            total_calls: 30,
        };
        assert_eq!(figure(&pooled, &samples), Some(400.0));
        pooled.statistic = Statistic::Median;
        assert_eq!(figure(&pooled, &samples), Some(100.0));
    }

    #[test]
    fn a_target_is_met_only_when_every_part_is_measured_and_holds() {
        let card = Target {
            min_peer_speedup: Some(100.0),
            max_os_calls: Some(1.05),
            ..Target::default()
        };
        let fast = Measured {
            peer_speedup: Some(150.0),
            os_per_call: Some((1.0, 8.0)),
            ..Measured::default()
        };
        let verdict = judge(&card, &fast);
        assert_eq!(verdict.met, Some(true));
        assert_eq!(
            verdict.text(),
            "met (150x faster than peer >= 100x; 1.00 OS calls <= 1.05)"
        );

        let slow = Measured {
            peer_speedup: Some(57.0),
            ..fast
        };
        assert_eq!(judge(&card, &slow).met, Some(false));

        let uncounted = Measured {
            os_per_call: None,
            ..fast
        };
        let verdict = judge(&card, &uncounted);
        assert_eq!(verdict.met, None);
        assert!(
            verdict.text().contains("OS calls <= 1.05 unmeasured"),
            "{}",
            verdict.text()
        );

        // A part that misses outweighs a part not measured.
        let both = Measured {
            peer_speedup: Some(57.0),
            os_per_call: None,
            ..fast
        };
        assert_eq!(judge(&card, &both).met, Some(false));

        let floor = Target {
            max_floor_ratio: Some(1.10),
            ..Target::default()
        };
        let at = |ratio| Measured {
            floor_ratio: Some(ratio),
            ..Measured::default()
        };
        assert_eq!(judge(&floor, &at(1.10)).met, Some(true));
        assert_eq!(judge(&floor, &at(1.11)).met, Some(false));
    }

    #[test]
    fn a_union_stays_in_its_cell() {
        assert_eq!(cell("`lower | upper <= 2`"), "`lower \\| upper <= 2`");
    }

    #[test]
    fn figures_are_grouped_and_rounded_for_reading() {
        assert_eq!(nanos(42.26), "42.3");
        assert_eq!(nanos(523.4), "523");
        assert_eq!(nanos(28_099.9), "28,100");
        assert_eq!(nanos(15_700_000.0), "15,700,000");
        assert_eq!(times(1.0712), "1.07x");
        assert_eq!(times(12.34), "12.3x");
        assert_eq!(times(152.6), "153x");
        assert_eq!(decimal(0.000_213), "0.000213");
        assert_eq!(decimal(10.66), "10.7");
    }
}
