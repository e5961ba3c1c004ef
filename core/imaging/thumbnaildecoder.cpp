#include "core/imaging/thumbnaildecoder.h"

#include "core/probe/guithreadwork.h"
#include "core/util/backgroundpriority.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImageIOHandler>
#include <QImageReader>
#include <QThread>
#include <QtConcurrent>

namespace glint {
namespace {

QSize orientedSize(const QImageReader &reader, QSize size)
{
    return reader.transformation().testFlag(QImageIOHandler::TransformationRotate90) ? size.transposed() : size;
}

Failure readerFailure(const QImageReader &reader)
{
    switch (reader.error()) {
    case QImageReader::UnsupportedFormatError:
        return Failure(Failure::Kind::UnknownFormat);
    case QImageReader::InvalidDataError:
        return Failure(Failure::Kind::Damaged, reader.errorString());
    case QImageReader::FileNotFoundError:
        return Failure(Failure::Kind::FileMissing);
    case QImageReader::DeviceError:
        return Failure(Failure::Kind::Unreadable, reader.errorString());
    default:
        return Failure(Failure::Kind::DecodeFailed, reader.errorString());
    }
}

bool hashFile(const QString &path, DecodedImage &out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.failure = Failure(Failure::Kind::Unreadable, file.errorString());
        return false;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    out.sha256 = hash.result().toHex();
    out.bytes = file.size();
    return true;
}

struct AllocationLimit {
    AllocationLimit() { QImageReader::setAllocationLimit(ThumbnailDecoder::kAllocationLimitMb); }
};

void ensureAllocationLimit()
{
    static AllocationLimit once;
}

} // namespace

ThumbnailDecoder::ThumbnailDecoder(int threads)
{
    ensureAllocationLimit();
    m_pool.setObjectName(QStringLiteral("glint-decode"));
    m_pool.setMaxThreadCount(threads > 0 ? threads : qMax(1, QThread::idealThreadCount()));
    // Decoders yield to the GUI thread: a busy pool must never make the window stutter.
    m_pool.setThreadPriority(QThread::LowPriority);
}

ThumbnailDecoder::~ThumbnailDecoder()
{
    m_pool.clear();
    m_pool.waitForDone();   // shutdown only: at most the decodes already running
}

void ThumbnailDecoder::cancelQueued()
{
    m_pool.clear();
}

QFuture<DecodedImage> ThumbnailDecoder::decode(const QString &path, QSize box, bool hash)
{
    return QtConcurrent::run(&m_pool, [path, box, hash] { return decodeNow(path, box, hash); });
}

QSize ThumbnailDecoder::fitted(QSize size, QSize box)
{
    if (size.isEmpty())
        return {};
    if (size.width() <= box.width() && size.height() <= box.height())
        return size;
    return size.scaled(box, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

DecodedImage ThumbnailDecoder::decodeNow(const QString &path, QSize box, bool hash)
{
    GuiThreadWork::note(GuiThreadWork::Kind::Decode);
    BackgroundPriority::applyToThisThread();
    DecodedImage out;
    if (hash && !hashFile(path, out))
        return out;
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);
    const QSize raw = reader.size();
    out.format = reader.format();
    if (out.format.isEmpty()) {
        out.failure = Failure(Failure::Kind::UnknownFormat);
        return out;
    }
    if (raw.isValid()) {
        out.size = orientedSize(reader, raw);
        // setScaledSize applies before the orientation transform: fit the stored (unrotated) image.
        reader.setScaledSize(fitted(raw, orientedSize(reader, box)));
    }
    if (!reader.read(&out.thumbnail)) {
        out.failure = readerFailure(reader);
        out.thumbnail = QImage();
        return out;
    }
    if (!raw.isValid()) {   // a handler that cannot tell its size up front: scale after the fact
        out.size = out.thumbnail.size();
        out.thumbnail = out.thumbnail.scaled(fitted(out.size, box), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return out;
}

DecodedImage ThumbnailDecoder::decodeFullThenScaleNow(const QString &path, QSize box, bool hash)
{
    GuiThreadWork::note(GuiThreadWork::Kind::Decode);
    DecodedImage out;
    if (hash && !hashFile(path, out))
        return out;
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);
    out.format = reader.format();
    QImage full;
    if (!reader.read(&full)) {
        out.failure = readerFailure(reader);
        return out;
    }
    out.size = full.size();
    out.thumbnail = full.scaled(fitted(full.size(), box), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return out;
}

} // namespace glint
