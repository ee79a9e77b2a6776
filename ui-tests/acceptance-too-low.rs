use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 16, digits >= 12);

fn main() {}
