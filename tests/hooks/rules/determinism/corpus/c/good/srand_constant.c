// expect: none
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    srand(42);
    for (int i = 0; i < 3; i++) {
        printf("%d\n", rand() % 6);
    }
    puts("time(NULL) and rand() in a string");
    return 0;
}
