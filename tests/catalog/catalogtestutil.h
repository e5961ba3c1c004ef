#pragma once
// What the catalog suites share: synthetic records with real JPEG thumbnails, waiting for futures
// without sleeping, and a direct look into a catalog file for assertions.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogtypes.h"
#include "testhash.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QFuture>
#include <QImage>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QVariant>

namespace glint::test {

// A file's bytes, or "<missing>" when it cannot be read.
inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

inline QByteArray tinyJpeg(int hue)
{
    QImage image(32, 24, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(hue % 360, 180, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 80);
    return bytes;
}

// A successful record whose content is "image <n>" (so equal n means equal bytes).
inline CatalogRecord okRecord(int n, const QString &url, const QString &page = {})
{
    CatalogRecord r;
    r.url = QUrl(url);
    if (!page.isEmpty())
        r.page = QUrl(page);
    r.ok = true;
    r.sha256 = sha256Hex(QByteArray("image ") + QByteArray::number(n));
    r.bytes = 1000 + n;
    r.format = "jpeg";
    r.size = QSize(100 + n, 50 + n);
    r.file = QStringLiteral("/nonexistent/glint/img%1.jpg").arg(n);
    r.thumbnailJpeg = tinyJpeg(n * 7);
    r.httpStatus = 200;
    return r;
}

inline CatalogRecord failedRecord(const QString &url, const QString &error, int httpStatus)
{
    CatalogRecord r;
    r.url = QUrl(url);
    r.ok = false;
    r.error = error;
    r.httpStatus = httpStatus;
    return r;
}

// Waits for a future whose work runs on another thread, keeping this thread's events flowing
// (continuations to this thread, deferred deletes). Returns false on timeout.
template <typename T>
bool finishes(const QFuture<T> &future, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(1);
    return future.isFinished();
}

template <typename T>
T await(QFuture<T> future)
{
    if (!finishes(future))
        qFatal("a catalog future did not finish in time");
    return future.result();   // rethrows the CatalogError of a failed future
}

inline void await(QFuture<void> future)
{
    if (!finishes(future))
        qFatal("a catalog future did not finish in time");
    future.waitForFinished();   // rethrows
}

// A short-lived connection of the test's own, to look at the file from outside the catalog.
class Peek final {
    Q_DISABLE_COPY_MOVE(Peek)
public:
    explicit Peek(const QString &path)
        : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~Peek() { QSqlDatabase::removeDatabase(m_name); }
    QVariant value(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    QStringList column(const QString &sql) const
    {
        QStringList out;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (q.exec(sql))
            while (q.next())
                out << q.value(0).toString();
        return out;
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }

private:
    // Closes the connection before removeDatabase (no QSqlDatabase copy may outlive it).
    struct Closer {
        QString name;
        ~Closer() { QSqlDatabase::database(name, false).close(); }
    };
    QString m_name;
    Closer m_closer{m_name};
};

} // namespace glint::test
