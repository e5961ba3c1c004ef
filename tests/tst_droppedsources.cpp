// Drag and drop and paste: what a browser, a file manager or an editor offers becomes the right
// sources (a dragged linked image gives the image, not the page it links to), image data is saved as
// a new file that never replaces anything, and tiles drag out as their saved originals.
#include "app/droppedsources.h"
#include "app/gallerymodel.h"
#include "app/galleryview.h"

#include <QBuffer>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QFutureWatcher>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace glint;

namespace {

QByteArray png()
{
    QImage image(16, 12, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

template <typename T>
T await(QFuture<T> future)
{
    QFutureWatcher<T> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished())
        done.wait(10000);
    return future.result();
}

} // namespace

class TestDroppedSources : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void whatIsOffered_data();
    void whatIsOffered();
    void imageDataIsSavedWithoutReplacingAnything();
    void aDropOnTheGalleryBecomesSources();
    void tilesDragOutAsTheirOriginals();
};

void TestDroppedSources::whatIsOffered_data()
{
    QTest::addColumn<QStringList>("formats");   // "mime type=value" pairs
    QTest::addColumn<QStringList>("sources");
    QTest::addColumn<int>("images");
    const QString image = QStringLiteral("https://cdn.example.com/p/cat.jpg");
    const QString page = QStringLiteral("https://example.com/cats/1");
    QTest::newRow("an image address") << QStringList{QStringLiteral("text/uri-list=") + image} << QStringList{image} << 0;
    QTest::newRow("a linked image from a browser: the image, then the link")
        << QStringList{QStringLiteral("text/uri-list=") + page,
                       QStringLiteral("text/html=<a href=\"%1\"><img alt=x src=\"%2?w=800&amp;q=80\"></a>").arg(page, image)}
        << QStringList{image + QStringLiteral("?w=800&q=80"), page} << 0;
    QTest::newRow("several images in HTML, relative ones left out")
        << QStringList{QStringLiteral("text/html=<img src='https://a.example/1.png'><IMG SRC=https://a.example/2.gif><img src=\"/rel.jpg\">")}
        << QStringList{QStringLiteral("https://a.example/1.png"), QStringLiteral("https://a.example/2.gif")} << 0;
    QTest::newRow("a responsive image: its largest candidate, as on a page")
        << QStringList{QStringLiteral("text/html=<img src=\"https://a.example/s.jpg\" srcset=\"https://a.example/m.jpg 800w, https://a.example/l.jpg 1600w\">")}
        << QStringList{QStringLiteral("https://a.example/l.jpg")} << 0;
    QTest::newRow("a lazily loaded image: the real address, not the placeholder")
        << QStringList{QStringLiteral("text/html=<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"https://a.example/real.jpg\">")}
        << QStringList{QStringLiteral("https://a.example/real.jpg")} << 0;
    QTest::newRow("addresses as text, one a line")
        << QStringList{QStringLiteral("text/plain=https://a.example/1.jpg\n  example.com/2.jpg \n")}
        << QStringList{QStringLiteral("https://a.example/1.jpg"), QStringLiteral("example.com/2.jpg")} << 0;
    QTest::newRow("files from a file manager") << QStringList{QStringLiteral("text/uri-list=file:///home/u/Pictures/a%20b.jpg")}
                                               << QStringList{QStringLiteral("/home/u/Pictures/a b.jpg")} << 0;
    QTest::newRow("image data alone") << QStringList{QStringLiteral("image/png=PNG")} << QStringList{} << 1;
    QTest::newRow("image data with its address: the address") << QStringList{QStringLiteral("image/png=PNG"), QStringLiteral("text/uri-list=") + image}
                                                                << QStringList{image} << 0;
    QTest::newRow("nothing usable") << QStringList{QStringLiteral("application/x-unknown=1")} << QStringList{} << 0;
}

void TestDroppedSources::whatIsOffered()
{
    QFETCH(QStringList, formats);
    QFETCH(QStringList, sources);
    QFETCH(int, images);
    QMimeData mime;
    for (const QString &pair : formats) {
        const QString type = pair.section(QLatin1Char('='), 0, 0);
        const QString value = pair.section(QLatin1Char('='), 1);
        if (type == QLatin1String("text/uri-list"))
            mime.setUrls({QUrl(value)});
        else if (type == QLatin1String("text/html"))
            mime.setHtml(value);
        else if (type == QLatin1String("text/plain"))
            mime.setText(value);
        else
            mime.setData(type, value == QLatin1String("PNG") ? png() : value.toUtf8());
    }
    const DroppedSources dropped = DroppedSources::from(&mime);
    QCOMPARE(dropped.sources, sources);
    QCOMPARE(dropped.images.size(), images);
    QCOMPARE(DroppedSources::offers(&mime), !formats.first().startsWith(QLatin1String("application/")));
}

void TestDroppedSources::imageDataIsSavedWithoutReplacingAnything()
{
    QTemporaryDir dir;
    const QString users = dir.filePath(QStringLiteral("Pasted image.png"));
    QFile mine(users);
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write("the user's own file");
    mine.close();

    QThreadPool pool;
    const QStringList saved = await(DroppedSources::saveImages({png(), QByteArray("not an image"), png()}, dir.path(), &pool));
    QCOMPARE(saved.size(), 2);   // the text is not saved
    for (const QString &path : saved) {
        QVERIFY(path != users);
        QVERIFY(path.endsWith(QLatin1String(".png")));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), png());
    }
    QVERIFY(mine.open(QIODevice::ReadOnly));
    QCOMPARE(mine.readAll(), QByteArray("the user's own file"));
}

void TestDroppedSources::aDropOnTheGalleryBecomesSources()
{
    GalleryView view;
    view.show();
    QSignalSpy sources(&view, &GalleryView::sourcesDropped);
    QSignalSpy images(&view, &GalleryView::imagesDropped);
    QMimeData mime;
    mime.setHtml(QStringLiteral("<img src=\"https://a.example/x.webp\">"));
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &drop);
    QCOMPARE(sources.count(), 1);
    QCOMPARE(sources.at(0).at(0).toStringList(), QStringList{QStringLiteral("https://a.example/x.webp")});

    QMimeData data;
    data.setData(QStringLiteral("image/png"), png());
    QDragEnterEvent dataEnter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &dataEnter);
    QDropEvent dataDrop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &dataDrop);
    QCOMPARE(images.count(), 1);
    QCOMPARE(sources.count(), 1);
}

void TestDroppedSources::tilesDragOutAsTheirOriginals()
{
    QStandardItemModel model;
    for (int i = 0; i < 3; ++i) {
        auto *item = new QStandardItem;
        item->setData(i == 2 ? QString() : QStringLiteral("/saved/%1.jpg").arg(i), GalleryModel::FileRole);
        item->setData(QUrl(QStringLiteral("https://a.example/%1.jpg").arg(i)), GalleryModel::UrlRole);
        model.appendRow(item);
    }
    const QModelIndexList all{model.index(0, 0), model.index(1, 0), model.index(2, 0)};
    std::unique_ptr<QMimeData> mime(GalleryView::originalsOf(all));
    QVERIFY(mime);
    QCOMPARE(mime->urls(), (QList<QUrl>{QUrl::fromLocalFile(QStringLiteral("/saved/0.jpg")), QUrl::fromLocalFile(QStringLiteral("/saved/1.jpg"))}));
    QVERIFY(mime->text().contains(QLatin1String("https://a.example/2.jpg")));
    QVERIFY(!GalleryView::originalsOf({model.index(2, 0)}));   // not saved yet: nothing to drag
}

QTEST_MAIN(TestDroppedSources)
#include "tst_droppedsources.moc"
