#include "core/demo/demogallery.h"

#include <QBuffer>
#include <QColor>
#include <QFont>
#include <QImageWriter>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QRadialGradient>
#include <QRegularExpression>
#include <array>

namespace glint {

namespace {

struct Slot {
    int width;
    int height;
    const char *format;
};

// Ten slots repeat down the gallery. Sizes go from a 120×90 icon to 12 MP; PNG is kept to the
// smaller images because a 12 MP PNG of a gradient is tens of megabytes and slow to encode, which
// would make the demo about PNG encoding rather than about Glint.
constexpr std::array<Slot, 10> kSlots{{
    {1920, 1080, "jpeg"},
    {120, 90, "png"},
    {1280, 853, "jpeg"},
    {4000, 3000, "jpeg"},
    {1024, 768, "png"},
    {1080, 1350, "webp"},
    {640, 480, "jpeg"},
    {2048, 1536, "jpeg"},
    {3000, 2000, "jpeg"},
    {1920, 1080, "jpeg"},
}};

// A cheap deterministic hash so that neighbouring indices get unrelated colours.
quint32 mix(quint32 x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

QString extensionFor(const QByteArray &format)
{
    if (format == "jpeg")
        return QStringLiteral("jpg");
    return QString::fromLatin1(format);
}

} // namespace

QString DemoImageSpec::fileName() const
{
    return QStringLiteral("%1-%2x%3.%4")
        .arg(index, 4, 10, QLatin1Char('0'))
        .arg(size.width())
        .arg(size.height())
        .arg(extensionFor(format));
}

QByteArray DemoImageSpec::mimeType() const
{
    return "image/" + format;
}

DemoImageSpec DemoGallery::spec(int index)
{
    const Slot &slot = kSlots[static_cast<size_t>(qMax(0, index)) % kSlots.size()];
    DemoImageSpec s;
    s.index = index;
    s.size = QSize(slot.width, slot.height);
    s.format = slot.format;
    return s;
}

QImage DemoGallery::render(const DemoImageSpec &spec)
{
    QImage image(spec.size, QImage::Format_RGB32);
    if (image.isNull())
        return image;
    const quint32 h = mix(static_cast<quint32>(spec.index) + 1U);
    const int hue = static_cast<int>(h % 360U);
    const qreal w = spec.size.width();
    const qreal ht = spec.size.height();
    const qreal unit = qMin(w, ht);

    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);

    // Background: a diagonal gradient between two related hues, like a sky at dusk.
    QLinearGradient sky(0, 0, w, ht);
    sky.setColorAt(0, QColor::fromHsv(hue, 150, 235));
    sky.setColorAt(1, QColor::fromHsv((hue + 50) % 360, 200, 110));
    p.fillRect(image.rect(), sky);

    // A few soft discs, placed and sized from the hash so every image is different.
    for (int i = 0; i < 5; ++i) {
        const quint32 r = mix(h + static_cast<quint32>(i) * 7919U);
        const qreal cx = (r % 1000U) / 1000.0 * w;
        const qreal cy = ((r >> 10) % 1000U) / 1000.0 * ht;
        const qreal radius = unit * (0.12 + ((r >> 20) % 100U) / 400.0);
        QRadialGradient glow(cx, cy, radius);
        const QColor c = QColor::fromHsv((hue + 120 + i * 40) % 360, 120, 255, 150);
        glow.setColorAt(0, c);
        glow.setColorAt(1, QColor(c.red(), c.green(), c.blue(), 0));
        p.setPen(Qt::NoPen);
        p.setBrush(glow);
        p.drawEllipse(QPointF(cx, cy), radius, radius);
    }

    // Rolling hills along the bottom so that thumbnails read as "a picture", not a swatch.
    QPainterPath hills;
    hills.moveTo(0, ht);
    hills.lineTo(0, ht * 0.78);
    hills.cubicTo(w * 0.25, ht * (0.62 + (h % 10U) / 100.0), w * 0.55, ht * 0.92, w, ht * 0.70);
    hills.lineTo(w, ht);
    hills.closeSubpath();
    p.setBrush(QColor::fromHsv((hue + 200) % 360, 140, 70, 220));
    p.drawPath(hills);

    // The number, large and centred, with a soft shadow so it reads on any background.
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setBold(true);
    font.setPixelSize(qMax(10, static_cast<int>(unit * 0.42)));
    p.setFont(font);
    const QString label = QString::number(spec.index);
    const qreal shadow = qMax(1.0, unit * 0.012);
    p.setPen(QColor(0, 0, 0, 110));
    p.drawText(QRectF(shadow, shadow, w, ht), Qt::AlignCenter, label);
    p.setPen(QColor(255, 255, 255, 235));
    p.drawText(QRectF(0, 0, w, ht), Qt::AlignCenter, label);

    // Size and format in a corner: useful when checking that the gallery shows the right image.
    QFont small = font;
    small.setBold(false);
    small.setPixelSize(qMax(8, static_cast<int>(unit * 0.06)));
    p.setFont(small);
    p.setPen(QColor(255, 255, 255, 200));
    const qreal margin = unit * 0.03;
    p.drawText(QRectF(margin, margin, w - 2 * margin, ht - 2 * margin), Qt::AlignRight | Qt::AlignBottom,
               QStringLiteral("%1×%2 %3").arg(spec.size.width()).arg(spec.size.height())
                   .arg(QString::fromLatin1(spec.format).toUpper()));
    p.end();
    return image;
}

QByteArray DemoGallery::encode(const DemoImageSpec &spec)
{
    const QImage image = render(spec);
    if (image.isNull())
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, spec.format);
    if (spec.format == "jpeg" || spec.format == "webp")
        writer.setQuality(85);
    if (spec.format == "png")
        writer.setCompression(6);
    if (!writer.write(image))
        return {};
    return bytes;
}

QByteArray DemoGallery::indexHtml(int count)
{
    QByteArray html;
    html.reserve(200 + count * 80);
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Glint demo</title>\n"
            "<style>body{font-family:sans-serif;background:#222;color:#eee}"
            "img{width:240px;height:auto;margin:4px}</style>\n</head>\n<body>\n"
            "<h1>Glint demo</h1>\n<p>";
    html += QByteArray::number(count);
    html += " generated images.</p>\n";
    for (int i = 0; i < count; ++i) {
        const DemoImageSpec s = spec(i);
        html += "<img src=\"images/";
        html += s.fileName().toLatin1();
        html += "\" alt=\"Demo image ";
        html += QByteArray::number(i);
        html += "\">\n";
    }
    html += "</body>\n</html>\n";
    return html;
}

int DemoGallery::indexForFileName(const QString &fileName)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4,9})-\\d+x\\d+\\.[a-z]+$"));
    const QRegularExpressionMatch m = pattern.match(fileName);
    if (!m.hasMatch())
        return -1;
    bool ok = false;
    const int index = m.captured(1).toInt(&ok);
    if (!ok || index < 0)
        return -1;
    // Only the exact name we would generate: no aliases for the same image.
    return spec(index).fileName() == fileName ? index : -1;
}

} // namespace glint
