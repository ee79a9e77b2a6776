use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, "ab" | upper | "ba" >= 1);

fn main() {}
