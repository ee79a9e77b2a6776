use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 8, digits >= 9);

fn main() {}
