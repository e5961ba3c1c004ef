#include "core/net/filesink.h"

#include <QCoreApplication>
#include "core/formats/imagefiles.h"
#include "core/probe/guithreadwork.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QTextBoundaryFinder>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstdio>     // renameat2 (glibc 2.28+)
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include <filesystem>
#endif

namespace glint {
namespace {

// Where the next collision of a (folder, name) starts: "a (7).jpg" after "a (6).jpg" was taken.
// Bounded: a process that saves a great many different names forgets them all at once, which only
// costs a few more attempts the next time each collides.
QMutex g_countersLock;
QHash<QString, int> g_nextNumber;
constexpr int kMaxRemembered = 4096;
constexpr int kMaxAttempts = 100000;

int takeNumber(const QString &key)
{
    QMutexLocker lock(&g_countersLock);
    if (g_nextNumber.size() >= kMaxRemembered && !g_nextNumber.contains(key))
        g_nextNumber.clear();
    int &next = g_nextNumber[key];
    if (next < 2)
        next = 2;
    return next++;
}

// Characters a name never holds: controls, line and paragraph separators, and the bidi controls
// that make "gpj.exe" look like "exe.jpg".
bool isDropped(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Surrogate:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        break;
    }
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

// Path separators, and what FAT (a USB stick) or Windows refuse in a name.
bool isReplaced(char32_t c)
{
    return c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
}

QString cleaned(const QString &name)
{
    QList<char32_t> kept;
    for (const char32_t c : name.toUcs4()) {
        if (isDropped(c))
            continue;
        kept << (isReplaced(c) ? char32_t('_') : c);
    }
    QString out = QString::fromUcs4(kept.constData(), kept.size()).trimmed();
    // No hidden files, no "." or "..", and no trailing dots or spaces (FAT drops them silently).
    while (out.startsWith(QLatin1Char('.')))
        out = out.mid(1).trimmed();
    while (out.endsWith(QLatin1Char('.')) || out.endsWith(QLatin1Char(' ')))
        out.chop(1);
    return out;
}

struct Parts {
    QString base;
    QString suffix;   // without the dot; empty: none
};

Parts split(const QString &name)
{
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot > 0 && dot < name.size() - 1 && name.size() - dot - 1 <= 16)
        return {name.left(dot), name.mid(dot + 1)};
    return {name, {}};
}

// A suffix that names a file type ("html", "jpg"), to be replaced, rather than part of the name
// ("photo.2024", "img.jpg_large"), to be kept before the right one.
bool looksLikeType(const QString &suffix)
{
    if (suffix.isEmpty() || suffix.size() > 5)
        return false;
    bool letter = false;
    for (const QChar c : suffix) {
        if (c.unicode() > 127 || !c.isLetterOrNumber())
            return false;
        letter = letter || c.isLetter();
    }
    return letter;
}

// `base` cut between graphemes so that base + tail takes at most kMaxNameBytes on disk.
QString fitted(const QString &base, const QString &tail)
{
    const qsizetype budget = FileSink::kMaxNameBytes - QFile::encodeName(tail).size();
    if (QFile::encodeName(base).size() <= budget)
        return base + tail;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, base);
    qsizetype keep = 0;
    qsizetype bytes = 0;
    for (qsizetype next = graphemes.toNextBoundary(); next > 0; next = graphemes.toNextBoundary()) {
        bytes += QFile::encodeName(base.mid(keep, next - keep)).size();
        if (bytes > budget)
            break;
        keep = next;
    }
    QString cut = base.left(keep);
    while (cut.endsWith(QLatin1Char(' ')) || cut.endsWith(QLatin1Char('.')))
        cut.chop(1);
    return (cut.isEmpty() ? QStringLiteral("image") : cut) + tail;
}

QString dotted(const QString &suffix)
{
    return suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix;
}

#ifdef Q_OS_UNIX
QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}
#endif

} // namespace

FileSink::FileSink() = default;

FileSink::~FileSink()
{
    cancel();
}

QString FileSink::safeName(const QString &name, const QByteArray &detectedFormat)
{
    Parts parts = split(cleaned(name));
    if (!detectedFormat.isEmpty() && !ImageFiles::suffixFitsFormat(parts.suffix, detectedFormat)) {
        if (!parts.suffix.isEmpty() && !looksLikeType(parts.suffix))
            parts.base += QLatin1Char('.') + parts.suffix;
        parts.suffix = ImageFiles::suffixForFormat(detectedFormat);
    }
    if (parts.base.isEmpty())
        parts.base = QStringLiteral("image");
    return fitted(parts.base, dotted(parts.suffix));
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
    if (name.isEmpty() || name == QLatin1String("_"))
        name = QStringLiteral("image");
    if (split(name).suffix.isEmpty() && !fallbackSuffix.isEmpty())
        name += QLatin1Char('.') + fallbackSuffix;
    return safeName(name);
}

FileSink::Identity FileSink::identityOf(const QString &path)
{
    Identity id;
#ifdef Q_OS_UNIX
    struct stat st;
    if (::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISREG(st.st_mode)) {
        id.device = quint64(st.st_dev);
        id.inode = quint64(st.st_ino);
        id.valid = true;
    }
#else
    const QFileInfo info(path);
    id.valid = info.isFile() && !info.isSymLink();   // elsewhere: only 'still a regular file'
#endif
    return id;
}

bool FileSink::open(const QString &dir, const QString &suggestedName, const QByteArray &detectedFormat)
{
    cancel();
    m_committedName.clear();
    m_error.clear();
    m_hash.reset();
    m_digest.clear();
    m_size = 0;
    m_writeFailed = false;
    if (!QDir().mkpath(dir)) {
        m_error = QCoreApplication::translate("glint::FileSink", "Could not create the folder %1").arg(dir);
        return false;
    }
    m_dir = QDir(dir).absolutePath();
    m_wanted = safeName(suggestedName, detectedFormat);
    // The temporary: a random hidden name, created exclusively, so it can only be Glint's.
    const QFileDevice::Permissions readWrite = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                               | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString name = QStringLiteral("%1/.glint-%2.part")
                                 .arg(m_dir, QString::number(QRandomGenerator::global()->generate64(), 36));
        auto file = std::make_unique<QFile>(name);
        if (file->open(QIODevice::WriteOnly | QIODevice::NewOnly, readWrite)) {   // umask applies
            m_temp = std::move(file);
            m_tempIdentity = identityOf(name);
            return true;
        }
        const QFileInfo info(name);
        if (!info.exists() && !info.isSymLink()) {
            m_error = QCoreApplication::translate("glint::FileSink", "Could not save to %1: %2").arg(m_dir, file->errorString());
            return false;
        }
    }
    m_error = QCoreApplication::translate("glint::FileSink", "Could not create a temporary file in %1").arg(m_dir);
    return false;
}

bool FileSink::write(const char *data, qint64 size)
{
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    if (!m_temp)
        return false;
    if (m_temp->write(data, size) != size) {
        m_error = QCoreApplication::translate("glint::FileSink", "Could not write %1: %2").arg(QDir(m_dir).filePath(m_wanted), m_temp->errorString());
        m_writeFailed = true;
        return false;
    }
    m_hash.addData(QByteArrayView(data, size));
    m_size += size;
    return true;
}

FileSink::Claim FileSink::claim(const QString &target)
{
    const QString temp = m_temp->fileName();
#ifdef Q_OS_UNIX
    const QByteArray from = QFile::encodeName(temp);
    const QByteArray to = QFile::encodeName(target);
    // 1. An atomic move that fails if the name exists.
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return Claim::Done;
    if (errno == EEXIST)
        return Claim::Taken;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP) {
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, systemError(errno));
        return Claim::Failed;
    }
    // 2. No such move on this file system (some network ones): a hard link, which never replaces.
    if (::link(from.constData(), to.constData()) == 0) {
        if (::unlink(from.constData()) == 0)
            return Claim::Done;
        const int error = errno;
        ::unlink(to.constData());   // the link made a moment ago: our own file
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, systemError(error));
        return Claim::Failed;
    }
    if (errno == EEXIST)
        return Claim::Taken;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK) {
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, systemError(errno));
        return Claim::Failed;
    }
    // 3. No hard links either (FAT through FUSE, some shares): an exclusively created placeholder,
    // which the temporary replaces only while it is still that same empty file of ours.
    const int fd = ::open(to.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return Claim::Taken;
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, systemError(errno));
        return Claim::Failed;
    }
    struct stat created;
    const bool known = ::fstat(fd, &created) == 0;
    ::close(fd);
    struct stat now;
    const bool ours = known && ::lstat(to.constData(), &now) == 0 && S_ISREG(now.st_mode) && now.st_dev == created.st_dev
                      && now.st_ino == created.st_ino && now.st_size == 0;
    if (!ours)
        return Claim::Taken;   // someone else's file now: never ours to replace or remove
    if (::rename(from.constData(), to.constData()) == 0)
        return Claim::Done;
    const int error = errno;
    if (::lstat(to.constData(), &now) == 0 && now.st_dev == created.st_dev && now.st_ino == created.st_ino && now.st_size == 0)
        ::unlink(to.constData());
    m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, systemError(error));
    return Claim::Failed;
#else
    // Elsewhere: the placeholder way only (see step 3 above).
    QFile placeholder(target);
    if (!placeholder.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        const QFileInfo info(target);
        if (info.exists() || info.isSymLink())
            return Claim::Taken;
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, placeholder.errorString());
        return Claim::Failed;
    }
    placeholder.close();
    std::error_code error;
    std::filesystem::rename(std::filesystem::path(temp.toStdU16String()), std::filesystem::path(target.toStdU16String()), error);
    if (!error)
        return Claim::Done;
    if (QFileInfo(target).size() == 0)
        QFile::remove(target);
    m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(target, QString::fromStdString(error.message()));
    return Claim::Failed;
#endif
}

bool FileSink::commit()
{
    if (!m_temp)
        return false;
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    const QString wanted = QDir(m_dir).filePath(m_wanted);
    if (m_writeFailed) {
        removeTemporary();
        return false;   // m_error says why
    }
    // The bytes on disk before the name: a crash after the rename never leaves an empty original.
    bool flushed = m_temp->flush();
#ifdef Q_OS_UNIX
    flushed = flushed && ::fdatasync(m_temp->handle()) == 0;
#endif
    m_temp->close();
    if (!flushed || m_temp->error() != QFileDevice::NoError) {
        m_error = QCoreApplication::translate("glint::FileSink", "Could not save %1: %2").arg(wanted, m_temp->errorString());
        removeTemporary();
        return false;
    }

    Claim claimed = claim(wanted);
    QString name = wanted;
    if (claimed == Claim::Taken) {
        const Parts parts = split(m_wanted);
        const QString key = wanted;
        for (int attempt = 0; claimed == Claim::Taken && attempt < kMaxAttempts; ++attempt) {
            const int n = takeNumber(key);
            name = QDir(m_dir).filePath(fitted(parts.base, QStringLiteral(" (%1)").arg(n) + dotted(parts.suffix)));
            claimed = claim(name);
        }
        if (claimed == Claim::Taken)
            m_error = QCoreApplication::translate("glint::FileSink", "Could not find a free name for %1").arg(wanted);
    }
    if (claimed != Claim::Done) {
        removeTemporary();
        return false;
    }
    m_temp.reset();   // its name is gone: it is the final file now
    m_tempIdentity = {};
    m_committedName = name;
    m_digest = m_hash.hex();
    return true;
}

void FileSink::removeTemporary()
{
    if (!m_temp)
        return;
    m_temp->close();
    const QString temp = m_temp->fileName();
    m_temp.reset();
    if (m_tempIdentity == identityOf(temp))   // still the file this sink created
        QFile::remove(temp);
    m_tempIdentity = {};
}

void FileSink::cancel()
{
    removeTemporary();
}

QString FileSink::fileName() const
{
    return m_committedName;
}

QString FileSink::errorString() const { return m_error; }
QByteArray FileSink::sha256Hex() const { return m_digest; }

} // namespace glint
