// Paint benchmark (a tool, not a test): how long the GUI thread takes to paint one screen of gallery
// tiles with the real GalleryDelegate, as the view does on every frame of a scroll.
//   tilepaintbench [--tiles queued|shown|scaled] [--busy N] [--frames N]
// queued: cards waiting for their thumbnail (the placeholder); shown: thumbnails at the tile's size;
// scaled: 240×180 thumbnails in 200×150 tiles (a smaller tile size, the catalog's stored thumbnails).
// --busy N spins N threads at the GUI thread's own priority for the run, as catalog readers and the
// X server take the cores during a scroll. Prints the frame time's p50, p99 and max (docs/BENCHMARKS.md
// section 21).
#include "app/gallerydelegate.h"
#include "app/gallerymodel.h"
#include "app/galleryview.h"
#include "core/pipeline/item.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QStandardItemModel>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace glint;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("tiles"), QStringLiteral("queued, shown or scaled."), QStringLiteral("KIND"), QStringLiteral("queued")});
    parser.addOption({QStringLiteral("busy"), QStringLiteral("Threads spinning meanwhile."), QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("frames"), QStringLiteral("Frames painted."), QStringLiteral("N"), QStringLiteral("300")});
    parser.process(app);
    const QString kind = parser.value(QStringLiteral("tiles"));
    const int frames = qMax(10, parser.value(QStringLiteral("frames")).toInt());

    GalleryDelegate delegate;
    QSize thumbnailSize = GalleryDelegate::kImageArea;
    if (kind == QLatin1String("scaled"))
        delegate.setImageArea(QSize(200, 150));
    QImage thumbnail(thumbnailSize, QImage::Format_RGB32);
    for (int y = 0; y < thumbnail.height(); ++y) {
        for (int x = 0; x < thumbnail.width(); ++x)
            thumbnail.setPixel(x, y, qRgb((x * 7) % 256, (y * 5) % 256, ((x ^ y) * 3) % 256));
    }
    const QPixmap pixmap = QPixmap::fromImage(thumbnail);
    QStandardItemModel model;
    for (int i = 0; i < 24; ++i) {
        auto *item = new QStandardItem(QStringLiteral("photo-%1.jpg").arg(i));
        item->setData(int(kind == QLatin1String("queued") ? Item::State::Queued : Item::State::Done), GalleryModel::StateRole);
        item->setData(-1.0, GalleryModel::ProgressRole);
        item->setData(QStringLiteral("4000×3000 · JPEG · 3.0 MB"), GalleryModel::DetailRole);
        if (kind != QLatin1String("queued"))
            item->setData(pixmap, Qt::DecorationRole);
        model.appendRow(item);
    }

    std::atomic<bool> stop = false;
    std::vector<std::thread> busy;
    for (int i = 0; i < parser.value(QStringLiteral("busy")).toInt(); ++i) {
        busy.emplace_back([&stop] {
            volatile unsigned spin = 0;
            while (!stop.load(std::memory_order_relaxed))
                spin = spin + 1;
        });
    }

    GalleryView view;   // not shown: what the delegate learns the background from, as in the window
    QImage screen(1600, 1000, QImage::Format_RGB32);   // a window's backing store
    const QSize tile = delegate.sizeHint(QStyleOptionViewItem(), QModelIndex());
    std::vector<double> ms;
    // Frame 0 loads fonts and makes what the delegate keeps; it is not counted.
    for (int frame = -1; frame < frames; ++frame) {
        QElapsedTimer timer;
        timer.start();
        screen.fill(view.viewport()->palette().color(view.viewport()->backgroundRole()));
        QPainter painter(&screen);
        for (int i = 0; i < model.rowCount(); ++i) {
            QStyleOptionViewItem option;
            option.rect = QRect(QPoint((i % 6) * (tile.width() + 8), (i / 6) * (tile.height() + 8)), tile);
            option.palette = QApplication::palette();
            option.font = QApplication::font();
            option.widget = &view;
            delegate.paint(&painter, option, model.index(i, 0));
        }
        painter.end();
        if (frame >= 0)
            ms.push_back(timer.nsecsElapsed() / 1e6);
        QThread::msleep(8);   // the rest of a 60 Hz frame: Qt's helper threads go back to sleep too
    }
    stop = true;
    for (std::thread &thread : busy)
        thread.join();
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
    std::printf("tiles=%s busy=%d frames=%d frame_ms p50 %.2f p99 %.2f max %.2f\n", qPrintable(kind),
                int(busy.size()), frames, at(0.5), at(0.99), ms.back());
    return 0;
}
