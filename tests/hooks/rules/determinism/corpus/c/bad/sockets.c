// expect: DET301@10 DET301@11 DET301@12
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int open_conn(const char *host) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    if (getaddrinfo(host, "80", &hints, &res) != 0) return -1;
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    connect(fd, res->ai_addr, res->ai_addrlen);
    return fd;
}
