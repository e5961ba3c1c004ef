#include "core/imaging/framereader.h"

#include "core/imaging/apngframes.h"
#include "core/imaging/decodebudget.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/probe/guithreadwork.h"
#include "core/util/slicedread.h"
#include "core/util/backgroundpriority.h"

#include <QFile>
#include <QImageReader>

namespace glint {

FrameReader::FrameReader(QString path, QSize box) : m_path(std::move(path)), m_box(box) {}

FrameReader::~FrameReader() = default;

FrameReader::Frame FrameReader::next()
{
    GuiThreadWork::note(GuiThreadWork::Kind::Decode);
    BackgroundPriority::applyToThisThread();
    Frame frame;
    if (!m_opened) {
        m_opened = true;
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly) && ApngFrames::isAnimated(file)) {
            const DecodeBudget::Reservation reservation(file.size());
            if (!reservation.ok()) {
                frame.failure = Failure::bytes(Failure::Kind::OverBudget, 0, file.size());
                return frame;
            }
            m_apng = std::make_unique<ApngFrames>(SlicedRead::readAll(file, file.size()));
        }
    }
    if (m_apng)
        return nextApng();
    if (!m_reader || (m_read > 0 && !m_reader->canRead())) {
        // The first frame, or the last one was shown: (re)open, which also starts the loop again.
        m_reader = std::make_unique<QImageReader>(m_path);
        m_reader->setAutoTransform(true);
        m_read = 0;
    }
    const QSize size = m_reader->size();
    const qint64 cost = size.isValid() ? qint64(size.width()) * size.height() * 4 * 2 : 0;   // the frame and its scaled copy
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        frame.failure = Failure::bytes(Failure::Kind::OverBudget, 0, cost);
        return frame;
    }
    QImage image;
    if (!m_reader->read(&image)) {
        frame.failure = Failure(Failure::Kind::DecodeFailed, m_reader->errorString());
        return frame;
    }
    ++m_read;
    return shown(std::move(image), m_reader->nextImageDelay());
}

// What every frame becomes, whoever decoded it: fitted to the box, in a format a QPixmap adopts as it
// is, with a delay browsers would honour.
FrameReader::Frame FrameReader::shown(QImage image, int delayMs) const
{
    Frame frame;
    frame.delayMs = delayMs <= 10 ? kDefaultDelayMs : qMax(kMinDelayMs, delayMs);
    if (image.width() > m_box.width() || image.height() > m_box.height())
        image = image.scaled(ThumbnailDecoder::fitted(image.size(), m_box), Qt::KeepAspectRatio, Qt::SmoothTransformation);
    const QImage::Format wanted = image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32;
    if (image.format() != wanted)
        image.convertTo(wanted);
    frame.image = std::move(image);
    return frame;
}

// An APNG keeps one canvas and the file's bytes for as long as it plays; each frame reserves the
// canvas, its decoded piece and the scaled copy while it is made, as a GIF frame does.
FrameReader::Frame FrameReader::nextApng()
{
    Frame frame;
    const QSize size = m_apng->size();
    const qint64 cost = qint64(size.width()) * size.height() * 4 * 3;
    const DecodeBudget::Reservation reservation(cost);
    if (!reservation.ok()) {
        frame.failure = Failure::bytes(Failure::Kind::OverBudget, 0, cost);
        return frame;
    }
    QImage image;
    int delay = 0;
    if (!m_apng->next(&image, &delay)) {
        frame.failure = Failure(Failure::Kind::DecodeFailed, m_apng->errorString());
        return frame;
    }
    // Shares the canvas's pixels: ApngFrames draws the next frame on a copy while this one is shared.
    return shown(std::move(image), delay);
}

} // namespace glint
