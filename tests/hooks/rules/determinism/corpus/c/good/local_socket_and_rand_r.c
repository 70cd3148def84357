// expect: none
#include <stdlib.h>
#include <sys/socket.h>

int pair(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
}

int local(void) {
    return socket(AF_UNIX, SOCK_STREAM, 0);
}

int draw(unsigned int *seed) {
    return rand_r(seed);
}
