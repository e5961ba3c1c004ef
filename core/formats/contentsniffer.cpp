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
