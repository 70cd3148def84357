// expect: none
// Copyright 2008, Google Inc.
// All rights reserved.
//
// Google C++ Testing and Mocking Framework (Google Test)
//
// Sometimes it's desirable to build Google Test by compiling a single file.
// This file serves this purpose.
#include "gtest/gtest.h"
#define GTEST_INCLUDE_GTEST_GTEST_H_
#include <chrono>
#include <random>
namespace testing { namespace internal {
long long GetTimeInMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count();
}
unsigned int GetRandomSeedFromFlag() { std::random_device rd; return rd(); }
} }
