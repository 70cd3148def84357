// expect: none
#include <cstdint>

struct FakeClock {
    std::int64_t t = 0;
    std::int64_t now() const { return t; }
};

struct Engine {
    FakeClock &clock;
    std::int64_t tick() { return clock.now() + 1; }
};

std::int64_t time(std::int64_t base) { return base * 2; }

std::int64_t run(Engine &e) { return e.tick() + time(3); }
