// The shared thumbnail cache: memory is its budget, not the number of items. A gallery of many items
// keeps no pixels of its own; a tile evicted from the cache comes back, decoded again, when it is
// painted (asked for) again.
#include "app/application.h"
#include "app/gallerymodel.h"
#include "app/galleryview.h"
#include "app/mainwindow.h"
#include "app/thumbnails/thumbnailcache.h"
#include "app/thumbnails/tilesizeslider.h"
#include "core/imaging/freedesktopthumbnails.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/probe/guithreadwork.h"
#include "core/pipeline/pipeline.h"
#include "pipelinerig.h"

#include <QPixmap>
#include <QSlider>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace glint;

class TestThumbnailCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void staysWithinItsBudget();
    void aGalleryOfManyItemsCostsTheBudget();
    void aLargerTileIsDecodedAgainOnlyWhereItIsPainted();
    void theSliderSettlesOnceAfterItsLastMove();
    void theSliderResizesTheTilesAndDecodesThemAgain();
    void aTileOnScreenIsMadeAgainWhileNewImagesKeepThePoolBusy();
    void theTilesOnScreenStayWhileNewOnesPourIn();
};

void TestThumbnailCache::staysWithinItsBudget()
{
    ThumbnailCache cache(QThreadPool::globalInstance(), {240, 180});
    cache.setBudget(2 * 1024 * 1024);
    QImage image(240, 180, QImage::Format_RGB32);
    for (int i = 0; i < 100; ++i) {
        image.fill(QColor::fromHsv(i * 3, 200, 200));
        cache.insert(QStringLiteral("k%1").arg(i), image);
        QVERIFY(cache.bytesUsed() <= cache.budget());
    }
    QVERIFY(cache.count() < 100);
    QVERIFY(cache.find(QStringLiteral("k0")).isNull());        // least recently used: gone
    QVERIFY(!cache.find(QStringLiteral("k99")).isNull());      // the newest stays
}

void TestThumbnailCache::aGalleryOfManyItemsCostsTheBudget()
{
    QTemporaryDir folder;
    QImage image(480, 360, QImage::Format_RGB32);
    for (int i = 0; i < 300; ++i) {
        image.fill(QColor::fromHsv(i, 200, 200));
        QVERIFY(image.save(folder.filePath(QStringLiteral("%1.jpg").arg(i, 3, 10, QLatin1Char('0')))));
    }
    test::RigSettings settings;
    settings.downloadDir = folder.filePath(QStringLiteral("unused"));
    test::PipelineRig rig(settings);
    ThumbnailCache cache(rig.decoder.pool(), {240, 180});
    cache.setBudget(4 * 1024 * 1024);   // about 24 tiles of 240×180
    GalleryModel model(&rig.pipeline, &cache);
    QSignalSpy idle(&rig.pipeline, &Pipeline::idle);
    rig.pipeline.addSource(folder.path());
    QVERIFY(idle.wait(60000));
    QCOMPARE(model.rowCount(), 300);
    QVERIFY(cache.bytesUsed() <= cache.budget());
    QVERIFY(cache.count() < 300);

    // Scrolled back to the top: the first tile was evicted, shows a placeholder, and comes back.
    const QModelIndex first = model.index(0);
    QVERIFY(first.data(Qt::DecorationRole).value<QPixmap>().isNull());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!first.data(Qt::DecorationRole).value<QPixmap>().isNull(), 10000);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(240, 180));
    QVERIFY(cache.bytesUsed() <= cache.budget());
}

namespace {

QString makeFolder(const QTemporaryDir &dir, int count, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int i = 0; i < count; ++i) {
        image.fill(QColor::fromHsv(i * 7 % 360, 200, 200));
        if (!image.save(dir.filePath(QStringLiteral("%1.jpg").arg(i, 3, 10, QLatin1Char('0')))))
            return {};
    }
    return dir.path();
}

} // namespace

void TestThumbnailCache::aLargerTileIsDecodedAgainOnlyWhereItIsPainted()
{
    QTemporaryDir folder;
    QVERIFY(!makeFolder(folder, 20, {1200, 900}).isEmpty());
    test::RigSettings settings;
    settings.downloadDir = folder.filePath(QStringLiteral("unused"));
    test::PipelineRig rig(settings);
    ThumbnailCache cache(rig.decoder.pool(), {240, 180});
    GalleryModel model(&rig.pipeline, &cache);
    QSignalSpy idle(&rig.pipeline, &Pipeline::idle);
    rig.pipeline.addSource(folder.path());
    QVERIFY(idle.wait(60000));
    QCOMPARE(model.rowCount(), 20);
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(240, 180));

    // The slider settled on a bigger tile: what is on hand is shown at once, and only the tiles that
    // are painted are decoded again, at the new size.
    const int decodesBefore = ThumbnailDecoder::decodeCount();
    cache.setBox({480, 360});
    QSignalSpy ready(&cache, &ThumbnailCache::ready);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model.index(row).data(Qt::DecorationRole).value<QPixmap>().size(), QSize(240, 180));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 3, 10000);
    QCOMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(480, 360));
    QCOMPARE(model.index(2).data(Qt::DecorationRole).value<QPixmap>().size(), QSize(480, 360));
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 3);
    QTest::qWait(100);
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 3);   // the 17 tiles not painted: nothing
    bool sharp = true;
    cache.find(QStringLiteral("file:") + rig.pipeline.items().at(10).file, &sharp);
    QVERIFY(!sharp);
    // A thumbnail made for the old size (a catalog block read again) does not replace the sharp one.
    const QString firstKey = QStringLiteral("file:") + rig.pipeline.items().at(0).file;
    QImage old(240, 180, QImage::Format_RGB32);
    old.fill(Qt::black);
    cache.insert(firstKey, old, {1200, 900});
    QCOMPARE(cache.find(firstKey, &sharp).size(), QSize(480, 360));
    QVERIFY(sharp);

    // A little smaller: the sharp pixmap is drawn scaled down, nothing is decoded.
    cache.setBox({400, 300});
    QVERIFY(!first.data(Qt::DecorationRole).value<QPixmap>().isNull());
    cache.find(QStringLiteral("file:") + rig.pipeline.items().at(0).file, &sharp);
    QVERIFY(sharp);
    QTest::qWait(100);
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 3);
}

void TestThumbnailCache::theSliderSettlesOnceAfterItsLastMove()
{
    TileSizeSlider slider(96, 480, 240);
    QSignalSpy resized(&slider, &TileSizeSlider::resized);
    QSignalSpy settled(&slider, &TileSizeSlider::settled);
    for (int width : {260, 300, 340, 400, 480})
        slider.setTileWidth(width);
    QCOMPARE(resized.count(), 5);   // the tiles follow every move
    QCOMPARE(settled.count(), 0);   // nothing decoded while it moves
    QTRY_COMPARE(settled.count(), 1);
    QCOMPARE(settled.at(0).at(0).toInt(), 480);
    slider.setTileWidth(1000);      // clamped
    QCOMPARE(slider.tileWidth(), 480);
    slider.stepBy(-2);
    QTRY_COMPARE(settled.count(), 2);
    QCOMPARE(settled.at(1).at(0).toInt(), 480 - 2 * 38);
    // Back and forth to where it was: nothing to decode.
    slider.setTileWidth(300);
    slider.setTileWidth(480 - 2 * 38);
    QTest::qWait(TileSizeSlider::kSettleMs * 2);
    QCOMPARE(settled.count(), 2);
}

void TestThumbnailCache::theSliderResizesTheTilesAndDecodesThemAgain()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QTemporaryDir images;
    QVERIFY(!makeFolder(images, 6, {1200, 900}).isEmpty());
    Options options;
    options.catalog = dir.filePath(QStringLiteral("catalog.sqlite"));
    options.downloads = dir.filePath(QStringLiteral("downloads"));
    options.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    options.sources = {images.path()};
    Application app(options);
    MainWindow window(app);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    GuiThreadWork::reset();
    app.start();
    QTRY_VERIFY_WITH_TIMEOUT(app.pipeline().count(Item::State::Done) == 6, 60000);
    auto *slider = window.findChild<QSlider *>(QStringLiteral("tileSize"));
    QVERIFY(slider);
    QCOMPARE(slider->value(), 240);
    GalleryView *gallery = nullptr;   // the session's, not the Catalog tab's
    for (GalleryView *view : window.findChildren<GalleryView *>()) {
        if (view->model()->rowCount() == 6 && view->isVisible())
            gallery = view;
    }
    QVERIFY(gallery);
    const QModelIndex first = gallery->model()->index(0, 0);
    QTRY_COMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(240, 180));

    // Ctrl+wheel moves the slider; the tile grows at once, the decode waits for the slider to rest.
    const int tileWidth = gallery->visualRect(first).width();
    const QPoint centre = gallery->viewport()->rect().center();
    QWheelEvent wheel(centre, gallery->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120 * 3), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(gallery->viewport(), &wheel);
    QCOMPARE(slider->value(), 240 + 3 * slider->pageStep());
    QTRY_VERIFY(gallery->visualRect(first).width() > tileWidth);
    QCOMPARE(app.thumbnails().box(), QSize(240, 180));
    const int width = slider->value();
    QTRY_COMPARE(app.thumbnails().box(), QSize(width, width * 3 / 4));
    QCOMPARE(app.pipeline().thumbnailBox(), QSize(width, width * 3 / 4));
    // The visible tile comes back sharp, at the new size.
    QTRY_COMPARE_WITH_TIMEOUT(first.data(Qt::DecorationRole).value<QPixmap>().size(),
                             ThumbnailDecoder::fitted({1200, 900}, QSize(width, width * 3 / 4)), 10000);
    // Decodes, lookups and writes of the desktop's thumbnails: all on the decode pool.
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::FileWrite), 0);
    QVERIFY(FreedesktopThumbnails::writes() > 0);
    window.close();
}

// Found by hand: 30 s into a folder of 100,000 images, tiles on screen that had been evicted showed
// their placeholder for as long as the run went on. Their re-decodes waited below the pipeline's, and
// the pipeline keeps the pool's queue full of new images until it ends. A tile being painted now is
// what the user looks at: it goes before the images still to come.
void TestThumbnailCache::aTileOnScreenIsMadeAgainWhileNewImagesKeepThePoolBusy()
{
    QTemporaryDir folder;
    QVERIFY(!makeFolder(folder, 1, {1200, 900}).isEmpty());
    const QString file = folder.filePath(QStringLiteral("000.jpg"));
    QThreadPool pool;
    pool.setMaxThreadCount(1);
    // The pipeline's way: a fixed number of decodes in flight, each replaced by the next as it ends.
    std::atomic<bool> stop{false};
    std::function<void()> next;
    next = [&] {
        pool.start([&] {
            QThread::msleep(20);
            if (!stop.load())
                next();
        });
    };
    next();
    next();
    ThumbnailCache cache(&pool, {240, 180});
    QSignalSpy ready(&cache, &ThumbnailCache::ready);
    const QString key = QStringLiteral("file:") + file;
    cache.request(key, file);
    const bool made = ready.wait(5000);
    stop = true;
    pool.waitForDone();
    QVERIFY2(made, "the tile's decode waited behind every new image");
    QVERIFY(!cache.find(key).isNull());
}

// The screen stands still while a run inserts thumbnails for rows far below: the tiles painted last
// stay, or a hover or a menu closing would show their placeholders until decoded again.
void TestThumbnailCache::theTilesOnScreenStayWhileNewOnesPourIn()
{
    ThumbnailCache cache(QThreadPool::globalInstance(), {240, 180});
    cache.setBudget(1024 * 1024);   // six thumbnails
    QImage image(240, 180, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    const QStringList shown{QStringLiteral("shown-1"), QStringLiteral("shown-2")};
    for (const QString &key : shown) {
        cache.insert(key, image);
        QVERIFY(!cache.find(key).isNull());   // painted
    }
    for (int i = 0; i < 50; ++i)
        cache.insert(QStringLiteral("new-%1").arg(i), image);
    for (const QString &key : shown)
        QVERIFY2(!cache.find(key).isNull(), qPrintable(key));
    QVERIFY(cache.find(QStringLiteral("new-0")).isNull());   // not painted: gone, as the budget says
    QVERIFY(cache.bytesUsed() <= cache.budget());
}

QTEST_MAIN(TestThumbnailCache)
#include "tst_thumbnailcache.moc"
