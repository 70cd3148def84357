// expect: DET203@7 DET201@12
#include <cstdlib>
#include <ctime>
#include <random>

std::mt19937 make() {
    std::mt19937 gen(static_cast<unsigned>(std::time(nullptr)));
    return gen;
}

int legacy() {
    return std::rand() % 10;
}
