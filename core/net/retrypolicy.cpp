#include "core/net/retrypolicy.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace glint {

bool RetryPolicy::isTransient(const Failure &failure)
{
    switch (failure.kind()) {
    case Failure::Kind::HttpStatus:
        return failure.status() == 408 || failure.status() == 429 || failure.status() >= 500;
    case Failure::Kind::NoData:
    case Failure::Kind::ConnectionRefused:
    case Failure::Kind::ConnectionClosed:
    case Failure::Kind::Truncated:
    case Failure::Kind::Incomplete:
    case Failure::Kind::NetworkUnstable:
        return true;
    default:
        return false;
    }
}

int RetryPolicy::delayMs(int attemptsSoFar, const QByteArray &retryAfter) const
{
    const QByteArray value = retryAfter.trimmed();
    if (!value.isEmpty()) {
        bool isNumber = false;
        const qint64 seconds = value.toLongLong(&isNumber);
        qint64 ms = -1;
        if (isNumber) {
            ms = seconds * 1000;
        } else {
            const QDateTime when = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
            if (when.isValid())
                ms = QDateTime::currentDateTimeUtc().msecsTo(when);
        }
        if (ms >= 0)
            return int(qMin<qint64>(ms, maxRetryAfterMs));
    }
    // Jitter, so that a crowd of failed downloads does not come back at the same instant.
    const double base = double(baseMs) * double(1 << qMin(attemptsSoFar, 10));
    const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    return int(base * jitter);
}

} // namespace glint
