// expect: DET201@7 DET101@8
use rand::prelude::*;

#[cfg(test)]
mod tests {
    use super::*;
    #[test] fn flaky() { assert!(random::<u8>() < 255); }
    #[test] fn timed() { println!("{:?}", std::time::Instant::now()); }
}
