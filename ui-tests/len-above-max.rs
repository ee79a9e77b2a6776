use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 300);

fn main() {}
