// expect: none
pub struct Instant(u64);

impl Instant {
    pub fn now() -> Self { Instant(0) }
}

pub trait Clock { fn now(&self) -> u64; }

pub struct Fixed;
impl Clock for Fixed { fn now(&self) -> u64 { 42 } }

fn random() -> u32 { 4 }

pub fn run(c: &dyn Clock) -> u64 { c.now() + Instant::now().0 + random() as u64 }
