// expect: DET302@6 DET204@7
#include <stdio.h>
#include <stdlib.h>

int fetch(void) {
    int rc = system("curl -s https://example.com/data.csv -o data.csv");
    FILE *f = fopen("/dev/urandom", "rb");
    return rc + (f != NULL);
}
