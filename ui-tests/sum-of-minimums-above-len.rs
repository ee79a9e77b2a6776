use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 8, lower >= 3, upper >= 3, digits >= 3);

fn main() {}
