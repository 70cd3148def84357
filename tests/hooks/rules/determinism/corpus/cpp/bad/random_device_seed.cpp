// expect: DET204@5 DET203@6
#include <random>

int roll() {
    std::random_device rd;
    std::mt19937 gen(rd());
    std::uniform_int_distribution<int> d(1, 6);
    return d(gen);
}
