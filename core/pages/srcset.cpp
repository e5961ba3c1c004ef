#include "core/pages/srcset.h"

namespace glint {
namespace {

bool isSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == 0x09 || u == 0x0A || u == 0x0C || u == 0x0D || u == 0x20;
}

// A descriptor is a number and one letter: "480w", "1.5x". Anything else invalidates the candidate.
bool parseDescriptor(QStringView token, SrcsetCandidate &candidate)
{
    if (token.size() < 2)
        return false;
    const QChar unit = token.back().toLower();
    bool ok = false;
    const double value = token.chopped(1).toDouble(&ok);
    if (!ok || !(value > 0) || value > 1e7)
        return false;
    if (unit == QLatin1Char('w') && candidate.width == 0 && candidate.density == 0) {
        candidate.width = value;
        return true;
    }
    if (unit == QLatin1Char('x') && candidate.width == 0 && candidate.density == 0) {
        candidate.density = value;
        return true;
    }
    return unit == QLatin1Char('h');   // a future-compatible height: allowed, not used
}

} // namespace

QList<SrcsetCandidate> Srcset::parse(QStringView input)
{
    QList<SrcsetCandidate> candidates;
    qsizetype pos = 0;
    const qsizetype end = input.size();
    while (pos < end) {
        while (pos < end && (isSpace(input[pos]) || input[pos] == QLatin1Char(',')))
            ++pos;
        if (pos >= end)
            break;
        const qsizetype urlStart = pos;
        while (pos < end && !isSpace(input[pos]))
            ++pos;
        QStringView url = input.sliced(urlStart, pos - urlStart);
        SrcsetCandidate candidate;
        bool valid = true;
        if (url.endsWith(QLatin1Char(','))) {
            // "a.jpg," : a URL without descriptors; trailing commas are not part of it.
            while (url.endsWith(QLatin1Char(',')))
                url.chop(1);
        } else {
            // Descriptors up to the next comma outside parentheses.
            QString token;
            bool inParens = false;
            auto flush = [&] {
                if (!token.isEmpty() && !parseDescriptor(token, candidate))
                    valid = false;
                token.clear();
            };
            while (pos < end) {
                const QChar c = input[pos++];
                if (inParens) {
                    if (c == QLatin1Char(')'))
                        inParens = false;
                    token.append(c);
                } else if (isSpace(c)) {
                    flush();
                } else if (c == QLatin1Char(',')) {
                    break;
                } else {
                    if (c == QLatin1Char('('))
                        inParens = true;
                    token.append(c);
                }
            }
            flush();
        }
        if (valid && !url.isEmpty()) {
            candidate.url = url.toString();
            candidates.append(candidate);
        }
    }
    return candidates;
}

double Srcset::score(const SrcsetCandidate &candidate, double pixelsPerX)
{
    if (candidate.width > 0)
        return candidate.width;
    return (candidate.density > 0 ? candidate.density : 1.0) * pixelsPerX;
}

QString Srcset::largest(QStringView srcset, double pixelsPerX)
{
    QString best;
    double bestScore = -1;
    for (const SrcsetCandidate &candidate : parse(srcset)) {
        const double s = score(candidate, pixelsPerX);
        if (s > bestScore) {
            bestScore = s;
            best = candidate.url;
        }
    }
    return best;
}

} // namespace glint
