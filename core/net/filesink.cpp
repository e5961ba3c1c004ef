#include "core/net/filesink.h"

#include "core/probe/guithreadwork.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSet>

namespace glint {
namespace {

// Names handed out but not yet committed, so two downloads of "a.jpg" never pick the same name.
QMutex g_reservedLock;
QSet<QString> g_reserved;

QString reserveFreeName(const QDir &dir, const QString &name)
{
    const QFileInfo info(name);
    const QString base = info.completeBaseName();
    const QString suffix = info.suffix().isEmpty() ? QString() : QLatin1Char('.') + info.suffix();
    QMutexLocker lock(&g_reservedLock);
    for (int n = 1;; ++n) {
        const QString candidate = dir.filePath(n == 1 ? name : QStringLiteral("%1 (%2)%3").arg(base).arg(n).arg(suffix));
        if (!g_reserved.contains(candidate) && !QFileInfo::exists(candidate)) {
            g_reserved.insert(candidate);
            return candidate;
        }
    }
}

void release(const QString &name)
{
    QMutexLocker lock(&g_reservedLock);
    g_reserved.remove(name);
}

} // namespace

FileSink::FileSink() = default;

FileSink::~FileSink()
{
    cancel();
}

QString FileSink::sanitizedName(const QString &urlFileName, const QString &fallbackSuffix)
{
    QString name;
    for (const QChar c : urlFileName) {
        if (c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_'))
            name += c;
        else if (!name.endsWith(QLatin1Char('_')))
            name += QLatin1Char('_');
    }
    while (name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    name.truncate(120);
    if (name.isEmpty() || name == QLatin1String("_"))
        name = QStringLiteral("image");
    if (QFileInfo(name).suffix().isEmpty() && !fallbackSuffix.isEmpty())
        name += QLatin1Char('.') + fallbackSuffix;
    return name;
}

bool FileSink::open(const QString &dir, const QString &suggestedName)
{
    cancel();
    if (!QDir().mkpath(dir)) {
        m_error = QStringLiteral("Could not create the folder %1").arg(dir);
        return false;
    }
    m_file = std::make_unique<QSaveFile>(reserveFreeName(QDir(dir), suggestedName));
    m_hash.reset();
    m_digest.clear();
    m_size = 0;
    if (!m_file->open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("Could not save to %1: %2").arg(m_file->fileName(), m_file->errorString());
        cancel();
        return false;
    }
    return true;
}

bool FileSink::write(const char *data, qint64 size)
{
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    if (!m_file)
        return false;
    if (m_file->write(data, size) != size) {
        m_error = QStringLiteral("Could not write %1: %2").arg(m_file->fileName(), m_file->errorString());
        return false;
    }
    m_hash.addData(QByteArrayView(data, size));
    m_size += size;
    return true;
}

bool FileSink::commit()
{
    if (!m_file)
        return false;
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    const QString name = m_file->fileName();
    const bool ok = m_file->commit();
    if (!ok)
        m_error = QStringLiteral("Could not save %1: %2").arg(name, m_file->errorString());
    else
        m_digest = m_hash.result().toHex();
    release(name);
    m_file.reset();
    m_committedName = ok ? name : QString();
    return ok;
}

void FileSink::cancel()
{
    if (!m_file)
        return;
    m_file->cancelWriting();
    release(m_file->fileName());
    m_file.reset();   // QSaveFile removes its temporary when it is destroyed uncommitted
}

QString FileSink::fileName() const
{
    return m_file ? m_file->fileName() : m_committedName;
}

QString FileSink::errorString() const { return m_error; }
QByteArray FileSink::sha256Hex() const { return m_digest; }

} // namespace glint
