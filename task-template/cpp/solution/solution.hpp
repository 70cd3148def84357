// {{ground_truth}}
#pragma once
#include <vector>

inline long long solve(const std::vector<int>& values) {
    long long total = 0;
    for (int value : values) total += value;
    return total;
}
