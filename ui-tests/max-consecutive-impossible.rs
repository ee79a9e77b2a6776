use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 4, lower == 0, upper == 0, digits = "7", max_consecutive = 2);

fn main() {}
