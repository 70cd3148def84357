#pragma once

#include <utility>
#include <vector>

using Interval = std::pair<int, int>;

// Overlapping or touching closed intervals become one; the result is sorted by start.
// Throws std::invalid_argument for an interval that ends before it starts.
std::vector<Interval> merge_intervals(std::vector<Interval> intervals);
