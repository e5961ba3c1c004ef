// Makes a folder of distinct images for the scale benchmark (a tool, not a test):
//   makeimages DIR COUNT [--page FILE] [--photos | --camera]
// COUNT PNGs of 256–400 px per side (each different: hue, gradient angle, its number drawn on it),
// in subfolders of 1,000 so the folder looks like a photo library, made on every core. Files that
// exist already are kept, so a second call is instant. With --page, also writes an HTML page that
// names every image (relative addresses), for the "page with thousands of images" case.
// With --photos, the images are instead 1920×1080 JPEGs of about 375 KB whose fine grain compresses
// like a photograph's (issue 11's case): the demo gallery's smooth drawings compress three to ten
// times better than that, and a decoder spends its time on the bytes it has to read.
// With --camera, they are a camera's: 12, 20 and 24 MP (4000×3000, 5472×3648, 6000×4000) at quality
// 90, 3–6 MB each, the same grain, and every fourth one stored on its side with an EXIF orientation
// of 6 (shown upright, as a phone held upright writes it).
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QThread>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

enum class Kind { Tiles, Photos, Camera };
Kind kind = Kind::Tiles;

QString relativePath(int i)
{
    return QStringLiteral("%1/img%2.%3")
        .arg(i / 1000, 3, 10, QLatin1Char('0'))
        .arg(i, 6, 10, QLatin1Char('0'))
        .arg(kind == Kind::Tiles ? QLatin1String("png") : QLatin1String("jpg"));
}

// A w×h picture with a photograph's statistics: broad soft light, a few shapes, and grain in every
// pixel (a sensor's noise is what makes camera JPEGs big). The grain comes from a small integer
// hash, so image i is the same bytes on every machine.
QImage photo(int i, int w, int h)
{
    QImage image(w, h, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient g(0, 0, w, h * ((i % 4) + 1) / 4.0);
    g.setColorAt(0, QColor::fromHsv((i * 47) % 360, 120, 230));
    g.setColorAt(1, QColor::fromHsv((i * 113 + 90) % 360, 160, 60));
    p.fillRect(image.rect(), g);
    p.setPen(Qt::NoPen);
    for (int k = 0; k < 8; ++k) {
        p.setBrush(QColor::fromHsv((i * 29 + k * 41) % 360, 140, 200, 150));
        p.drawEllipse(QPoint((i * 131 + k * 251) % w, (i * 71 + k * 137) % h), (60 + k * 30) * w / 1920, (50 + k * 25) * w / 1920);
    }
    p.setPen(Qt::white);
    p.setFont(QFont(QStringLiteral("Sans"), 120 * h / 1080, QFont::Bold));
    p.drawText(image.rect(), Qt::AlignCenter, QString::number(i));
    p.end();
    quint32 state = 2166136261u ^ static_cast<quint32>(i) * 16777619u;
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            state = state * 1664525u + 1013904223u;
            const int n = static_cast<int>((state >> 24) % 19) - 9;   // grain of ±9 levels
            const QRgb c = line[x];
            line[x] = qRgb(qBound(0, qRed(c) + n, 255), qBound(0, qGreen(c) + n, 255), qBound(0, qBlue(c) + n, 255));
        }
    }
    return image;
}

bool makePhoto(const QString &path, int i)
{
    return photo(i, 1920, 1080).save(path, "JPEG", 85);
}

// An EXIF segment (APP1) holding only an orientation: big-endian TIFF, one IFD of one SHORT entry.
QByteArray exifOrientation(quint16 orientation)
{
    QByteArray tiff("MM\x00\x2a\x00\x00\x00\x08", 8);
    tiff += QByteArray("\x00\x01", 2);                                    // one entry
    tiff += QByteArray("\x01\x12\x00\x03\x00\x00\x00\x01", 8);           // Orientation, SHORT, count 1
    tiff += char(orientation >> 8);
    tiff += char(orientation & 0xff);
    tiff += QByteArray("\x00\x00\x00\x00\x00\x00", 6);                   // padding, no next IFD
    const QByteArray body = QByteArray("Exif\x00\x00", 6) + tiff;
    const int length = int(body.size()) + 2;
    return QByteArray("\xff\xe1", 2) + char(length >> 8) + char(length & 0xff) + body;
}

bool makeCameraPhoto(const QString &path, int i)
{
    static const QSize sizes[] = {{4000, 3000}, {5472, 3648}, {6000, 4000}};
    const QSize size = sizes[i % 3];
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    if (!photo(i, size.width(), size.height()).save(&buffer, "JPEG", 90) || !jpeg.startsWith("\xff\xd8"))
        return false;
    if (i % 4 == 3)
        jpeg.insert(2, exifOrientation(6));   // right after SOI
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(jpeg) == jpeg.size();
}

bool make(const QString &path, int i)
{
    const int w = 256 + (i * 37) % 145;
    const int h = 256 + (i * 91) % 145;
    QImage image(w, h, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient g(0, 0, w * ((i % 3) + 1) / 3.0, h);
    g.setColorAt(0, QColor::fromHsv((i * 47) % 360, 180, 240));
    g.setColorAt(1, QColor::fromHsv((i * 113 + 90) % 360, 200, 70));
    p.fillRect(image.rect(), g);
    p.setPen(QPen(Qt::white, 3));
    for (int k = 0; k < 6; ++k)
        p.drawEllipse(QPoint((i * 13 + k * 53) % w, (i * 7 + k * 31) % h), 10 + k * 6, 8 + k * 5);
    p.setFont(QFont(QStringLiteral("Sans"), 36, QFont::Bold));
    p.drawText(image.rect(), Qt::AlignCenter, QString::number(i));
    p.end();
    return image.save(path, "PNG", 90);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);   // fonts for drawText
    QStringList args = app.arguments().mid(1);
    QString page;
    if (args.removeAll(QStringLiteral("--photos")) > 0)
        kind = Kind::Photos;
    if (args.removeAll(QStringLiteral("--camera")) > 0)
        kind = Kind::Camera;
    const qsizetype pageAt = args.indexOf(QStringLiteral("--page"));
    if (pageAt >= 0 && pageAt + 1 < args.size()) {
        page = args.at(pageAt + 1);
        args.remove(pageAt, 2);
    }
    if (args.size() != 2) {
        std::fprintf(stderr, "usage: makeimages DIR COUNT [--page FILE] [--photos | --camera]\n");
        return 2;
    }
    const QString dir = args.at(0);
    const int count = args.at(1).toInt();
    for (int folder = 0; folder <= (count - 1) / 1000; ++folder)
        QDir().mkpath(QStringLiteral("%1/%2").arg(dir).arg(folder, 3, 10, QLatin1Char('0')));

    std::atomic<int> next{0}, made{0}, failed{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < qMax(1, QThread::idealThreadCount()); ++t) {
        workers.emplace_back([&] {
            for (int i = next++; i < count; i = next++) {
                const QString path = dir + QLatin1Char('/') + relativePath(i);
                if (QFileInfo::exists(path))
                    continue;
                const bool ok = kind == Kind::Camera ? makeCameraPhoto(path, i) : kind == Kind::Photos ? makePhoto(path, i) : make(path, i);
                (ok ? made : failed)++;
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();

    if (!page.isEmpty()) {
        QFile html(page);
        if (!html.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(page));
            return 1;
        }
        html.write("<!doctype html><html><head><meta charset=utf-8><title>Scale</title></head><body>\n");
        for (int i = 0; i < count; ++i)
            html.write(QStringLiteral("<figure><img src=\"%1\" alt=\"image %2\" loading=\"lazy\"></figure>\n").arg(relativePath(i)).arg(i).toUtf8());
        html.write("</body></html>\n");
    }
    std::printf("%d made, %d kept, %d failed in %s\n", made.load(), count - made.load() - failed.load(), failed.load(), qPrintable(dir));
    return failed.load() == 0 ? 0 : 1;
}
