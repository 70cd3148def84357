#include "intervals.hpp"

#include <algorithm>
#include <stdexcept>

std::vector<Interval> merge_intervals(std::vector<Interval> intervals) {
    for (const auto& [start, end] : intervals) {
        if (start > end) {
            throw std::invalid_argument("interval ends before it starts");
        }
    }
    std::sort(intervals.begin(), intervals.end());
    std::vector<Interval> merged;
    for (const auto& interval : intervals) {
        if (!merged.empty() && interval.first <= merged.back().second) {
            merged.back().second = std::max(merged.back().second, interval.second);
        } else {
            merged.push_back(interval);
        }
    }
    return merged;
}
