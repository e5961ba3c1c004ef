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
    return QImageReader::imageFormat(&buffer);
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
