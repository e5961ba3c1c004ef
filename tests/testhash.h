#pragma once
// SHA-256 as the tests compare it with what Glint records: lower-case hex.
#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>

namespace glint::test {

inline QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// Empty when the file cannot be read.
inline QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

} // namespace glint::test
