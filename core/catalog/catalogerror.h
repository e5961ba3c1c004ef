#pragma once
// The exception a catalog future fails with (QFuture::onFailed receives it). Its message is written
// for a user: what failed, and the SQLite or file-system reason.
#include <QString>
#include <stdexcept>

namespace glint {

class CatalogError final : public std::runtime_error {
public:
    explicit CatalogError(const QString &message, int sqliteCode = 0)
        : std::runtime_error(message.toStdString()), m_message(message), m_sqliteCode(sqliteCode) {}
    QString message() const { return m_message; }
    // SQLite's extended result code when SQLite raised it (11 corrupt, 26 not a database, …), else 0.
    int sqliteCode() const { return m_sqliteCode; }

private:
    QString m_message;
    int m_sqliteCode = 0;
};

} // namespace glint
