// expect: DET201@5
#include <stdlib.h>

int main(void) {
    int first = rand();
    srand(42);
    return first + rand();
}
