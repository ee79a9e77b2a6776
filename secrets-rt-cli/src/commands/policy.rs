//! `policy`: a policy checked and printed as the grammar writes it, with its entropy; nothing is
//! drawn. Its long help (`secrets help policy`) is the grammar.

use crate::cli::CheckPolicy;
use crate::commands::password::{chosen_policy, entropy_note};
use crate::error::Failure;
use crate::output::{push_json_number, push_json_string, Output};

/// `secrets policy [--policy P | --policy-file F | --rules R | --length N | --preset NAME]
/// [--json]`.
pub fn run(args: &CheckPolicy) -> Result<(), Failure> {
    let policy = chosen_policy(&args.source);
    let text = policy.to_string();
    let mut output = Output::stdout();
    if args.json {
        let mut line = String::from("{\"policy\":");
        push_json_string(&mut line, &text);
        line.push_str(",\"entropy_bits\":");
        push_json_number(&mut line, policy.entropy_bits());
        line.push_str(",\"password_count\":");
        match policy.password_count() {
            Some(count) => push_json_string(&mut line, &count.to_string()),
            None => line.push_str("null"),
        }
        line.push('}');
        output.line(&line)?;
    } else {
        output.line(&text)?;
        output.line(&entropy_note(policy))?;
    }
    output.finish()
}
