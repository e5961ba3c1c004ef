#include "core/util/naturalorder.h"

namespace glint {
namespace {

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

} // namespace

QString NaturalOrder::key(const QString &folded)
{
    // Each run of digits becomes '0', its length without leading zeros, then those digits: a plain
    // comparison of two keys then orders numbers by value ("img2" before "img10") and keeps digits
    // before letters, as comparing the first digit would.
    QString key;
    key.reserve(folded.size() + 8);
    for (qsizetype i = 0; i < folded.size();) {
        if (!isAsciiDigit(folded[i])) {
            key += folded[i++];
            continue;
        }
        while (i < folded.size() && folded[i] == u'0')
            ++i;
        qsizetype end = i;
        while (end < folded.size() && isAsciiDigit(folded[end]))
            ++end;
        key += QChar(u'0');
        key += QChar(char16_t(qMin<qsizetype>(end - i, 0xffff)));
        key += QStringView(folded).mid(i, end - i);
        i = end;
    }
    return key;
}

int NaturalOrder::compare(const QString &a, const QString &b)
{
    const int c = key(a.toCaseFolded()).compare(key(b.toCaseFolded()));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

} // namespace glint
