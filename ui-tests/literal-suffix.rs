use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10u8);

fn main() {}
