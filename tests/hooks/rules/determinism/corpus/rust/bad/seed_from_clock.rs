// expect: DET203@6
use rand::{rngs::StdRng, SeedableRng};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn rng() -> StdRng {
    StdRng::seed_from_u64(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs())
}
