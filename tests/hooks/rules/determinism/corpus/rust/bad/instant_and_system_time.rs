// expect: DET101@5 DET101@10
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub fn timed<F: FnOnce()>(f: F) -> u128 {
    let start = Instant::now();
    f();
    start.elapsed().as_millis()
}

pub fn unix() -> u64 { SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() }
