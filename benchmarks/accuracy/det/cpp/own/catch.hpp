// expect: DET101@7 DET201@8
// Our own tiny assertion helpers (named after Catch, but not Catch).
#include <cstdlib>
#include <ctime>
#define REQUIRE(x) do { if (!(x)) { std::abort(); } } while (0)
inline int random_case() {
    long t = static_cast<long>(std::time(nullptr));
    return (std::rand() + static_cast<int>(t)) % 100;
}
