use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 10, digits >= 1, exclude = "0123456789");

fn main() {}
