use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 12, len = 16);

fn main() {}
