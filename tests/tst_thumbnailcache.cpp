// The shared thumbnail cache: memory is its budget, not the number of items. A gallery of many items
// keeps no pixels of its own; a tile evicted from the cache comes back, decoded again, when it is
// painted (asked for) again.
#include "app/gallerymodel.h"
#include "app/thumbnails/thumbnailcache.h"
#include "core/pipeline/pipeline.h"
#include "pipelinerig.h"

#include <QPixmap>
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

QTEST_MAIN(TestThumbnailCache)
#include "tst_thumbnailcache.moc"
