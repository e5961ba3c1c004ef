#include "core/imaging/viewdecode.h"

#include "core/imaging/apngframes.h"
#include "core/imaging/cancelledreads.h"
#include "core/imaging/decodebudget.h"
#include "core/imaging/readerformat.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/probe/guithreadwork.h"
#include "core/util/backgroundpriority.h"

#include <QFile>
#include <QImageIOHandler>
#include <QImageReader>

#include <optional>

namespace glint {
namespace {

// The file as the decoder reads it, failing every read once the decode is cancelled: the JPEG, PNG and
// WebP handlers pull their input a few KB at a time while they decode, so a decode already running
// for an image the user has moved past stops at its next read instead of running to its end.
class CancellableFile final : public QFile {
public:
    CancellableFile(const QString &path, const std::atomic<bool> *cancelled) : QFile(path), m_cancelled(cancelled) {}

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_cancelled && m_cancelled->load(std::memory_order_relaxed)) {
            CancelledReads::markThisThread();   // the handler's "premature end" is ours, not the file's
            return -1;
        }
        return QFile::readData(data, maxSize);
    }

private:
    const std::atomic<bool> *m_cancelled;
};

bool isCancelled(const std::atomic<bool> *cancelled)
{
    return cancelled && cancelled->load(std::memory_order_relaxed);
}

ViewImage failed(Failure failure)
{
    ViewImage out;
    out.failure = std::move(failure);
    return out;
}

// What both decodes start with, on the worker: its lowered priority, then the file (cancellable)
// and a reader on it, with the format found from the bytes (TGA and the like fall back on the
// name, then not cancellable). Not movable: the reader points at the file.
struct OpenedSource {
    OpenedSource(const QString &path, const std::atomic<bool> *cancelled) : file(path, cancelled)
    {
        format = ReaderFormat::open(reader, file.open(QIODevice::ReadOnly) ? &file : nullptr, path);
    }
    Q_DISABLE_COPY_MOVE(OpenedSource)

    CancelledReads::Scope quiet;   // first: it outlives the reader, whose end may warn too
    CancellableFile file;
    QImageReader reader;
    QByteArray format;
};

// Reads the image; false, with out.failure said, when it failed or the decode was cancelled. The
// cancel is checked whatever read() said: the JPEG handler ends a short input (our failed reads)
// with a fake end marker and "succeeds" with the rest of the image grey.
bool readChecked(QImageReader &reader, const std::atomic<bool> *cancelled, QImage *image, ViewImage &out)
{
    const bool read = reader.read(image);
    if (isCancelled(cancelled))
        out.failure = Failure(Failure::Kind::Cancelled);
    else if (!read)
        out.failure = ReaderFormat::failureOf(reader);
    return out.failure.isNone();
}

// The formats a raster QPixmap adopts as they are: fromImage on the GUI thread then copies nothing.
QImage adoptable(QImage image)
{
    const QImage::Format wanted = image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
    if (image.format() != wanted)
        image.convertTo(wanted);
    return image;
}

void startOnWorker()
{
    GuiThreadWork::note(GuiThreadWork::Kind::Decode);
    BackgroundPriority::applyToThisThread();
}

} // namespace

ViewImage ViewDecode::decodeNow(const QString &path, QSize box, const std::atomic<bool> *cancelled)
{
    startOnWorker();
    if (isCancelled(cancelled))
        return failed(Failure(Failure::Kind::Cancelled));
    OpenedSource source(path, cancelled);
    QImageReader &reader = source.reader;
    ViewImage out;
    out.format = source.format;
    reader.setAutoTransform(true);
    if (out.format.isEmpty())
        return failed(!source.file.exists() ? Failure(Failure::Kind::FileMissing) : Failure(Failure::Kind::UnknownFormat));
    const QSize raw = reader.size();   // stored orientation
    const bool rotated = reader.transformation().testFlag(QImageIOHandler::TransformationRotate90);
    qint64 cost = 0;
    out.full = box.isEmpty();
    if (raw.isValid()) {
        out.fullSize = rotated ? raw.transposed() : raw;
        const qint64 fullBytes = qint64(raw.width()) * raw.height() * 4;
        const bool vector = out.format == "svg" || out.format == "svgz";
        if (vector && !box.isEmpty()) {
            // Drawn, not decoded: rendered to fill the window's box, sharp at any size. Its "full
            // size" is then what was rendered, so that the view fits it without scaling it again.
            const QSize rendered = raw.scaled(box, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
            reader.setScaledSize(rendered);
            out.fullSize = rendered;
            out.full = true;
            cost = qint64(rendered.width()) * rendered.height() * 4;
        } else if (!box.isEmpty()) {
            // The box is as displayed; setScaledSize works on the stored image, before the transform.
            const QSize stored = ThumbnailDecoder::fitted(raw, rotated ? box.transposed() : box);
            out.full = stored == raw;
            if (!out.full && reader.supportsOption(QImageIOHandler::ScaledSize))
                reader.setScaledSize(stored);
            const qint64 scaledBytes = qint64(stored.width()) * stored.height() * 4;
            // JPEG decodes at the smallest DCT scale not below the target (at most 4× its pixels),
            // then smooths; a handler without scaled decoding decodes everything, then we scale.
            cost = out.full ? fullBytes
                 : reader.supportsOption(QImageIOHandler::ScaledSize) ? scaledBytes * 4 : fullBytes + scaledBytes;
        } else {
            cost = fullBytes;
        }
    }
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        out.failure = Failure::bytes(Failure::Kind::OverBudget, 0, cost);
        return out;
    }
    if (isCancelled(cancelled)) {
        out.failure = Failure(Failure::Kind::Cancelled);
        return out;
    }
    QImage image;
    if (!readChecked(reader, cancelled, &image, out))
        return out;
    if (!raw.isValid())
        out.fullSize = image.size();
    out.animated = reader.supportsAnimation() && reader.imageCount() > 1;
    // Qt's PNG handler reads an APNG's still image and calls it one frame: the chunks tell.
    if (out.format == "png" && source.file.isOpen() && source.file.seek(0))
        out.animated = ApngFrames::isAnimated(source.file);
    // A handler that ignored the scaled size (or a size it could not tell up front): scale here.
    if (!box.isEmpty() && (image.width() > box.width() || image.height() > box.height()))
        image = image.scaled(ThumbnailDecoder::fitted(image.size(), box), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    out.image = adoptable(std::move(image));
    return out;
}

} // namespace glint

namespace glint {

ViewImage ViewDecode::decodeRegionNow(const QString &path, QRect region, QSize size, const std::atomic<bool> *cancelled)
{
    startOnWorker();
    if (isCancelled(cancelled))
        return failed(Failure(Failure::Kind::Cancelled));
    std::optional<OpenedSource> source(std::in_place, path, cancelled);
    QImageReader &reader = source->reader;
    ViewImage out;
    out.format = source->format;
    const QSize raw = reader.size();
    // The clip rectangle is in stored coordinates: only an image that is not turned maps one to one.
    if (out.format.isEmpty() || !raw.isValid() || reader.transformation() != QImageIOHandler::TransformationNone
        || !reader.supportsOption(QImageIOHandler::ClipRect)) {
        source.reset();   // closed before the whole image is opened again
        return decodeNow(path, QSize(), cancelled);
    }
    out.fullSize = raw;
    region &= QRect(QPoint(0, 0), raw);
    size = size.boundedTo(region.size());
    if (region.isEmpty() || size.isEmpty()) {
        out.failure = Failure(Failure::Kind::DecodeFailed);
        return out;
    }
    // The clip at full resolution, then its scaled copy: what the handler allocates at most.
    const qint64 cost = qint64(region.width()) * region.height() * 4 + qint64(size.width()) * size.height() * 4;
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        out.failure = Failure::bytes(Failure::Kind::OverBudget, 0, cost);
        return out;
    }
    reader.setClipRect(region);
    if (size != region.size())
        reader.setScaledSize(size);
    QImage image;
    if (!readChecked(reader, cancelled, &image, out))
        return out;
    if (image.size() != size)
        image = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    out.image = adoptable(std::move(image));
    out.region = region;
    return out;
}

} // namespace glint
