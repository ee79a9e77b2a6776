use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, symbols = "!\u{_41}");

fn main() {}
