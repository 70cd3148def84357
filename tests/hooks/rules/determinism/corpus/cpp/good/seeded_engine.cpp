// expect: none
#include <algorithm>
#include <random>
#include <vector>

// std::random_device and std::chrono::system_clock::now() in a comment.
std::vector<int> shuffled(std::vector<int> v, unsigned seed) {
    std::mt19937 gen(42);
    std::mt19937 other(seed);
    std::mt19937 defaulted;
    std::shuffle(v.begin(), v.end(), gen);
    other.seed(7);
    return v;
}

const char *kNote = "std::random_device rd; srand(time(0));";
