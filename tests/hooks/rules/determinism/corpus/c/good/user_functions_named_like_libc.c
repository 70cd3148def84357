// expect: none
#include <stdint.h>

static uint32_t state = 7;

/* The task's own xorshift generator and clock. */
static uint32_t random_u32(void) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

static long clock_ticks = 0;
long ticks(void) { return ++clock_ticks; }

struct sim { long (*now)(void); };

long step(struct sim *s) { return s->now() + (long)random_u32(); }
