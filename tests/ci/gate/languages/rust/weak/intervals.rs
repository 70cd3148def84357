use intervals::merge;

// Only that some answer comes back for valid input.
#[test]
fn returns_something_for_valid_input() {
    assert!(merge(&[(1, 3), (2, 6)]).is_some());
}

#[test]
fn empty_input_is_fine() {
    assert!(merge(&[]).is_some());
}
