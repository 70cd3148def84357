// expect: none
#include "httplib.h"
#include <cassert>

int main() {
    httplib::Client cli("localhost", 8080);
    auto res = cli.Get("/health");
    assert(res && res->status == 200);
    return 0;
}
