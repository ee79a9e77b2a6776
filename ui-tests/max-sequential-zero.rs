use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, max_sequential = 0);

fn main() {}
