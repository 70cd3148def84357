// The reward function: every test must pass on the ground truth and fail on wrong answers.
#[path = "../solution/solution.rs"]
mod solution;

use solution::solve;

#[test]
fn empty_input() {
    assert_eq!(solve(&[]), 0);
}

#[test]
fn single_value() {
    assert_eq!(solve(&[7]), 7);
}

#[test]
fn negative_values() {
    assert_eq!(solve(&[-3, 1, -2]), -4);
}
