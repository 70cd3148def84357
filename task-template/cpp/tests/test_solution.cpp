// The reward function: exits non-zero when any check fails.
#include <cstdio>
#include <vector>

#include "solution.hpp"

static int failures = 0;

static void check(const char* name, long long got, long long want) {
    if (got != want) {
        ++failures;
        std::printf("FAIL %s: got %lld, want %lld\n", name, got, want);
    } else {
        std::printf("ok %s\n", name);
    }
}

int main() {
    check("empty input", solve({}), 0);
    check("single value", solve({7}), 7);
    check("negative values", solve({-3, 1, -2}), -4);
    return failures == 0 ? 0 : 1;
}
