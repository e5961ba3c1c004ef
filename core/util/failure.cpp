#include "core/util/failure.h"

#include <QLocale>

namespace glint {

Failure Failure::httpStatus(int status, const QString &reason)
{
    Failure f(Kind::HttpStatus, reason);
    f.m_status = status;
    return f;
}

Failure Failure::bytes(Kind kind, qint64 count, qint64 limit)
{
    Failure f(kind);
    f.m_count = count;
    f.m_limit = limit;
    return f;
}

QString Failure::sizeText(qint64 bytes)
{
    // Whole units the way people say them: "183 KB of 367 KB", "the 100 MB limit".
    return QLocale().formattedDataSize(bytes, bytes >= 10 * 1024 * 1024 || bytes < 1024 * 1024 ? 0 : 1,
                                       QLocale::DataSizeTraditionalFormat);
}

QString Failure::describe() const
{
    switch (m_kind) {
    case Kind::None: return {};
    case Kind::Cancelled: return tr("Cancelled");
    case Kind::NoData: return tr("No data for %1 s — gave up").arg(m_count);
    case Kind::HttpStatus: return tr("The server answered %1 %2").arg(m_status).arg(m_detail).trimmed();
    case Kind::TooManyRedirects: return tr("Too many redirects (loop?)");
    case Kind::InsecureRedirect: return tr("Refused a redirect from HTTPS to plain HTTP");
    case Kind::ConnectionRefused: return tr("The server refused the connection");
    case Kind::HostNotFound: return tr("Unknown host %1").arg(m_detail);
    case Kind::ConnectionClosed: return tr("The server closed the connection before the download finished");
    case Kind::Truncated:
        return tr("The connection closed after %1 of %2").arg(sizeText(m_count), sizeText(m_limit));
    case Kind::Incomplete:
        return tr("The connection closed after %1, before the image was complete").arg(sizeText(m_count));
    case Kind::Overlong:
        return tr("The server sent %1 where it announced %2").arg(sizeText(m_count), sizeText(m_limit));
    case Kind::UnsupportedScheme: return tr("Only http and https addresses can be downloaded");
    case Kind::EmptyAnswer: return tr("The server sent an empty answer");
    case Kind::NotAnImage:
        return tr("Not an image (the server sent %1)").arg(m_detail.isEmpty() ? tr("something else") : m_detail);
    case Kind::TooLarge: return tr("Larger than the %1 limit").arg(sizeText(m_limit));
    case Kind::PageTooLarge: return tr("The page is larger than the %1 limit").arg(sizeText(m_limit));
    case Kind::Network:
    case Kind::NetworkUnstable: return tr("Download failed: %1").arg(m_detail);
    case Kind::CannotSave: return tr("Could not save the image: %1").arg(m_detail);
    case Kind::NotFound: return tr("The file or folder does not exist");
    case Kind::NotAFile: return tr("Not a file or folder Glint can open (%1)").arg(m_detail);
    case Kind::FileMissing: return tr("The file is missing");
    case Kind::Unreadable: return tr("The file could not be read: %1").arg(m_detail);
    case Kind::ChangedWhileRead: return tr("The file changed while it was being read");
    case Kind::UnsupportedSource: return tr("Only http and https addresses, files and folders can be opened");
    case Kind::NoImagesOnPage: return tr("No images found on this page");
    case Kind::UnknownFormat: return tr("Not an image, or a format Glint cannot read");
    case Kind::Damaged: return tr("The image is damaged: %1").arg(m_detail);
    case Kind::DecodeFailed: return tr("The image could not be decoded: %1").arg(m_detail);
    case Kind::OverBudget:
        return tr("The image is too large to decode (it would need %1 of memory)").arg(sizeText(m_limit));
    }
    return {};
}

} // namespace glint
