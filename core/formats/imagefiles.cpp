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

bool ImageFiles::suffixFitsFormat(const QString &suffix, const QByteArray &format)
{
    if (format.isEmpty())
        return true;
    const QString s = suffix.toLower();
    const QString f = QString::fromLatin1(format.toLower());
    if (s.isEmpty())
        return false;
    if (s == f || s == suffixForFormat(format))
        return true;
    // Other names of the same bytes.
    static const QList<QPair<QString, QStringList>> aliases = {
        {QStringLiteral("jpeg"), {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("jpe"), QStringLiteral("jfif"), QStringLiteral("mpo")}},
        {QStringLiteral("tiff"), {QStringLiteral("tif"), QStringLiteral("tiff")}},
        {QStringLiteral("png"), {QStringLiteral("apng")}},
        {QStringLiteral("bmp"), {QStringLiteral("dib")}},
        {QStringLiteral("svg"), {QStringLiteral("svgz")}},
        {QStringLiteral("heif"), {QStringLiteral("heic"), QStringLiteral("heifs"), QStringLiteral("heics")}},
        {QStringLiteral("ppm"), {QStringLiteral("pnm")}},
        {QStringLiteral("pgm"), {QStringLiteral("pnm")}},
        {QStringLiteral("pbm"), {QStringLiteral("pnm")}},
    };
    for (const auto &[name, suffixes] : aliases) {
        if (name == f && suffixes.contains(s))
            return true;
    }
    return false;
}

} // namespace glint
