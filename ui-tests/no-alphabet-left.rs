use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, lower == 0, upper == 0, digits == 0);

fn main() {}
