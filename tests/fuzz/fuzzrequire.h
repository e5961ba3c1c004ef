#pragma once
// A promise a fuzz target checks besides crashes and sanitizer reports: broken, it aborts with the
// target's name and what was promised, so libFuzzer keeps the input that broke it.
#include <cstdio>
#include <cstdlib>

namespace glint::fuzz {

inline void require(bool condition, const char *target, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "%s: broken promise: %s\n", target, what);
        std::abort();
    }
}

} // namespace glint::fuzz
