// expect: none
/*
 *  Catch v2.13.10
 *  Generated: 2022-10-16 11:01:23.452308
 *  ----------------------------------------------------------
 *  This file has been merged from multiple headers. Please don't edit it directly
 *  Copyright (c) 2022 Two Blue Cubes Ltd. All rights reserved.
 *
 *  Distributed under the Boost Software License, Version 1.0. (See accompanying
 *  file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
 */
#ifndef TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#define TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
#include <chrono>
#include <ctime>
#include <random>

namespace Catch {
    inline unsigned int rngSeedFromTime() {
        return static_cast<unsigned int>(std::time(nullptr));
    }
    class Timer {
        uint64_t m_nanoseconds = 0;
    public:
        void start() {
            m_nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::high_resolution_clock::now().time_since_epoch()).count();
        }
    };
    inline std::mt19937& rng() {
        static std::mt19937 s_rng(std::random_device{}());
        return s_rng;
    }
}
#endif // TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED
