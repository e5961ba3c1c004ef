// The bare-decoder baseline of scripts/bench (a tool, not a test):
//   baredecode [--threads N] [--box WxH] [--first N] DIR
// (--first N: only the first N files in name order — the demo cache may hold more than a run uses)
// Reads every image file of DIR into memory first, then decodes each one to a thumbnail the way a
// minimal program would — QImageReader on the bytes, scaled size set (JPEG scales in the DCT), EXIF
// orientation applied — on N threads (default: every core), with no network, no hashing, no files
// written, no database and no GUI. Prints images/s; Glint's images/s divided by this is the ratio
// docs/BENCHMARKS.md reports.
#include <QBuffer>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QThread>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int threads = QThread::idealThreadCount();
    QSize box(240, 180);
    qsizetype first = -1;
    while (args.size() > 1 && args.first().startsWith(QLatin1String("--"))) {
        const QString option = args.takeFirst();
        const QString value = args.takeFirst();
        if (option == QLatin1String("--threads"))
            threads = qMax(1, value.toInt());
        else if (option == QLatin1String("--first"))
            first = value.toInt();
        else if (option == QLatin1String("--box"))
            box = QSize(value.section(QLatin1Char('x'), 0, 0).toInt(), value.section(QLatin1Char('x'), 1, 1).toInt());
    }
    if (args.size() != 1) {
        std::fprintf(stderr, "usage: baredecode [--threads N] [--box WxH] DIR\n");
        return 2;
    }
    QStringList paths;
    QDirIterator it(args.first(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    if (first >= 0)
        paths = paths.mid(0, first);
    std::vector<QByteArray> files;
    for (const QString &path : paths) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            files.push_back(file.readAll());
    }
    if (files.empty()) {
        std::fprintf(stderr, "no files in %s\n", qPrintable(args.first()));
        return 1;
    }

    std::atomic<size_t> next{0};
    std::atomic<int> ok{0};
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (size_t i = next++; i < files.size(); i = next++) {
                QBuffer buffer(&files[i]);
                buffer.open(QIODevice::ReadOnly);
                QImageReader reader(&buffer);
                reader.setAutoTransform(true);
                const QSize size = reader.size();
                if (size.isValid() && (size.width() > box.width() || size.height() > box.height()))
                    reader.setScaledSize(size.scaled(box, Qt::KeepAspectRatio));
                QImage image;
                if (reader.read(&image))
                    ++ok;
            }
        });
    }
    for (std::thread &thread : pool)
        thread.join();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    std::printf("{\"files\": %zu, \"ok\": %d, \"threads\": %d, \"seconds\": %.3f, \"images_per_s\": %.1f}\n", files.size(),
                ok.load(), threads, seconds, ok.load() / seconds);
    return ok.load() > 0 ? 0 : 1;
}
