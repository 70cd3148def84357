// {{ground_truth}}
pub fn solve(values: &[i64]) -> i64 {
    values.iter().sum()
}
