// The catalog in the GUI: the lazy model pages through a real catalog without repeats, answers the
// gallery's roles, and drops the pages of a query that was replaced; the search bar waits for a
// pause in typing but reacts to a combo at once.
#include "core/catalog/catalog.h"
#include "app/catalog/catalogmodel.h"
#include "app/thumbnails/thumbnailcache.h"
#include "app/catalog/searchbar.h"
#include "app/filterfield.h"
#include "app/gallerymodel.h"
#include "core/probe/guithreadwork.h"
#include "catalogtestutil.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace glint;
using namespace glint::test;

class TestCatalogModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesLoadOnDemandWithoutRepeats();
    void rowsAnswerTheGalleryRoles();
    void aReplacedQueryDropsItsPages();
    void searchBarDebouncesTypingButNotCombos();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
};

void TestCatalogModel::initTestCase()
{
    m_catalog = std::make_unique<Catalog>();
    QVERIFY(await(m_catalog->open(m_dir.filePath(QStringLiteral("catalog.sqlite")))).ok);
    QList<CatalogRecord> records;
    for (int i = 0; i < 450; ++i)
        records << okRecord(i, QStringLiteral("http://%1.example/%2.jpg").arg(i % 3 ? QStringLiteral("many") : QStringLiteral("few")).arg(i));
    await(m_catalog->insert(records));
}

void TestCatalogModel::cleanupTestCase()
{
    m_catalog.reset();
}

void TestCatalogModel::pagesLoadOnDemandWithoutRepeats()
{
    GuiThreadWork::reset();
    ThumbnailCache thumbnails(QThreadPool::globalInstance(), {240, 180});
    CatalogModel model(m_catalog.get(), &thumbnails);
    QSignalSpy totals(&model, &CatalogModel::totalsChanged);
    model.setQuery({});
    QTRY_COMPARE(model.rowCount(), CatalogModel::kFirstPageRows);
    // The page's stored thumbnails went to the bounded cache as it landed: rows keep no pixels,
    // whether or not they are ever painted.
    QCOMPARE(thumbnails.count(), CatalogModel::kFirstPageRows);
    QTRY_COMPARE(totals.count(), 1);
    QCOMPARE(model.totals().count, 450);
    while (model.canFetchMore({})) {
        const int before = model.rowCount();
        model.fetchMore({});
        QVERIFY(!model.canFetchMore({}));   // one page at a time
        QTRY_VERIFY(model.rowCount() > before || !model.canFetchMore({}));
        QTRY_VERIFY(!model.isLoading());
    }
    QCOMPARE(model.rowCount(), 450);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.insert(model.imageId(row));
    QCOMPARE(ids.size(), 450);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Query), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
}

void TestCatalogModel::rowsAnswerTheGalleryRoles()
{
    ThumbnailCache thumbnails(QThreadPool::globalInstance(), {240, 180});
    CatalogModel model(m_catalog.get(), &thumbnails);
    CatalogQuery q;
    q.sort = CatalogQuery::Sort::Oldest;
    model.setQuery(q);
    QTRY_VERIFY(model.rowCount() > 0);
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("0.jpg"));
    QCOMPARE(first.data(Qt::DecorationRole).value<QPixmap>().size(), QSize(32, 24));
    QCOMPARE(first.data(GalleryModel::StateRole).toInt(), int(Item::State::Done));
    QCOMPARE(first.data(GalleryModel::DetailRole).toString(), QStringLiteral("100×50 · JPEG · %1").arg(GalleryModel::formatBytes(1000)));
    QCOMPARE(first.data(GalleryModel::UrlRole).toUrl(), QUrl(QStringLiteral("http://few.example/0.jpg")));
    QVERIFY(first.data(Qt::ToolTipRole).toString().contains(QLatin1String("few.example")));
    QCOMPARE(first.data(CatalogModel::HostRole).toString(), QStringLiteral("few.example"));
    QVERIFY(first.data(CatalogModel::ImageIdRole).toLongLong() > 0);
}

void TestCatalogModel::aReplacedQueryDropsItsPages()
{
    ThumbnailCache thumbnails(QThreadPool::globalInstance(), {240, 180});
    CatalogModel model(m_catalog.get(), &thumbnails);
    QSignalSpy pages(&model, &CatalogModel::pageLoaded);
    CatalogQuery many;
    many.text = QStringLiteral("many.example");
    CatalogQuery few;
    few.text = QStringLiteral("few.example");
    model.setQuery(many);
    model.setQuery(few);
    QTRY_COMPARE(model.rowCount(), CatalogModel::kFirstPageRows);
    while (model.rowCount() < 150) {
        QTRY_VERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_VERIFY(!model.isLoading());
    }
    QTest::qWait(50);
    QCOMPARE(model.rowCount(), 150);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row).data(CatalogModel::HostRole).toString(), QStringLiteral("few.example"));
    QTRY_COMPARE(model.totals().count, 150);
}

void TestCatalogModel::searchBarDebouncesTypingButNotCombos()
{
    SearchBar bar;
    QSignalSpy spy(&bar, &SearchBar::queryChanged);
    QTest::keyClicks(bar.textField(), QStringLiteral("sunset"));
    QCOMPARE(spy.count(), 0);   // still typing
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).value<CatalogQuery>().text, QStringLiteral("sunset"));

    auto *format = bar.findChildren<QComboBox *>().at(0);
    format->setCurrentIndex(2);
    QCOMPARE(spy.count(), 2);   // at once
    const CatalogQuery q = spy.last().at(0).value<CatalogQuery>();
    QCOMPARE(q.format, QByteArray("png"));
    QCOMPARE(q.text, QStringLiteral("sunset"));

    auto *date = bar.findChildren<QComboBox *>().at(2);
    date->setCurrentIndex(1);   // today
    const QDateTime now = QDateTime::currentDateTime();
    QCOMPARE(spy.last().at(0).value<CatalogQuery>().from, QDateTime(now.date(), QTime(0, 0)).toUTC());

    bar.clear();
    QCOMPARE(spy.count(), 4);
    QCOMPARE(spy.last().at(0).value<CatalogQuery>().text, QString());
    QCOMPARE(spy.last().at(0).value<CatalogQuery>().format, QByteArray());
}

QTEST_MAIN(TestCatalogModel)
#include "tst_catalogmodel.moc"
