// expect: none

//              Copyright Catch2 Authors
// Distributed under the Boost Software License, Version 1.0.
//   (See accompanying file LICENSE.txt or copy at
//        https://www.boost.org/LICENSE_1_0.txt)

// SPDX-License-Identifier: BSL-1.0

//  Catch v3.5.2
//  Generated: 2024-01-15 14:06:34.036475
//  ----------------------------------------------------------
//  This file is an amalgamation of multiple different files.
//  You probably shouldn't edit it directly.
//  ----------------------------------------------------------
#ifndef CATCH_AMALGAMATED_HPP_INCLUDED
#define CATCH_AMALGAMATED_HPP_INCLUDED
#include <chrono>
#include <random>
namespace Catch {
    inline std::uint32_t generateRandomSeed() {
        return static_cast<std::uint32_t>(std::chrono::system_clock::now().time_since_epoch().count());
    }
    inline std::uint32_t entropySeed() { std::random_device rd; return rd(); }
}
#endif // CATCH_AMALGAMATED_HPP_INCLUDED
