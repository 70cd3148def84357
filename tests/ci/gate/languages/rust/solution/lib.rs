//! Merging closed integer intervals.

/// Overlapping or touching intervals become one; the result is sorted by start.
///
/// Returns `None` when an interval ends before it starts.
pub fn merge(intervals: &[(i64, i64)]) -> Option<Vec<(i64, i64)>> {
    if intervals.iter().any(|&(start, end)| start > end) {
        return None;
    }
    let mut sorted = intervals.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    Some(merged)
}
