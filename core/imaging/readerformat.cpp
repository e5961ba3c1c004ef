#include "core/imaging/readerformat.h"

#include "core/formats/contentsniffer.h"

#include <QIODevice>
#include <QImageReader>

namespace glint {

QByteArray ReaderFormat::open(QImageReader &reader, QIODevice *device, const QString &path)
{
    const auto attach = [&] {
        if (device) {
            device->seek(0);
            reader.setDevice(device);
        } else {
            reader.setFileName(path);
        }
    };
    reader.setDecideFormatFromContent(true);
    attach();
    // Asked once before anything else reads the header: some handlers (ICO) answer only while the
    // device is still at its start.
    QByteArray format = reader.format();
    if (format == "ico" || format == "cur") {
        QByteArray head;
        if (QIODevice *bytes = reader.device()) {   // the header, wherever the handler left the device
            const qint64 at = bytes->pos();
            bytes->seek(0);
            head = bytes->read(18);
            bytes->seek(at);
        }
        const QByteArray refined = ContentSniffer::refineFormat(format, head);
        if (refined != format) {   // a TGA the ICO handler claimed: ask the TGA handler by name
            reader.setDecideFormatFromContent(false);
            attach();
            reader.setFormat(refined);
            format = refined.isEmpty() ? refined : reader.format();
        }
    }
    if (format.isEmpty()) {   // no magic number (TGA): the name's suffix
        reader.setDecideFormatFromContent(false);
        reader.setFileName(path);
        format = reader.format();
    }
    return format;
}

Failure ReaderFormat::failureOf(const QImageReader &reader)
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

} // namespace glint
