// expect: DET201@5
#include <stdlib.h>

int roll(void) {
    return rand() % 6 + 1;
}
