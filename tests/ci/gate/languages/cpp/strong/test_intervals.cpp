// A self-contained test main: each CHECK that fails is reported; the exit status counts them.
#include <cstdio>
#include <random>
#include <set>
#include <stdexcept>

#include "intervals.hpp"

static int failures = 0;

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            ++failures;                                               \
        }                                                             \
    } while (0)

using V = std::vector<Interval>;

static std::set<int> points(const V& intervals) {
    std::set<int> covered;
    for (const auto& [start, end] : intervals) {
        for (int x = start; x <= end; ++x) {
            covered.insert(x);
        }
    }
    return covered;
}

int main() {
    CHECK(merge_intervals({}).empty());
    CHECK((merge_intervals({{3, 7}}) == V{{3, 7}}));
    CHECK((merge_intervals({{4, 4}}) == V{{4, 4}}));
    CHECK((merge_intervals({{1, 3}, {2, 6}, {8, 10}, {15, 18}}) == V{{1, 6}, {8, 10}, {15, 18}}));
    CHECK((merge_intervals({{1, 10}, {2, 3}}) == V{{1, 10}}));
    CHECK((merge_intervals({{1, 4}, {4, 5}}) == V{{1, 5}}));
    CHECK((merge_intervals({{1, 2}, {3, 4}}) == V{{1, 2}, {3, 4}}));
    CHECK((merge_intervals({{-5, -3}, {-1, 0}}) == V{{-5, -3}, {-1, 0}}));
    CHECK((merge_intervals({{8, 9}, {1, 2}, {5, 6}, {2, 3}}) == V{{1, 3}, {5, 6}, {8, 9}}));
    bool threw = false;
    try {
        merge_intervals({{1, 2}, {5, 4}});
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    CHECK(threw);

    std::mt19937 rng(12345);
    for (int round = 0; round < 300; ++round) {
        V input(rng() % 7);
        for (auto& interval : input) {
            int start = static_cast<int>(rng() % 30) - 10;
            interval = {start, start + static_cast<int>(rng() % 6)};
        }
        V got = merge_intervals(input);
        for (size_t i = 1; i < got.size(); ++i) {
            CHECK(got[i].first > got[i - 1].second);
        }
        CHECK(points(got) == points(input));
    }
    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
