#include "core/formats/imagefiles.h"

#include <QFileInfo>
#include <QImageReader>

namespace glint {

const QStringList &ImageFiles::suffixes()
{
    static const QStringList list = [] {
        QStringList out;
        for (const QByteArray &format : QImageReader::supportedImageFormats())
            out << QString::fromLatin1(format).toLower();
        // Names that Qt's handlers read but do not list as formats of their own.
        for (const char *alias : {"jpg", "jpeg", "jpe", "jfif", "mpo", "apng", "dib", "pnm", "tif", "tiff"})
            out << QString::fromLatin1(alias);
        out.removeDuplicates();
        return out;
    }();
    return list;
}

bool ImageFiles::hasImageSuffix(const QString &fileName)
{
    return suffixes().contains(QFileInfo(fileName).suffix().toLower());
}

QString ImageFiles::suffixForFormat(const QByteArray &format)
{
    const QByteArray f = format.toLower();
    if (f == "jpeg" || f == "jpg")
        return QStringLiteral("jpg");
    if (f == "tiff" || f == "tif")
        return QStringLiteral("tif");
    if (f.isEmpty())
        return QStringLiteral("img");
    return QString::fromLatin1(f);
}

} // namespace glint
