// A victim for tst_catalogkill: opens a catalog and keeps saving files (FileSink, in chunks) and
// inserting their records (Catalog, small transactions) until it is killed.
//   catalog_killee CATALOG DOWNLOADS FIRST_N
// Prints "running" once the catalog is open, so the test knows the kill lands in the work.
#include "core/catalog/catalog.h"
#include "core/net/filesink.h"
#include "killeecontent.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <cstdio>

using namespace glint;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    const QString downloads = args[2];
    QDir().mkpath(downloads);
    Catalog catalog;
    const CatalogOpenResult opened = catalog.open(args[1]).result();
    if (!opened.ok) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 1;
    }
    std::printf("running\n");
    std::fflush(stdout);
    QList<CatalogRecord> batch;
    for (int n = args[3].toInt();; ++n) {
        const QByteArray bytes = test::killeeContent(n);
        FileSink sink;
        if (!sink.open(downloads, test::killeeFileName(n)))
            return 1;
        for (qsizetype at = 0; at < bytes.size(); at += 16 * 1024)
            sink.write(bytes.mid(at, 16 * 1024));
        if (!sink.commit())
            return 1;
        CatalogRecord record;
        record.url = QUrl(QStringLiteral("http://killee.example/%1").arg(test::killeeFileName(n)));
        record.ok = true;
        record.sha256 = sink.sha256Hex();
        record.bytes = bytes.size();
        record.format = "bin";
        record.size = QSize(1, 1);
        record.file = sink.fileName();
        record.fileCreated = true;
        record.thumbnailJpeg = bytes.left(2048);
        batch << record;
        if (batch.size() == 4) {
            catalog.insert(batch).waitForFinished();
            batch.clear();
        }
    }
}
