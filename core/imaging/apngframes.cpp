#include "core/imaging/apngframes.h"

#include <QBuffer>
#include <QIODevice>
#include <QImageReader>
#include <QPainter>
#include <QRect>
#include <QScopeGuard>
#include <QtEndian>

#include <array>
#include <climits>

namespace glint {
namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr int kSignatureBytes = 8;

// The CRC of PNG chunks (ISO 3309, as zlib's crc32): libpng refuses a critical chunk without it.
quint32 crc32(const QByteArray &type, const QByteArray &body)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xffffffffu;
    for (const QByteArray *part : {&type, &body})
        for (const char byte : *part)
            c = table[(c ^ quint8(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void appendChunk(QByteArray &png, const QByteArray &type, const QByteArray &body)
{
    char word[4];
    qToBigEndian(quint32(body.size()), word);
    png.append(word, 4);
    png.append(type);
    png.append(body);
    qToBigEndian(crc32(type, body), word);
    png.append(word, 4);
}

quint32 u32(const char *p) { return qFromBigEndian<quint32>(p); }
quint16 u16(const char *p) { return qFromBigEndian<quint16>(p); }

// Colour and palette chunks every frame needs to decode as the default image would.
bool isShared(const QByteArray &type)
{
    static const QByteArray kinds[] = {"PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT"};
    for (const QByteArray &kind : kinds)
        if (type == kind)
            return true;
    return false;
}

} // namespace

bool ApngFrames::isAnimated(QIODevice &device)
{
    const qint64 start = device.pos();
    auto restore = qScopeGuard([&] { device.seek(start); });
    if (device.read(kSignatureBytes) != QByteArray(kSignature, kSignatureBytes))
        return false;
    qint64 at = start + kSignatureBytes;
    for (int chunks = 0; chunks < 1000; ++chunks) {   // acTL comes before IDAT, after a few small chunks
        if ((!device.isSequential() && at + 8 > device.size()) || !device.seek(at))
            return false;   // a length that points past the end (checked first: QBuffer warns)
        const QByteArray header = device.read(8);
        if (header.size() < 8)
            return false;
        const QByteArray type = header.mid(4, 4);
        if (type == "acTL")
            return true;
        if (type == "IDAT" || type == "IEND")
            return false;
        at += 12 + qint64(u32(header.constData()));
    }
    return false;
}

ApngFrames::ApngFrames(const QByteArray &file)
{
    parse(file);
}

bool ApngFrames::fail(const QString &why)
{
    if (m_error.isEmpty())
        m_error = why;
    return false;
}

void ApngFrames::parse(const QByteArray &file)
{
    if (!file.startsWith(QByteArray(kSignature, kSignatureBytes))) {
        fail(QStringLiteral("not a PNG file"));
        return;
    }
    qsizetype at = kSignatureBytes;
    bool seenData = false;       // IDAT met: no more shared chunks
    bool animated = false;
    Frame *current = nullptr;
    quint32 declaredFrames = 0;
    while (at + 12 <= file.size()) {
        const quint32 length = u32(file.constData() + at);
        if (length > quint32(file.size() - at - 12)) {
            fail(QStringLiteral("the file ends inside a chunk"));
            return;
        }
        const QByteArray type = file.mid(at + 4, 4);
        const QByteArray body = file.mid(at + 8, length);
        const QByteArray whole = file.mid(at, 12 + qsizetype(length));
        at += 12 + qsizetype(length);
        if (type == "IHDR") {
            if (body.size() != 13)
                return void(fail(QStringLiteral("a damaged header")));
            const quint32 w = u32(body.constData()), h = u32(body.constData() + 4);
            if (w == 0 || h == 0 || w > quint32(INT_MAX) || h > quint32(INT_MAX))
                return void(fail(QStringLiteral("a damaged header")));
            m_ihdr = body;
            m_canvasSize = QSize(int(w), int(h));
        } else if (type == "acTL") {
            if (body.size() != 8)
                return void(fail(QStringLiteral("a damaged animation header")));
            animated = true;
            declaredFrames = u32(body.constData());
        } else if (type == "fcTL") {
            if (body.size() != 26)
                return void(fail(QStringLiteral("a damaged frame header")));
            if (m_frames.size() >= kMaxFrames)
                return void(fail(QStringLiteral("more than %1 frames").arg(kMaxFrames)));
            const char *p = body.constData();
            Frame frame;
            const quint32 w = u32(p + 4), h = u32(p + 8), x = u32(p + 12), y = u32(p + 16);
            const QRect canvas(QPoint(0, 0), m_canvasSize);
            if (w == 0 || h == 0 || qint64(x) + w > canvas.width() || qint64(y) + h > canvas.height())
                return void(fail(QStringLiteral("a frame lies outside the image")));
            frame.rect = QRect(int(x), int(y), int(w), int(h));
            const quint16 num = u16(p + 20);
            const quint16 den = u16(p + 22) == 0 ? 100 : u16(p + 22);
            frame.delayMs = int(qint64(num) * 1000 / den);
            frame.dispose = p[24] == 1 ? Dispose::Background : p[24] == 2 ? Dispose::Previous : Dispose::None;
            frame.blend = p[25] == 1 ? Blend::Over : Blend::Source;
            if (m_frames.isEmpty() && frame.dispose == Dispose::Previous)
                frame.dispose = Dispose::Background;   // as the specification says for the first frame
            m_frames.append(std::move(frame));
            current = &m_frames.last();
        } else if (type == "IDAT") {
            seenData = true;
            if (current && m_frames.size() == 1)   // the default image is the first frame
                current->data.append(body);
        } else if (type == "fdAT") {
            if (!current || body.size() < 4)
                return void(fail(QStringLiteral("frame data without a frame header")));
            current->data.append(body.mid(4));
        } else if (type == "IEND") {
            break;
        } else if (!seenData && isShared(type)) {
            m_sharedChunks.append(whole);
        }
    }
    if (m_ihdr.isEmpty())
        return void(fail(QStringLiteral("no image header")));
    if (!animated || m_frames.isEmpty())
        return void(fail(QStringLiteral("not an animated PNG")));
    // A file cut short keeps the frames that arrived whole; the announced count is only a promise.
    Q_UNUSED(declaredFrames);
    while (!m_frames.isEmpty() && m_frames.last().data.isEmpty())
        m_frames.removeLast();
    if (m_frames.isEmpty())
        fail(QStringLiteral("no frame has image data"));
}

QByteArray ApngFrames::pngOf(const Frame &frame) const
{
    QByteArray png(kSignature, kSignatureBytes);
    QByteArray ihdr = m_ihdr;
    qToBigEndian(quint32(frame.rect.width()), ihdr.data());
    qToBigEndian(quint32(frame.rect.height()), ihdr.data() + 4);
    appendChunk(png, "IHDR", ihdr);
    for (const QByteArray &chunk : m_sharedChunks)
        png += chunk;
    for (const QByteArray &data : frame.data)
        appendChunk(png, "IDAT", data);
    appendChunk(png, "IEND", {});
    return png;
}

bool ApngFrames::next(QImage *image, int *delayMs)
{
    if (!isValid())
        return false;
    if (m_next >= m_frames.size() || m_canvas.isNull()) {
        m_next = 0;   // the loop starts again on a clear canvas
        m_canvas = QImage(m_canvasSize, QImage::Format_ARGB32_Premultiplied);
        if (m_canvas.isNull())
            return fail(QStringLiteral("not enough memory for a %1×%2 canvas").arg(m_canvasSize.width()).arg(m_canvasSize.height()));
        m_canvas.fill(Qt::transparent);
    }
    // The previous frame's dispose happens now, before this one is drawn.
    if (m_next > 0) {
        const Frame &previous = m_frames.at(m_next - 1);
        if (previous.dispose == Dispose::Background) {
            QPainter painter(&m_canvas);
            painter.setCompositionMode(QPainter::CompositionMode_Source);
            painter.fillRect(previous.rect, Qt::transparent);
        } else if (previous.dispose == Dispose::Previous && !m_saved.isNull()) {
            QPainter painter(&m_canvas);
            painter.setCompositionMode(QPainter::CompositionMode_Source);
            painter.drawImage(previous.rect.topLeft(), m_saved);
        }
    }
    const Frame &frame = m_frames.at(m_next);
    QByteArray png = pngOf(frame);
    QBuffer buffer(&png);
    QImageReader reader(&buffer, "png");
    QImage piece;
    if (!reader.read(&piece))
        return fail(QStringLiteral("frame %1 cannot be decoded: %2").arg(m_next + 1).arg(reader.errorString()));
    m_saved = frame.dispose == Dispose::Previous ? m_canvas.copy(frame.rect) : QImage();
    {
        QPainter painter(&m_canvas);
        painter.setCompositionMode(frame.blend == Blend::Over ? QPainter::CompositionMode_SourceOver
                                                              : QPainter::CompositionMode_Source);
        painter.drawImage(frame.rect.topLeft(), piece);
    }
    *image = m_canvas;   // shared until the next frame draws: then the canvas detaches
    *delayMs = frame.delayMs;
    ++m_next;
    return true;
}

} // namespace glint
