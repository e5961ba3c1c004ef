#include "core/formats/contentsniffer.h"

#include <QBuffer>
#include <QImageReader>

namespace glint {

QByteArray ContentSniffer::mainType(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray().toLower();
}

bool ContentSniffer::isHtmlType(QByteArrayView contentType)
{
    const QByteArray type = mainType(contentType);
    return type == "text/html" || type == "application/xhtml+xml";
}

bool ContentSniffer::looksLikeHtml(QByteArrayView head)
{
    const QByteArray start = head.first(qMin<qsizetype>(head.size(), 512)).trimmed().toByteArray().toLower();
    for (const char *opening : {"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", "<div", "<img"}) {
        if (start.startsWith(opening))
            return true;
    }
    return false;
}

QByteArray ContentSniffer::imageFormat(const QByteArray &head)
{
    QBuffer buffer;
    buffer.setData(head);
    buffer.open(QIODevice::ReadOnly);
    return refineFormat(QImageReader::imageFormat(&buffer), head);
}

namespace {
quint16 le16(QByteArrayView bytes, qsizetype at)
{
    return quint16(quint8(bytes[at]) | quint8(bytes[at + 1]) << 8);
}
} // namespace

bool ContentSniffer::looksLikeTga(QByteArrayView head)
{
    if (head.size() < 18)
        return false;
    const quint8 colorMapType = quint8(head[1]);
    const quint8 imageType = quint8(head[2]);
    const quint8 depth = quint8(head[16]);
    const bool colorMapped = imageType == 1 || imageType == 9;
    const bool knownType = colorMapped || imageType == 2 || imageType == 3 || imageType == 10 || imageType == 11;
    const bool knownDepth = depth == 8 || depth == 15 || depth == 16 || depth == 24 || depth == 32;
    return knownType && knownDepth && colorMapType <= 1 && (colorMapType == 1) == colorMapped
        && le16(head, 12) > 0 && le16(head, 14) > 0;
}

QByteArray ContentSniffer::refineFormat(const QByteArray &qtFormat, QByteArrayView head)
{
    if ((qtFormat == "ico" || qtFormat == "cur") && head.size() >= 6 && le16(head, 4) == 0)
        return looksLikeTga(head) ? QByteArray("tga") : QByteArray();
    return qtFormat;
}

bool ContentSniffer::isBinaryImageFormat(QByteArrayView format)
{
    return !format.isEmpty() && format != "svg" && format != "svgz";
}

bool ContentSniffer::looksComplete(QByteArrayView format, const QByteArray &head, QByteArrayView tail, qint64 size)
{
    if (format == "jpeg" || format == "jpg")
        return tail.indexOf(QByteArrayView("\xFF\xD9", 2)) >= 0;
    if (format == "png")
        return tail.indexOf(QByteArrayView("IEND")) >= 0;
    if (format == "gif")
        return !tail.isEmpty() && tail.back() == 0x3B;
    if (format == "webp" && head.size() >= 8 && head.startsWith("RIFF")) {
        const auto *p = reinterpret_cast<const uchar *>(head.constData()) + 4;
        const qint64 declared = qint64(p[0]) | qint64(p[1]) << 8 | qint64(p[2]) << 16 | qint64(p[3]) << 24;
        return size >= declared + 8;
    }
    return true;
}

ContentSniffer::Kind ContentSniffer::classify(QByteArrayView contentType, const QByteArray &head, QByteArray *format)
{
    const QByteArray sniffed = imageFormat(head);
    if (format)
        *format = sniffed;
    if (isHtmlType(contentType))
        return isBinaryImageFormat(sniffed) ? Kind::Image : Kind::Page;
    if (!sniffed.isEmpty())
        return Kind::Image;
    return looksLikeHtml(head) ? Kind::Page : Kind::Other;
}

} // namespace glint
