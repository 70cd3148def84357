// expect: none
use rand::{rngs::StdRng, Rng, SeedableRng};

#[test]
fn sample_is_stable() {
    let mut rng = StdRng::seed_from_u64(42);
    let xs: Vec<u32> = (0..10).map(|_| rng.gen_range(0..100)).collect();
    assert_eq!(xs.len(), 10);
}
