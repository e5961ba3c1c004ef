#include "app/droppedsources.h"

#include "core/formats/contentsniffer.h"
#include "core/net/filesink.h"
#include "core/pages/pageparser.h"
#include "core/util/backgroundpriority.h"

#include <QMimeData>
#include <QRegularExpression>
#include <QUrl>
#include <QtConcurrent>

namespace glint {

bool DroppedSources::offers(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasUrls() || mime->hasText() || mime->hasHtml())
        return true;
    for (const QString &format : mime->formats()) {
        if (format.startsWith(QLatin1String("image/")))
            return true;
    }
    return false;
}

QStringList DroppedSources::imagesOfHtml(const QString &html)
{
    // The page parser, as for a fetched page: entities, srcset, lazy-loading attributes, <picture>.
    // A fragment has no base address, so only absolute web addresses mean something here.
    QStringList out;
    for (const QUrl &url : PageParser::imageUrls(html.toUtf8(), QUrl())) {
        if (url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")))
            out << url.toString();
    }
    return out;
}

DroppedSources DroppedSources::from(const QMimeData *mime)
{
    DroppedSources out;
    if (!mime)
        return out;
    const auto add = [&out](const QString &source) {
        const QString s = source.trimmed();
        if (!s.isEmpty() && !out.sources.contains(s))
            out.sources << s;
    };
    if (mime->hasHtml()) {
        for (const QString &src : imagesOfHtml(mime->html()))
            add(src);
    }
    for (const QUrl &url : mime->urls())
        add(url.isLocalFile() ? url.toLocalFile() : url.toString());
    if (out.sources.isEmpty() && mime->hasText()) {
        for (const QString &line : mime->text().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
            add(line);
    }
    if (out.sources.isEmpty()) {
        for (const QString &format : mime->formats()) {
            if (format.startsWith(QLatin1String("image/"))) {
                const QByteArray bytes = mime->data(format);
                if (!bytes.isEmpty()) {
                    out.images << bytes;
                    break;   // the same picture in several formats: one is enough
                }
            }
        }
    }
    return out;
}

QFuture<QStringList> DroppedSources::saveImages(const QList<QByteArray> &images, const QString &dir, QThreadPool *pool)
{
    return QtConcurrent::run(pool, [images, dir] {
        BackgroundPriority::applyToThisThread();
        QStringList saved;
        for (const QByteArray &bytes : images) {
            const QByteArray format = ContentSniffer::imageFormat(bytes.first(qMin<qsizetype>(bytes.size(), ContentSniffer::kHeadBytes)));
            if (format.isEmpty())
                continue;   // not an image after all
            FileSink sink;
            if (sink.open(dir, QStringLiteral("Pasted image"), format) && sink.write(bytes) && sink.commit())
                saved << sink.fileName();
        }
        return saved;
    });
}

} // namespace glint
