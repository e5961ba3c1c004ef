#include "core/imaging/freedesktopthumbnails.h"

#include "core/imaging/readerformat.h"
#include "core/probe/guithreadwork.h"
#include "core/util/backgroundpriority.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageIOHandler>
#include <QImageReader>
#include <QImageWriter>

#include <cerrno>
#include <utility>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glint {
namespace {

constexpr auto kUri = "Thumb::URI";
constexpr auto kMTime = "Thumb::MTime";
constexpr auto kFailure = "Glint::Failure";         // what the decode said, for the item's sentence
constexpr auto kFailureDetail = "Glint::FailureDetail";

// The failures that are the file's own (its bytes do not decode): worth a mark. A cancel, a missing
// or unreadable file or the decode budget are about this moment, not about the file.
constexpr std::pair<Failure::Kind, const char *> kMarkedFailures[] = {
    {Failure::Kind::UnknownFormat, "unknown-format"},
    {Failure::Kind::Damaged, "damaged"},
    {Failure::Kind::DecodeFailed, "decode-failed"},
};

const char *markNameOf(Failure::Kind kind)
{
    for (const auto &[marked, name] : kMarkedFailures) {
        if (marked == kind)
            return name;
    }
    return nullptr;
}

qint64 mtimeOf(const QFileInfo &info)
{
    return info.lastModified().toSecsSinceEpoch();
}

// The standard's folders must be private to the user: made 0700, never loosened or tightened when
// they exist already (they may be shared with the desktop's own settings).
bool makePrivateDir(const QString &path)
{
    if (QFileInfo(path).isDir())
        return true;
    return ::mkdir(QFile::encodeName(path).constData(), 0700) == 0 || errno == EEXIST;
}

QByteArray mimeTypeOf(const QByteArray &format)
{
    if (format == "svg" || format == "svgz")
        return "image/svg+xml";
    if (format == "ico" || format == "cur")
        return "image/vnd.microsoft.icon";
    if (format.isEmpty())
        return {};
    return "image/" + format;
}

// Written whole under a name of its own in the same folder, then renamed over the final name, so a
// reader (another program, or Glint's own next lookup) sees the old thumbnail or the new one, never
// half of one.
bool writeAtomically(const QString &dir, const QString &target, const QByteArray &bytes)
{
    QByteArray pattern = QFile::encodeName(dir + QStringLiteral("/.glint-XXXXXX"));
    const int fd = ::mkstemp(pattern.data());   // mode 0600, O_EXCL
    if (fd < 0)
        return false;
    qint64 written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += n;
    }
    const bool complete = written == bytes.size() && ::fchmod(fd, 0600) == 0;
    const bool closed = ::close(fd) == 0;
    if (!complete || !closed || ::rename(pattern.constData(), QFile::encodeName(target).constData()) != 0) {
        ::unlink(pattern.constData());
        return false;
    }
    return true;
}

QSize orientedSize(const QImageReader &reader, QSize size)
{
    return reader.transformation().testFlag(QImageIOHandler::TransformationRotate90) ? size.transposed() : size;
}

// The tile's copy of a thumbnail bigger than the tile: exactly the size a decode for the tile makes
// (fitted from the original's size, so no pixel is lost to rounding twice), never enlarged.
QImage fittedTo(const QImage &image, QSize original, QSize box)
{
    const QSize size = ThumbnailDecoder::fitted(original.isValid() ? original : image.size(), box);
    if (size.isEmpty() || (image.width() <= size.width() && image.height() <= size.height()))
        return image;
    return image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

bool storeAt(const FreedesktopThumbnails &cache, const QString &file, qint64 mtime, int size, const QImage &thumbnail,
             QSize original, const QByteArray &format);

// The smallest standard size at least `longSide` big; 0 when it is beyond the largest.
int standardSizeFor(int longSide)
{
    for (int size : FreedesktopThumbnails::kSizes) {
        if (size >= longSide)
            return size;
    }
    return 0;
}

} // namespace

FreedesktopThumbnails::FreedesktopThumbnails(const QString &root)
    : m_root(root.isEmpty() ? QString() : QDir::cleanPath(QDir(root).absolutePath()))
{
}

FreedesktopThumbnails FreedesktopThumbnails::standard()
{
    // The XDG base directory rule: a relative $XDG_CACHE_HOME is invalid and ignored.
    QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
    if (cache.isEmpty() || !QDir::isAbsolutePath(cache))
        cache = QDir::home().filePath(QStringLiteral(".cache"));
    return FreedesktopThumbnails(QDir(cache).filePath(QStringLiteral("thumbnails")));
}

QByteArray FreedesktopThumbnails::uriOf(const QString &file)
{
    // An absolute file:// URI with everything outside the unreserved set and '/' percent-encoded,
    // as GLib's g_filename_to_uri writes it (what GNOME and KDE name their thumbnails by).
    const QByteArray path = QFile::encodeName(QDir::cleanPath(QFileInfo(file).absoluteFilePath()));
    return QByteArray("file://") + path.toPercentEncoding("/!$&'()*+,=:@", "");
}

QString FreedesktopThumbnails::folderOf(int size)
{
    switch (size) {
    case 128: return QStringLiteral("normal");
    case 256: return QStringLiteral("large");
    case 512: return QStringLiteral("x-large");
    default: return QStringLiteral("xx-large");
    }
}

QString FreedesktopThumbnails::pathOf(const QString &file, int size) const
{
    const QByteArray md5 = QCryptographicHash::hash(uriOf(file), QCryptographicHash::Md5).toHex();
    return m_root + QLatin1Char('/') + folderOf(size) + QLatin1Char('/') + QString::fromLatin1(md5) + QStringLiteral(".png");
}

bool FreedesktopThumbnails::isInsideCache(const QString &file) const
{
    const QString path = QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    return isEnabled() && (path == m_root || path.startsWith(m_root + QLatin1Char('/')));
}

QImage FreedesktopThumbnails::find(const QString &file, QSize need, QSize original) const
{
    if (!isEnabled() || need.isEmpty() || isInsideCache(file))
        return {};
    const QFileInfo info(file);
    if (!info.isFile())
        return {};
    const QByteArray uri = uriOf(file);
    const QString mtime = QString::number(mtimeOf(info));
    const int longSide = qMax(need.width(), need.height());
    for (int size : kSizes) {
        if (size < longSide)
            continue;   // too small for the tile, whatever it holds
        const QString path = pathOf(file, size);
        if (!QFileInfo::exists(path))
            continue;
        QImage thumbnail;
        if (!thumbnail.load(path, "PNG"))
            continue;
        // Stale (the file changed since) or someone else's (an md5 collision, a broken writer): not ours.
        if (thumbnail.text(QLatin1String(kUri)).toUtf8() != uri || thumbnail.text(QLatin1String(kMTime)).trimmed() != mtime)
            continue;
        if (thumbnail.width() + 1 < need.width() || thumbnail.height() + 1 < need.height())
            continue;
        // Made without the EXIF orientation, or of another image: the shape tells.
        const QSize expected = original.scaled(thumbnail.size(), Qt::KeepAspectRatio);
        if (qAbs(expected.width() - thumbnail.width()) > 2 || qAbs(expected.height() - thumbnail.height()) > 2)
            continue;
        return thumbnail;
    }
    return {};
}

bool FreedesktopThumbnails::store(const QString &file, const QImage &thumbnail, QSize original, const QByteArray &format) const
{
    return storeAt(*this, file, mtimeOf(QFileInfo(file)), standardSizeFor(qMax(thumbnail.width(), thumbnail.height())),
                   thumbnail, original, format);
}

namespace {

// `size`: the folder (128…1024). An image smaller than it goes there at its own size, never enlarged.
bool storeAt(const FreedesktopThumbnails &cache, const QString &file, qint64 mtime, int size, const QImage &thumbnail,
             QSize original, const QByteArray &format)
{
    if (!cache.isEnabled() || thumbnail.isNull() || cache.isInsideCache(file) || size == 0
        || qMax(thumbnail.width(), thumbnail.height()) > size)
        return false;
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    const QString target = cache.pathOf(file, size);
    const QString dir = QFileInfo(target).path();
    QDir().mkpath(QFileInfo(cache.root()).path());   // $XDG_CACHE_HOME itself, as any program would
    if (!makePrivateDir(cache.root()) || !makePrivateDir(dir))
        return false;
    QImage image = thumbnail;
    image.setText(QLatin1String(kUri), QString::fromUtf8(FreedesktopThumbnails::uriOf(file)));
    image.setText(QLatin1String(kMTime), QString::number(mtime));
    image.setText(QStringLiteral("Thumb::Size"), QString::number(QFileInfo(file).size()));
    if (original.isValid()) {
        image.setText(QStringLiteral("Thumb::Image::Width"), QString::number(original.width()));
        image.setText(QStringLiteral("Thumb::Image::Height"), QString::number(original.height()));
    }
    if (const QByteArray mime = mimeTypeOf(format); !mime.isEmpty())
        image.setText(QStringLiteral("Thumb::Image::Mimetype"), QString::fromLatin1(mime));
    image.setText(QStringLiteral("Software"), QStringLiteral("Glint"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    // zlib's fastest level: 1.6 ms instead of 4.3 for a 256-pixel thumbnail, for a file 1.7 times
    // as big (10 KB); the write is on the path of every first look at a folder.
    writer.setQuality(80);
    if (!writer.write(image))
        return false;
    return writeAtomically(dir, target, bytes);
}

} // namespace

QString FreedesktopThumbnails::failPathOf(const QString &file) const
{
    const QByteArray md5 = QCryptographicHash::hash(uriOf(file), QCryptographicHash::Md5).toHex();
    return m_root + QStringLiteral("/fail/") + QLatin1String(kFailFolder) + QLatin1Char('/') + QString::fromLatin1(md5)
           + QStringLiteral(".png");
}

Failure FreedesktopThumbnails::knownFailure(const QString &file) const
{
    if (!isEnabled() || isInsideCache(file))
        return {};
    const QString path = failPathOf(file);
    if (!QFileInfo::exists(path))
        return {};   // the common case: one stat of a name that is not there
    const QFileInfo info(file);
    QImage mark;
    if (!info.isFile() || !mark.load(path, "PNG") || mark.text(QLatin1String(kUri)).toUtf8() != uriOf(file)
        || mark.text(QLatin1String(kMTime)).trimmed() != QString::number(mtimeOf(info)))
        return {};   // stale (the file changed since) or not ours
    const QByteArray name = mark.text(QLatin1String(kFailure)).toLatin1();
    for (const auto &[kind, markName] : kMarkedFailures) {
        if (name == markName)
            return Failure(kind, mark.text(QLatin1String(kFailureDetail)));
    }
    return {};
}

bool FreedesktopThumbnails::storeFailure(const QString &file, qint64 mtime, const Failure &failure) const
{
    const char *name = markNameOf(failure.kind());
    if (!isEnabled() || !name || isInsideCache(file))
        return false;
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    const QString target = failPathOf(file);
    const QString dir = QFileInfo(target).path();
    QDir().mkpath(QFileInfo(m_root).path());
    if (!makePrivateDir(m_root) || !makePrivateDir(QFileInfo(dir).path()) || !makePrivateDir(dir))
        return false;
    // The standard's fail mark: a PNG (here 1×1) carrying the URI and modification time it is for.
    QImage mark(1, 1, QImage::Format_ARGB32);
    mark.fill(Qt::transparent);
    mark.setText(QLatin1String(kUri), QString::fromUtf8(uriOf(file)));
    mark.setText(QLatin1String(kMTime), QString::number(mtime));
    mark.setText(QLatin1String(kFailure), QLatin1String(name));
    mark.setText(QLatin1String(kFailureDetail), failure.detail());
    mark.setText(QStringLiteral("Software"), QStringLiteral("Glint"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!QImageWriter(&buffer, "png").write(mark))
        return false;
    return writeAtomically(dir, target, bytes);
}

DecodedImage FreedesktopThumbnails::decode(DecodeFunction decode, const QString &file, QSize box, bool hash) const
{
    if (!isEnabled() || file.isEmpty() || isInsideCache(file))
        return decode(file, box, hash);
    const QFileInfo info(file);
    const qint64 mtime = mtimeOf(info);   // before reading: a file changed meanwhile leaves a stale thumbnail
    // A file that did not decode before, unchanged since: the same failure, without reading it again.
    if (Failure known = knownFailure(file); !known.isNone()) {
        ++s_failHits;
        DecodedImage out;
        out.failure = std::move(known);
        return out;
    }
    bool anyOnDisk = false;
    for (int size : kSizes)
        anyOnDisk = anyOnDisk || QFileInfo::exists(pathOf(file, size));
    if (anyOnDisk) {
        // The original's header only: its size decides which thumbnail is big enough for the tile.
        BackgroundPriority::applyToThisThread();
        QImageReader reader;
        const QByteArray format = ReaderFormat::open(reader, nullptr, file);
        reader.setAutoTransform(true);
        const QSize raw = reader.size();
        if (!format.isEmpty() && raw.isValid()) {
            const QSize original = orientedSize(reader, raw);
            const QImage thumbnail = find(file, ThumbnailDecoder::fitted(original, box), original);
            if (!thumbnail.isNull()) {
                // A decode all the same (a small PNG): with --blocking it shows in the GUI thread's count.
                GuiThreadWork::note(GuiThreadWork::Kind::Decode);
                DecodedImage out;
                if (hash && !ThumbnailDecoder::hashNow(file, out))
                    return out;
                out.format = format;
                out.size = original;
                out.thumbnail = fittedTo(thumbnail, original, box);
                ++s_hits;
                return out;
            }
        }
    }
    // The smallest standard size that holds the tile; a tile beyond the largest is not cached.
    const int size = standardSizeFor(qMax(box.width(), box.height()));
    if (size == 0)
        return decode(file, box, hash);
    DecodedImage out = decode(file, QSize(size, size), hash);
    if (!out.ok()) {
        storeFailure(file, mtime, out.failure);
        return out;
    }
    if (storeAt(*this, file, mtime, size, out.thumbnail, out.size, out.format))
        ++s_writes;
    // A mark from before the file was fixed (its time no longer matches, so it was not used): the
    // file decodes now, so the mark, Glint's own file in Glint's own fail folder, has no use left.
    // (One unlink, which fails quietly when there is none: no stat first on this path of every decode.)
    QFile::remove(failPathOf(file));
    out.thumbnail = fittedTo(out.thumbnail, out.size, box);
    return out;
}

} // namespace glint
