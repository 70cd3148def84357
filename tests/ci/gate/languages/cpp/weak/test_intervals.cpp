// Only checks that the function exists with the right type: it is never called.
#include <cstdio>
#include <type_traits>

#include "intervals.hpp"

int main() {
    auto* function = &merge_intervals;
    static_assert(std::is_same_v<decltype(function), std::vector<Interval> (*)(std::vector<Interval>)>);
    std::printf("merge_intervals has the expected signature\n");
    return function == nullptr ? 1 : 0;
}
