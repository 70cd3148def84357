// expect: DET203@6 DET201@7
#include <stdlib.h>
#include <time.h>

int main(void) {
    srand((unsigned)time(NULL));
    int r = rand();
    return r % 2;
}
