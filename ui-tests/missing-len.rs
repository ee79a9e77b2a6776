use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(lower >= 1, digits >= 2);

fn main() {}
