// Painting a gallery tile: its card (plain, hovered, selected) and the card of a tile without its
// thumbnail yet look as they did when they were painted in place rather than copied, a thumbnail larger than its area is scaled as one copy would scale it, and neither
// paint waits for Qt's global thread pool (the GUI thread must not sleep until another thread gets
// a core: rule 1; docs/BENCHMARKS.md §21).
#include "app/gallerydelegate.h"
#include "app/gallerymodel.h"
#include "core/pipeline/item.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSemaphore>
#include <QStandardItemModel>
#include <QTest>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

using namespace glint;

class TestGalleryDelegate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aCardLooksAsItsOutline_data();
    void aCardLooksAsItsOutline();
    void aPlaceholderLooksAsItsGradient_data();
    void aPlaceholderLooksAsItsGradient();
    void aThumbnailLargerThanItsAreaIsScaledAsOneCopy();
    void captionsLookAsTextDrawnInPlace_data();
    void captionsLookAsTextDrawnInPlace();
    void tilesArePaintedWhileQtsGlobalPoolIsBusy();
};

namespace {

constexpr QSize kTile(GalleryDelegate::kImageArea.width() + 2 * GalleryDelegate::kPadding,
                      GalleryDelegate::kImageArea.height() + GalleryDelegate::kCaptionHeight + 2 * GalleryDelegate::kPadding);

// A thumbnail with detail everywhere, so that any difference in scaling shows.
QPixmap patterned(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        for (int x = 0; x < size.width(); ++x)
            image.setPixel(x, y, qRgb((x * 7) % 256, (y * 5) % 256, ((x ^ y) * 3) % 256));
    }
    return QPixmap::fromImage(image);
}

QStandardItem *tile(Item::State state, bool cancelled = false)
{
    auto *item = new QStandardItem(QStringLiteral("photo.jpg"));
    item->setData(int(state), GalleryModel::StateRole);
    item->setData(cancelled, GalleryModel::CancelledRole);
    item->setData(-1.0, GalleryModel::ProgressRole);
    return item;
}

// Paints `index` as the gallery does, into an image the size of one tile.
QImage painted(const GalleryDelegate &delegate, const QModelIndex &index, QStyle::State state = QStyle::State_None)
{
    QImage image(kTile, QImage::Format_RGB32);
    image.fill(Qt::white);
    QStyleOptionViewItem option;
    option.rect = QRect(QPoint(0, 0), kTile);
    option.state = state;
    option.palette = QApplication::palette();
    option.font = QApplication::font();
    QPainter painter(&image);
    delegate.paint(&painter, option, index);
    return image;
}

// The card as it was painted before it was cached: the rounded gradient filled in place.
QImage filledInPlace(const QColor &from, const QColor &to)
{
    QImage image(kTile, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRect area(QPoint(GalleryDelegate::kPadding, GalleryDelegate::kPadding), GalleryDelegate::kImageArea);
    QPainterPath path;
    path.addRoundedRect(QRectF(area), 6, 6);
    QLinearGradient gradient(area.topLeft(), area.bottomRight());
    gradient.setColorAt(0, from);
    gradient.setColorAt(1, to);
    painter.fillPath(path, gradient);
    return image;
}

// The first pixel of `region` that `looked` keeps whose colour in `got` differs from `want` by more
// than `tolerance` in a channel, as a sentence; empty when none does. `compared` counts the pixels
// looked at.
QString firstDifference(const QImage &got, const QImage &want, const QRect &region, int tolerance,
                        const std::function<bool(int x, int y)> &looked = {}, int *compared = nullptr)
{
    for (int y = region.top(); y <= region.bottom(); ++y) {
        for (int x = region.left(); x <= region.right(); ++x) {
            if (looked && !looked(x, y))
                continue;
            const QRgb a = got.pixel(x, y);
            const QRgb b = want.pixel(x, y);
            if (qAbs(qRed(a) - qRed(b)) > tolerance || qAbs(qGreen(a) - qGreen(b)) > tolerance
                || qAbs(qBlue(a) - qBlue(b)) > tolerance || qAbs(qAlpha(a) - qAlpha(b)) > tolerance)
                return QStringLiteral("pixel (%1, %2): %3 painted, %4 expected")
                    .arg(x).arg(y).arg(QColor::fromRgba(a).name(QColor::HexArgb), QColor::fromRgba(b).name(QColor::HexArgb));
            if (compared)
                ++*compared;
        }
    }
    return {};
}

} // namespace

void TestGalleryDelegate::aCardLooksAsItsOutline_data()
{
    QTest::addColumn<bool>("selected");
    QTest::addColumn<bool>("hovered");
    QTest::newRow("plain") << false << false;
    QTest::newRow("hovered") << false << true;
    QTest::newRow("selected") << true << false;
    QTest::newRow("selected and hovered") << true << true;
}

void TestGalleryDelegate::aCardLooksAsItsOutline()
{
    QFETCH(bool, selected);
    QFETCH(bool, hovered);
    QStandardItemModel model;
    model.appendRow(tile(Item::State::Queued));
    GalleryDelegate delegate;
    QStyle::State state = QStyle::State_None;
    if (selected)
        state |= QStyle::State_Selected;
    if (hovered)
        state |= QStyle::State_MouseOver;
    const QImage tileImage = painted(delegate, model.index(0, 0), state);

    const QPalette palette = QApplication::palette();
    QColor fill = palette.color(QPalette::Base);
    if (hovered)
        fill = fill.darker(104);
    QImage expected(kTile, QImage::Format_RGB32);
    expected.fill(Qt::white);
    QPainter painter(&expected);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(selected ? QPen(palette.color(QPalette::Highlight), 2) : QPen(palette.color(QPalette::Mid).lighter(130), 1));
    painter.setBrush(fill);
    painter.drawRoundedRect(QRectF(QPoint(0, 0), kTile).adjusted(3, 3, -3, -3), 8, 8);
    painter.end();
    // The margin, the outline and the card up to the image area on every side; the caption's text
    // below it is drawn over the card and left out.
    const QRect area(QPoint(GalleryDelegate::kPadding, GalleryDelegate::kPadding), GalleryDelegate::kImageArea);
    int compared = 0;
    const QString difference = firstDifference(tileImage, expected, QRect(QPoint(0, 0), kTile), 2, [&](int x, int y) {
        const bool inner = x >= area.left() - 2 && x <= area.right() + 2 && y >= area.top() - 2;
        return !inner || y >= kTile.height() - 8;
    }, &compared);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(compared > 3'000);
}

void TestGalleryDelegate::aPlaceholderLooksAsItsGradient_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("cancelled");
    QTest::addColumn<QColor>("from");
    QTest::addColumn<QColor>("to");
    const QPalette palette = QApplication::palette();
    const QColor waitingFrom = palette.color(QPalette::AlternateBase);
    const QColor waitingTo = palette.color(QPalette::Window);
    QTest::newRow("queued") << int(Item::State::Queued) << false << waitingFrom << waitingTo;
    QTest::newRow("decoding") << int(Item::State::Decoding) << false << waitingFrom << waitingTo;
    QTest::newRow("cancelled") << int(Item::State::Failed) << true << waitingFrom << waitingTo;
    QTest::newRow("failed") << int(Item::State::Failed) << false << QColor(0xfb, 0xe9, 0xe7) << QColor(0xf6, 0xd5, 0xd1);
}

void TestGalleryDelegate::aPlaceholderLooksAsItsGradient()
{
    QFETCH(int, state);
    QFETCH(bool, cancelled);
    QFETCH(QColor, from);
    QFETCH(QColor, to);
    QStandardItemModel model;
    model.appendRow(tile(Item::State(state), cancelled));
    GalleryDelegate delegate;
    const QImage tileImage = painted(delegate, model.index(0, 0));
    const QImage expected = filledInPlace(from, to);
    // Along the card's diagonal and its rounded corners, outside the label in its middle and the
    // failure badge: the copy puts every pixel where the fill did, to within rounding.
    const QRect area(QPoint(GalleryDelegate::kPadding, GalleryDelegate::kPadding), GalleryDelegate::kImageArea);
    int compared = 0;
    const QString difference = firstDifference(tileImage, expected, area.adjusted(-1, -1, 1, 1), 2, [&](int x, int y) {
        const bool corner = (x - area.left() < 10 || area.right() - x < 10) && (y - area.top() < 10 || area.bottom() - y < 10);
        const bool edgeBand = y - area.top() < 40 || area.bottom() - y < 40;
        return corner || edgeBand;
    }, &compared);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
    QVERIFY(compared > 10'000);
    // And again from the cache: the same pixels.
    QCOMPARE(painted(delegate, model.index(0, 0)), tileImage);
}

void TestGalleryDelegate::aThumbnailLargerThanItsAreaIsScaledAsOneCopy()
{
    QStandardItemModel model;
    QStandardItem *item = tile(Item::State::Done);
    const QPixmap thumbnail = patterned(QSize(240, 160));
    item->setData(thumbnail, Qt::DecorationRole);
    model.appendRow(item);
    GalleryDelegate delegate;
    delegate.setImageArea(QSize(200, 150));   // a smaller tile size than the thumbnail was made for
    const QImage tileImage = painted(delegate, model.index(0, 0));

    QImage expected(kTile, QImage::Format_RGB32);
    expected.fill(Qt::white);
    QPainter painter(&expected);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    const QRect area(QPoint(GalleryDelegate::kPadding, GalleryDelegate::kPadding), QSize(200, 150));
    QRect target(QPoint(), QSize(200, 133));
    target.moveCenter(area.center());
    painter.drawPixmap(target, thumbnail);
    painter.end();
    const QString difference = firstDifference(tileImage, expected, target, 0);
    QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("against one scaled copy, ") + difference));
}

void TestGalleryDelegate::captionsLookAsTextDrawnInPlace_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("detail");
    QTest::newRow("short") << QStringLiteral("p01.jpg") << QStringLiteral("4000×3000 · JPEG · 3.0 MB");
    QTest::newRow("elided in the middle and at the end")
        << QStringLiteral("a-holiday-photo-with-a-name-much-longer-than-any-tile-is-wide-0042.jpeg")
        << QStringLiteral("4000×3000 · JPEG · 3.0 MB · from https://photos.example.com/albums/summer/coast/");
}

// The two caption lines are laid out once and kept (QStaticText); painted again, they are where
// drawText() put them, elided the same way.
void TestGalleryDelegate::captionsLookAsTextDrawnInPlace()
{
    QFETCH(QString, name);
    QFETCH(QString, detail);
    QStandardItemModel model;
    QStandardItem *item = tile(Item::State::Queued);
    item->setText(name);
    item->setData(detail, GalleryModel::DetailRole);
    model.appendRow(item);
    GalleryDelegate delegate;
    painted(delegate, model.index(0, 0));   // the lines are made
    const QImage tileImage = painted(delegate, model.index(0, 0));   // and copied

    const QPalette palette = QApplication::palette();
    const QRect area(QPoint(GalleryDelegate::kPadding, GalleryDelegate::kPadding), GalleryDelegate::kImageArea);
    const QRect caption(area.left(), area.bottom() + 6, area.width(), GalleryDelegate::kCaptionHeight - 6);
    QImage expected = tileImage.copy();
    QPainter painter(&expected);
    painter.fillRect(caption, palette.color(QPalette::Base));
    const QFont font = QApplication::font();
    painter.setFont(font);
    painter.setPen(palette.color(QPalette::Text));
    painter.drawText(caption.adjusted(0, 0, 0, -caption.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetrics(font).elidedText(name, Qt::ElideMiddle, caption.width()));
    QFont small = font;
    small.setPointSizeF(small.pointSizeF() * 0.88);
    painter.setFont(small);
    painter.setPen(palette.color(QPalette::PlaceholderText));
    painter.drawText(caption.adjusted(0, caption.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetrics(small).elidedText(detail, Qt::ElideRight, caption.width()));
    painter.end();
    const QString difference = firstDifference(tileImage, expected, caption, 0);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestGalleryDelegate::tilesArePaintedWhileQtsGlobalPoolIsBusy()
{
    QStandardItemModel model;
    model.appendRow(tile(Item::State::Queued));
    model.appendRow(tile(Item::State::Downloading));
    model.appendRow(tile(Item::State::Failed));
    QStandardItem *shown = tile(Item::State::Done);
    shown->setData(patterned(QSize(240, 180)), Qt::DecorationRole);
    model.appendRow(shown);
    GalleryDelegate delegate;
    delegate.setImageArea(QSize(200, 150));   // the thumbnail is drawn scaled
    for (int row = 0; row < model.rowCount(); ++row)
        painted(delegate, model.index(row, 0));   // the cards are made (once per session)

    // Every thread of the pool held: anything the paint queued there would wait for the gate.
    QThreadPool *pool = QThreadPool::globalInstance();
    QSemaphore gate;
    QSemaphore holding;
    const int threads = pool->maxThreadCount();
    for (int i = 0; i < threads; ++i) {
        pool->start([&] {
            holding.release();
            gate.acquire();
        });
    }
    QVERIFY(holding.tryAcquire(threads, 20'000));

    // The gate opens when the tiles are painted, or after 20 s: a paint that needed the pool would
    // still be waiting then, and the test fails instead of hanging.
    std::mutex mutex;
    std::condition_variable done;
    bool paintedAll = false;
    std::atomic<bool> openedByTimeout = false;
    std::thread opener([&] {
        std::unique_lock lock(mutex);
        if (!done.wait_for(lock, std::chrono::seconds(20), [&] { return paintedAll; }))
            openedByTimeout = true;
        gate.release(threads);
    });
    for (int round = 0; round < 4; ++round) {
        for (int row = 0; row < model.rowCount(); ++row)
            painted(delegate, model.index(row, 0));
    }
    {
        std::lock_guard lock(mutex);
        paintedAll = true;
    }
    done.notify_one();
    opener.join();
    pool->waitForDone();
    QVERIFY2(!openedByTimeout, "a tile's paint waited for QThreadPool::globalInstance()");
}

QTEST_MAIN(TestGalleryDelegate)
#include "tst_gallerydelegate.moc"
