#include "core/imaging/thumbnaildecoder.h"

#include "core/imaging/decodebudget.h"
#include "core/imaging/readerformat.h"
#include "core/probe/guithreadwork.h"
#include "core/util/slicedread.h"
#include "core/util/sha256.h"
#include "core/util/backgroundpriority.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImageIOHandler>
#include <QImageReader>
#include <QThread>

namespace glint {
namespace {

QSize orientedSize(const QImageReader &reader, QSize size)
{
    return reader.transformation().testFlag(QImageIOHandler::TransformationRotate90) ? size.transposed() : size;
}

// A file that another program is still writing (or truncating) has no stable hash: the bytes read must
// be what the file held before and still holds after.
bool changedWhileRead(const QString &path, qint64 sizeBefore, qint64 read, DecodedImage &out)
{
    if (read == sizeBefore && QFileInfo(path).size() == sizeBefore)
        return false;
    out.failure = Failure(Failure::Kind::ChangedWhileRead);
    return true;
}

} // namespace

bool ThumbnailDecoder::hashNow(const QString &path, DecodedImage &out, const std::function<void()> &betweenChunks)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.failure = Failure(Failure::Kind::Unreadable, file.errorString());
        return false;
    }
    const qint64 sizeBefore = file.size();
    Sha256 hash;
    qint64 read = 0;
    QByteArray chunk;
    while (!(chunk = file.read(1 << 20)).isEmpty()) {
        hash.addData(chunk);
        read += chunk.size();
        if (betweenChunks)
            betweenChunks();
    }
    if (changedWhileRead(path, sizeBefore, read, out))
        return false;
    out.sha256 = hash.hex();
    out.bytes = read;
    return true;
}

namespace {

// What a decode will allocate, from the header alone: the scaled image where the handler decodes to a
// scaled size itself (JPEG at a reduced DCT size, WebP, SVG), else the full image plus its scaled copy.
qint64 decodeCost(const QImageReader &reader, QSize raw, QSize scaled, bool fullDecode)
{
    const qint64 full = qint64(raw.width()) * raw.height() * 4;
    const qint64 small = qint64(scaled.width()) * scaled.height() * 4;
    if (fullDecode || !reader.supportsOption(QImageIOHandler::ScaledSize))
        return full + small;
    // JPEG decodes at the smallest DCT scale (1/2 … 1/8) that is not below the target, then smooths.
    return small * 4;
}

// `device`: the file's bytes already in memory, or null to read from `path`.
QByteArray openReader(QImageReader &reader, QIODevice *device, const QString &path)
{
    const QByteArray format = ReaderFormat::open(reader, device, path);
    reader.setAutoTransform(true);
    return format;
}

Failure overBudget(qint64 cost)
{
    return Failure::bytes(Failure::Kind::OverBudget, 0, cost);
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
    ++s_decodes;
    DecodedImage out;
    // One read of the whole file, then the decode from memory: the image handlers pull their input 4 KB
    // at a time, so a 375 KB JPEG read through QFile cost ~90 read() calls (5 % of the decode threads'
    // time in the profile of docs/BENCHMARKS.md). The hash, when asked for, comes from the same bytes.
    // A big file (a 100 MB TIFF) still streams from disk, so its bytes never sit in memory whole.
    QByteArray bytes;
    QBuffer buffer;
    {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.size() <= kWholeReadBytes) {
            const qint64 sizeBefore = file.size();
            bytes = SlicedRead::readAll(file, sizeBefore);   // in slices: see slicedread.h
            if (hash) {
                if (changedWhileRead(path, sizeBefore, bytes.size(), out))
                    return out;
                out.sha256 = Sha256::hash(bytes).toHex();
                out.bytes = bytes.size();
            }
            buffer.setBuffer(&bytes);
            buffer.open(QIODevice::ReadOnly);
        } else if (hash && !hashNow(path, out)) {
            return out;
        }
    }
    QImageReader reader;
    out.format = openReader(reader, buffer.isOpen() ? &buffer : nullptr, path);
    const QSize raw = reader.size();
    if (out.format.isEmpty()) {
        out.failure = Failure(Failure::Kind::UnknownFormat);
        return out;
    }
    qint64 cost = 0;
    if (raw.isValid()) {
        out.size = orientedSize(reader, raw);
        // setScaledSize applies before the orientation transform: fit the stored (unrotated) image.
        const QSize scaled = fitted(raw, orientedSize(reader, box));
        reader.setScaledSize(scaled);
        cost = decodeCost(reader, raw, scaled, false);
    }
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        out.failure = overBudget(cost);
        return out;
    }
    if (!reader.read(&out.thumbnail)) {
        out.failure = ReaderFormat::failureOf(reader);
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
    ++s_decodes;
    DecodedImage out;
    if (hash && !hashNow(path, out))
        return out;
    QImageReader reader;
    out.format = openReader(reader, nullptr, path);
    const QSize raw = reader.size();
    const qint64 cost = raw.isValid() ? decodeCost(reader, raw, fitted(raw, box), true) : 0;
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        out.failure = overBudget(cost);
        return out;
    }
    QImage full;
    if (!reader.read(&full)) {
        out.failure = ReaderFormat::failureOf(reader);
        return out;
    }
    out.size = full.size();
    out.thumbnail = full.scaled(fitted(full.size(), box), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return out;
}

} // namespace glint
