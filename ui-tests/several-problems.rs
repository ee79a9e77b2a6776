use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 0, digit >= 1, symbols = "", lower >= 1 upper >= 1);

fn main() {}
