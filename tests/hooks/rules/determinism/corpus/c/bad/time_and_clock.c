// expect: DET101@7 DET101@12
#include <stdio.h>
#include <time.h>

/* time(NULL) inside a comment does not count */
long stamp(void) {
    return (long)time(NULL);
}

double cpu_seconds(void (*work)(void)) {
    work();
    return (double)clock() / CLOCKS_PER_SEC;
}
