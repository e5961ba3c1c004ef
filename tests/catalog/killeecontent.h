#pragma once
// The bytes catalog_killee writes as file number n: deterministic, so the kill test can tell a
// complete file from a torn one without asking the killee.
#include <QByteArray>
#include <QString>

namespace glint::test {

inline QByteArray killeeContent(int n)
{
    QByteArray bytes;
    const int size = 64 * 1024 + int((qint64(n) * 7919) % (192 * 1024));
    bytes.reserve(size);
    quint32 x = 2166136261u ^ quint32(n);
    while (bytes.size() < size) {
        x = x * 1664525u + 1013904223u;
        bytes.append(char(x >> 24));
    }
    return bytes;
}

inline QString killeeFileName(int n)
{
    return QStringLiteral("img%1.bin").arg(n);
}

} // namespace glint::test
