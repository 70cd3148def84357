// expect: none
#include <chrono>

using namespace std::chrono;

constexpr auto kTimeout = milliseconds(250);

long long to_ms(system_clock::time_point tp) {
    return duration_cast<milliseconds>(tp.time_since_epoch()).count();
}

system_clock::time_point epoch() { return system_clock::time_point{}; }
