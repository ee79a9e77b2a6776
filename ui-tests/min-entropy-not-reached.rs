use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 8, min_entropy = 60);

fn main() {}
