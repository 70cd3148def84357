// expect: DET302@5
#include <cstdlib>

int main() {
    return std::system("wget -q https://example.com/model.bin");
}
