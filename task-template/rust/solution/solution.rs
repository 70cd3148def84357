// Ground truth: replace with the reference solution.
pub fn solve(values: &[i64]) -> i64 {
    values.iter().sum()
}
