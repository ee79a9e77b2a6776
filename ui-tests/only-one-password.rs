use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 8, lower = "a", upper == 0, digits == 0);

fn main() {}
