// expect: DET204@7 DET203@11
use rand::rngs::{OsRng, StdRng};
use rand::{RngCore, SeedableRng};

pub fn key() -> [u8; 16] {
    let mut k = [0u8; 16];
    OsRng.fill_bytes(&mut k);
    k
}

pub fn gen() -> StdRng { StdRng::from_entropy() }
