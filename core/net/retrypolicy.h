#pragma once
// When a failed download is tried again, and after how long. Failures that may pass (a time-out, a
// dropped or cut connection, 408, 429, 5xx) are retried with exponential backoff and jitter, or after
// the server's Retry-After; everything else is final at once.
//
// Threads: plain data, any thread.
#include "core/util/failure.h"

#include <QByteArray>

namespace glint {

class RetryPolicy final {
public:
    int maxRetries = 3;
    int baseMs = 1000;            // first backoff; doubles each time, ±25 % jitter
    int maxRetryAfterMs = 60000;  // a server's Retry-After is honoured up to this

    static bool isTransient(const Failure &failure);
    bool shouldRetry(const Failure &failure, int attemptsSoFar) const
    {
        return attemptsSoFar < maxRetries && isTransient(failure);
    }
    // `retryAfter`: the header's value (seconds or an HTTP date), or empty.
    int delayMs(int attemptsSoFar, const QByteArray &retryAfter) const;
};

} // namespace glint
