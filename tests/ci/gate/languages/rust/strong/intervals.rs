use std::collections::BTreeSet;

use intervals::merge;

fn points(intervals: &[(i64, i64)]) -> BTreeSet<i64> {
    intervals.iter().flat_map(|&(start, end)| start..=end).collect()
}

#[test]
fn empty_input_gives_no_intervals() {
    assert_eq!(merge(&[]), Some(vec![]));
}

#[test]
fn single_interval_comes_back_unchanged() {
    assert_eq!(merge(&[(3, 7)]), Some(vec![(3, 7)]));
    assert_eq!(merge(&[(4, 4)]), Some(vec![(4, 4)]));
}

#[test]
fn overlapping_nested_and_touching_intervals_merge() {
    assert_eq!(merge(&[(1, 3), (2, 6), (8, 10), (15, 18)]), Some(vec![(1, 6), (8, 10), (15, 18)]));
    assert_eq!(merge(&[(1, 10), (2, 3)]), Some(vec![(1, 10)]));
    assert_eq!(merge(&[(1, 4), (4, 5)]), Some(vec![(1, 5)]));
}

#[test]
fn gap_of_one_keeps_intervals_apart() {
    assert_eq!(merge(&[(1, 2), (3, 4)]), Some(vec![(1, 2), (3, 4)]));
    assert_eq!(merge(&[(-5, -3), (-1, 0)]), Some(vec![(-5, -3), (-1, 0)]));
}

#[test]
fn unsorted_input_is_sorted() {
    assert_eq!(merge(&[(8, 9), (1, 2), (5, 6), (2, 3)]), Some(vec![(1, 3), (5, 6), (8, 9)]));
}

#[test]
fn reversed_interval_is_rejected() {
    assert_eq!(merge(&[(1, 2), (5, 4)]), None);
}

#[test]
fn agrees_with_point_oracle() {
    let mut seed: u64 = 12345;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) % n) as i64
    };
    for _ in 0..300 {
        let count = next(7);
        let input: Vec<(i64, i64)> = (0..count)
            .map(|_| {
                let start = next(30) - 10;
                (start, start + next(6))
            })
            .collect();
        let got = merge(&input).expect("valid input");
        assert!(got.windows(2).all(|w| w[1].0 > w[0].1), "{input:?} -> {got:?}");
        assert_eq!(points(&got), points(&input));
    }
}
