// expect: DET101@9 DET101@13 DET101@17
#include <chrono>

namespace chr = std::chrono;
using Clock = std::chrono::steady_clock;
using namespace std::chrono;

long long wall() {
    return std::chrono::system_clock::now().time_since_epoch().count();
}

long long mono() {
    return Clock::now().time_since_epoch().count();
}

auto hires() {
    return chr::high_resolution_clock::now();
}
