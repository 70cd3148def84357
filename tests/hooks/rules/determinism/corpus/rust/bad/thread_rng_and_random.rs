// expect: DET202@5 DET201@10
use rand::Rng;

pub fn roll() -> u8 {
    let mut rng = rand::thread_rng();
    rng.gen_range(1..=6)
}

pub fn coin() -> bool {
    rand::random::<bool>()
}
