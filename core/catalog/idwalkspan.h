#pragma once
// How many ids the next span of an id walk reads (CatalogModel::learnIds): as many as take about
// kTargetMs on a reader thread, judged from the span before. A text that no index serves in order
// makes a span of 5,000 ids cost 5-260 ms (a sparse one scans many rows per id), and while a span
// runs it holds a reader thread that a block being painted may need.
//
// Threads: any; a pure function. Lifetime/Ownership: none.
#include <QtGlobal>

#include <algorithm>

namespace glint {

struct IdWalkSpan {
    static constexpr int kFirst = 1000;
    static constexpr int kMin = 200;
    static constexpr int kMax = 20000;
    static constexpr double kTargetMs = 20;

    // The span after one of `ids` that took `ms`: scaled toward kTargetMs, at most doubled at once
    // (one quick span says little), within [kMin, max].
    static int next(int ids, double ms, int max = kMax)
    {
        const double scaled = double(ids) * kTargetMs / std::max(ms, 0.5);
        const double bounded = std::min(scaled, 2.0 * ids);
        return std::clamp(int(bounded), std::min(kMin, max), max);
    }
};

} // namespace glint
