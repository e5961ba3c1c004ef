// The built-in viewer (issue 12), with real widgets offscreen, over a real pipeline, gallery model and
// filter, on real image files: what the user sees first, where next and previous go, that a held key
// builds no backlog, that Esc goes back to the tile, and that no decode ever runs on the GUI thread.
#include "app/gallerymodel.h"
#include "app/galleryview.h"
#include "app/thumbnails/thumbnailcache.h"
#include "app/viewer/imagecanvas.h"
#include "app/viewer/viewercache.h"
#include "app/viewer/vieweranimation.h"
#include "app/viewer/viewerloader.h"
#include "app/viewer/viewerpage.h"
#include "app/viewer/viewerstack.h"
#include "core/imaging/decodebudget.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/util/awaitfuture.h"
#include "pipelinerig.h"
#include "testapng.h"
#include "testserver.h"

#include <QImageWriter>
#include <QScopeGuard>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QWheelEvent>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <memory>

using namespace glint;

namespace {

constexpr int kImages = 40;                 // cat-00, dog-01, cat-02, … alternately
constexpr QSize kImageSize{1600, 1200};
constexpr QSize kWindow{800, 600};

QImage photo(int i, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(QColor::fromHsv((i * 37) % 360, 160, 200));
    QPainter painter(&image);
    painter.setPen(Qt::white);
    QFont font;
    font.setPixelSize(size.height() / 3);
    painter.setFont(font);
    painter.drawText(image.rect(), Qt::AlignCenter, QString::number(i));
    return image;
}

} // namespace

class TestViewer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void opensOnTheThumbnailThenShowsTheSharpImage();
    void nextAndPreviousFollowTheFilteredOrder();
    void holdingNextBuildsNoBacklogAndEndsSharpOnTheLast();
    void escapeReturnsToTheSameTile();
    void aTilesMenuViewsItsImage();
    void theCaptionSaysWhichImageOfHowMany();
    void aFailedItemShowsItsSentenceAndRetry();
    void zoomKeysChangeTheScale();
    void exifOrientationIsRespected();
    void anAnimatedGifPlaysWithFramesDecodedOffTheGuiThread();
    void anAnimatedPngPlaysToo();
    void anSvgIsRenderedAtTheWindowsSize();
    void anImageStillDownloadingShowsItsProgressThenAppears();
    void zoomPastTheDecodeBudgetSaysWhyAndKeepsTheImage();
    void aVeryLargeImageZoomedInDecodesOnlyThePartOnScreen();
    void aWindowResizedBackShowsTheImagePrefetchedAtItsSize();
    void aLoaderDestroyedMidDecodeLeavesNothingBehind();
    void theLastWantedWinsAndStaleDecodesEndUnheard();
    void noDecodeRanOnTheGuiThread();

private:
    int rowOf(const QString &name) const;
    ViewerPage *viewer() const { return m_stack->viewer(); }
    ImageCanvas *canvas() const { return viewer()->canvas(); }
    void openAt(int row);

    QTemporaryDir m_folder;
    std::unique_ptr<test::PipelineRig> m_rig;
    std::unique_ptr<ThumbnailCache> m_thumbnails;
    std::unique_ptr<GalleryModel> m_model;
    std::unique_ptr<QSortFilterProxyModel> m_proxy;
    std::unique_ptr<ViewerStack> m_stack;   // owns the gallery view
    GalleryView *m_gallery = nullptr;
};

void TestViewer::initTestCase()
{
    QVERIFY(m_folder.isValid());
    for (int i = 0; i < kImages; ++i) {
        const QString name = QStringLiteral("%1-%2.jpg").arg(i % 2 ? QStringLiteral("dog") : QStringLiteral("cat")).arg(i, 2, 10, QLatin1Char('0'));
        QVERIFY(photo(i, kImageSize).save(m_folder.filePath(name), "JPEG", 85));
    }
    // Stored 400×200 with an EXIF orientation that turns it: displayed 200×400.
    QImageWriter writer(m_folder.filePath(QStringLiteral("rot-turned.jpg")), "jpeg");
    writer.setTransformation(QImageIOHandler::TransformationRotate90);
    QVERIFY(writer.write(photo(99, {400, 200})));
    // Three frames of 50 ms, looping (written by ImageMagick: Qt has no GIF writer).
    QFile gif(m_folder.filePath(QStringLiteral("anim-3.gif")));
    QVERIFY(gif.open(QIODevice::WriteOnly));
    gif.write(QByteArray::fromBase64(
        "R0lGODlhQAAwAPAAAP8AAAAAACH5BAAFAAAAIf8LTkVUU0NBUEUyLjADAQAAACwAAAAAQAAwAAACOYSPqcvtD6OctNqLs968+w+G4kiW5omm6sq27gvH"
        "8kzX9o3n+s73/g8MCofEovGITCqXzKbzCY0mCwAh+QQABQAAACwAAAAAQAAwAIAAAP8AAAACOYSPqcvtD6OctNqLs968+w+G4kiW5omm6sq27gvH8kzX"
        "9o3n+s73/g8MCofEovGITCqXzKbzCY0mCwAh+QQABQAAACwAAAAAQAAwAIAAgAAAAAACOYSPqcvtD6OctNqLs968+w+G4kiW5omm6sq27gvH8kzX9o3n"
        "+s73/g8MCofEovGITCqXzKbzCY0mCwA7"));
    gif.close();
    // An animated PNG, which Qt's PNG handler would show as a still image.
    QFile apng(m_folder.filePath(QStringLiteral("anim-4.png")));
    QVERIFY(apng.open(QIODevice::WriteOnly));
    apng.write(test::fourFrameApng());
    apng.close();
    // A drawing 100×50 by its own measure: rendered at the window's size, not upscaled pixels.
    QFile svg(m_folder.filePath(QStringLiteral("shape.svg")));
    QVERIFY(svg.open(QIODevice::WriteOnly));
    svg.write("<svg xmlns='http://www.w3.org/2000/svg' width='100' height='50' viewBox='0 0 100 50'>"
              "<rect width='100' height='50' fill='navy'/><circle cx='50' cy='25' r='20' fill='gold'/></svg>");
    svg.close();
    // Too big for a small decode budget at full resolution (2400×1800×4 > 64 MB / 4), fine at the window's size.
    QVERIFY(photo(7, {2400, 1800}).save(m_folder.filePath(QStringLiteral("zbig.jpg")), "JPEG", 85));
    // 20 MP: zoomed in, decoded a region at a time (80 MB whole is above the viewer's region threshold).
    QVERIFY(photo(8, {5000, 4000}).save(m_folder.filePath(QStringLiteral("zhuge.jpg")), "JPEG", 80));
    // A file that claims to be a JPEG and is not: a failed item with a sentence.
    QFile broken(m_folder.filePath(QStringLiteral("zz-broken.jpg")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(QByteArray("\xff\xd8\xff\xe0 this is not really a JPEG", 30) + QByteArray(2000, 'x'));
    broken.close();

    test::RigSettings settings;
    settings.downloadDir = m_folder.filePath(QStringLiteral("unused"));
    m_rig = std::make_unique<test::PipelineRig>(settings);
    m_thumbnails = std::make_unique<ThumbnailCache>(m_rig->decoder.pool(), ThumbnailDecoder::kThumbnailBox);
    m_model = std::make_unique<GalleryModel>(&m_rig->pipeline, m_thumbnails.get());
    m_proxy = std::make_unique<QSortFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->setFilterRole(GalleryModel::UrlRole);
    m_proxy->sort(0);   // by name: the order the tests reason about
    m_gallery = new GalleryView;
    m_gallery->setModel(m_proxy.get());
    m_stack = std::make_unique<ViewerStack>(m_gallery, m_rig->decoder.pool());
    m_stack->attach(m_gallery, [this](const QModelIndex &index) {
        m_rig->pipeline.retry(m_proxy->mapToSource(index).row());
    });
    m_stack->resize(kWindow);
    m_stack->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_stack.get()));

    GuiThreadWork::reset();
    QSignalSpy idle(&m_rig->pipeline, &Pipeline::idle);
    m_rig->pipeline.addSource(m_folder.path());
    QVERIFY(idle.wait(60000));
    QCOMPARE(m_proxy->rowCount(), kImages + 7);
}

void TestViewer::init()
{
    m_proxy->setFilterFixedString(QString());
    viewer()->cache().clear();   // each test starts with nothing prefetched
}

void TestViewer::cleanup()
{
    viewer()->close();
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
}

int TestViewer::rowOf(const QString &name) const
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        if (m_proxy->index(row, 0).data(Qt::DisplayRole).toString() == name)
            return row;
    }
    return -1;
}

void TestViewer::openAt(int row)
{
    const QModelIndex index = m_proxy->index(row, 0);
    QVERIFY(index.isValid());
    m_gallery->setCurrentIndex(index);
    m_gallery->setFocus();
    QTest::keyClick(m_gallery, Qt::Key_Return);   // as the user opens it
    QVERIFY(m_stack->isViewing());
    QCOMPARE(viewer()->current().row(), row);
}

void TestViewer::opensOnTheThumbnailThenShowsTheSharpImage()
{
    openAt(rowOf(QStringLiteral("cat-00.jpg")));
    // At once, before any decode could come back: the tile's thumbnail, scaled up.
    QVERIFY(canvas()->hasPixmap());
    QVERIFY(canvas()->isPreview());
    QCOMPARE(canvas()->pixmap().size(), QSize(240, 180));
    QVERIFY(!canvas()->isSharp());
    QSignalSpy painted(viewer(), &ViewerPage::framePainted);
    // Then the sharp image, decoded at the window's size in device pixels (not the original's).
    QTRY_VERIFY(canvas()->isSharp());
    const QSize box = canvas()->deviceBox();
    QCOMPARE(canvas()->pixmap().size(), kImageSize.scaled(box, Qt::KeepAspectRatio));
    QTRY_VERIFY(!painted.isEmpty() && painted.last().at(1).toBool());
}

void TestViewer::nextAndPreviousFollowTheFilteredOrder()
{
    m_proxy->setFilterFixedString(QStringLiteral("dog-"));
    QCOMPARE(m_proxy->rowCount(), kImages / 2);
    openAt(0);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-01.jpg"));
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-03.jpg"));
    QTest::keyClick(viewer(), Qt::Key_Space);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-05.jpg"));
    QTest::keyClick(viewer(), Qt::Key_Left);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-03.jpg"));
    QTest::keyClick(viewer(), Qt::Key_Backspace);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-01.jpg"));
    QTest::keyClick(viewer(), Qt::Key_End);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-39.jpg"));
    QTest::keyClick(viewer(), Qt::Key_Home);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-01.jpg"));
    // The wheel: a notch down is the next image.
    QWheelEvent wheel(QPointF(100, 100), viewer()->mapToGlobal(QPointF(100, 100)), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewer(), &wheel);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-03.jpg"));
    // The neighbour in the direction of travel is prefetched (once the quick steps above pause): the
    // next step is sharp at once.
    QTRY_VERIFY(canvas()->isSharp());
    const QModelIndex next = m_proxy->index(viewer()->current().row() + 1, 0);
    const QString nextKey = ViewerCache::keyOf(next.data(GalleryModel::FileRole).toString(), canvas()->deviceBox());
    QTRY_VERIFY(viewer()->cache().contains(nextKey));
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), QStringLiteral("dog-05.jpg"));
    QVERIFY(canvas()->isSharp());
}

void TestViewer::holdingNextBuildsNoBacklogAndEndsSharpOnTheLast()
{
    const int first = rowOf(QStringLiteral("cat-00.jpg"));
    openAt(first);
    for (int i = 0; i < 30; ++i) {
        QTest::keyClick(viewer(), Qt::Key_Right);
        // A held key: other events are handled between repeats, but no decode can finish in between.
        QCoreApplication::processEvents();
        QVERIFY2(viewer()->loader()->inFlight() <= ViewerLoader::kMaxInFlight, qPrintable(QString::number(viewer()->loader()->inFlight())));
    }
    QVERIFY(viewer()->loader()->peakInFlight() <= ViewerLoader::kMaxInFlight);
    QCOMPARE(viewer()->current().row(), first + 30);
    QTRY_VERIFY(canvas()->isSharp());
    QCOMPARE(viewer()->current().row(), first + 30);
    QCOMPARE(canvas()->pixmap().size(), kImageSize.scaled(canvas()->deviceBox(), Qt::KeepAspectRatio));
    // The prefetch settles: nothing left running, nothing queued behind it.
    QTRY_COMPARE(viewer()->loader()->inFlight(), 0);
}

void TestViewer::escapeReturnsToTheSameTile()
{
    const int row = rowOf(QStringLiteral("cat-04.jpg"));
    openAt(row);
    QTest::keyClick(viewer(), Qt::Key_Right);
    QTest::keyClick(viewer(), Qt::Key_Right);
    QSignalSpy closed(viewer(), &ViewerPage::closed);
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QCOMPARE(closed.count(), 1);
    QVERIFY(!m_stack->isViewing());
    QCOMPARE(m_stack->currentWidget(), m_gallery);
    // The tile of the image seen last is the current one in the gallery.
    QCOMPARE(m_gallery->currentIndex().row(), row + 2);
    QCOMPARE(m_gallery->currentIndex().data(Qt::DisplayRole).toString(), QStringLiteral("cat-08.jpg"));   // sorted by name: the cats come first
}

// The context menu's first entry, in bold, is what Enter and a double click do.
void TestViewer::aTilesMenuViewsItsImage()
{
    const int row = rowOf(QStringLiteral("dog-05.jpg"));
    const QRect tile = m_gallery->visualRect(m_proxy->index(row, 0));
    QVERIFY(tile.isValid());
    QContextMenuEvent event(QContextMenuEvent::Mouse, tile.center(), m_gallery->viewport()->mapToGlobal(tile.center()));
    QCoreApplication::sendEvent(m_gallery->viewport(), &event);
    QMenu *menu = nullptr;
    for (QMenu *candidate : m_gallery->findChildren<QMenu *>()) {
        if (candidate->isVisible())
            menu = candidate;
    }
    QVERIFY(menu);
    QAction *view = menu->actions().value(0);
    QVERIFY(view);
    QCOMPARE(view->text(), QStringLiteral("View"));
    QCOMPARE(menu->defaultAction(), view);
    view->trigger();
    menu->close();
    QVERIFY(m_stack->isViewing());
    QCOMPARE(viewer()->current().row(), row);
}

void TestViewer::theCaptionSaysWhichImageOfHowMany()
{
    // For the window's status bar: the image has the whole window while viewing.
    QCOMPARE(viewer()->caption(), QString());
    QSignalSpy caption(viewer(), &ViewerPage::captionChanged);
    const int rows = m_proxy->rowCount();
    const int row = rowOf(QStringLiteral("cat-04.jpg"));
    openAt(row);
    const QString first = QStringLiteral("cat-04.jpg — %1 of %2").arg(row + 1).arg(rows);
    QCOMPARE(viewer()->caption(), first);
    QCOMPARE(caption.count(), 1);
    QCOMPARE(caption.last().at(0).toString(), first);
    QTest::keyClick(viewer(), Qt::Key_Right);
    QCOMPARE(caption.count(), 2);
    QCOMPARE(caption.last().at(0).toString(), QStringLiteral("cat-06.jpg — %1 of %2").arg(row + 2).arg(rows));
    // Fewer rows (a filter typed in the gallery behind, the image still among them): the count follows.
    m_proxy->setFilterFixedString(QStringLiteral("cat-"));
    QVERIFY(viewer()->isOpen());
    QVERIFY(m_proxy->rowCount() < rows);
    QCOMPARE(caption.last().at(0).toString(), QStringLiteral("cat-06.jpg — %1 of %2").arg(viewer()->current().row() + 1).arg(m_proxy->rowCount()));
    QTest::keyClick(viewer(), Qt::Key_Escape);
    QCOMPARE(viewer()->caption(), QString());
    QCOMPARE(caption.last().at(0).toString(), QString());
    QVERIFY(!ViewerPage::keyHint().isEmpty());
}

void TestViewer::aFailedItemShowsItsSentenceAndRetry()
{
    const int row = rowOf(QStringLiteral("zz-broken.jpg"));
    QVERIFY(row >= 0);
    const QModelIndex index = m_proxy->index(row, 0);
    QCOMPARE(index.data(GalleryModel::StateRole).toInt(), int(Item::State::Failed));
    const QString sentence = index.data(GalleryModel::ErrorRole).toString();
    QVERIFY(!sentence.isEmpty());
    openAt(row);
    QCOMPARE(viewer()->statusText(), sentence);
    QVERIFY(viewer()->isRetryVisible());
    // Retry goes to the pipeline; the item fails again (same bytes), with its sentence again.
    QSignalSpy changed(&m_rig->pipeline, &Pipeline::itemChanged);
    auto *retry = viewer()->findChild<QPushButton *>();
    QVERIFY(retry);
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY(!changed.isEmpty());
    QTRY_COMPARE(viewer()->current().data(GalleryModel::StateRole).toInt(), int(Item::State::Failed));
    QTRY_COMPARE(viewer()->statusText(), sentence);
}

void TestViewer::zoomKeysChangeTheScale()
{
    openAt(rowOf(QStringLiteral("cat-02.jpg")));
    QTRY_VERIFY(canvas()->isSharp());
    const double fit = canvas()->scale();
    const QSize box = canvas()->deviceBox();
    QCOMPARE(canvas()->mode(), ImageCanvas::Mode::Fit);
    QCOMPARE(fit, qMin(1.0, qMin(double(box.width()) / kImageSize.width(), double(box.height()) / kImageSize.height())));
    QVERIFY(!canvas()->isZoomedIn());

    QTest::keyClick(viewer(), Qt::Key_1);   // 1:1: a device pixel per pixel, the full resolution decoded
    QCOMPARE(canvas()->mode(), ImageCanvas::Mode::Actual);
    QCOMPARE(canvas()->scale(), 1.0);
    QCOMPARE(canvas()->isZoomedIn(), fit < 1.0);
    QTRY_VERIFY(canvas()->isSharp());
    QCOMPARE(canvas()->pixmap().size(), kImageSize);

    QTest::keyClick(viewer(), Qt::Key_Plus);
    QVERIFY(qAbs(canvas()->scale() - 1.25) < 1e-9);
    QTest::keyClick(viewer(), Qt::Key_Minus);
    QTest::keyClick(viewer(), Qt::Key_Minus);
    QVERIFY(qAbs(canvas()->scale() - 0.8) < 1e-9);

    QTest::keyClick(viewer(), Qt::Key_F);   // fill: the window covered
    QCOMPARE(canvas()->mode(), ImageCanvas::Mode::Fill);
    QCOMPARE(canvas()->scale(), qMax(double(box.width()) / kImageSize.width(), double(box.height()) / kImageSize.height()));

    QTest::keyClick(viewer(), Qt::Key_0);   // back to fit
    QCOMPARE(canvas()->scale(), fit);

    // Ctrl+wheel zooms about the cursor.
    QWheelEvent wheel(QPointF(10, 10), viewer()->mapToGlobal(QPointF(10, 10)), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewer(), &wheel);
    QVERIFY(qAbs(canvas()->scale() - fit * 1.25) < 1e-9);
    QCOMPARE(canvas()->mode(), ImageCanvas::Mode::Custom);
}

void TestViewer::exifOrientationIsRespected()
{
    openAt(rowOf(QStringLiteral("rot-turned.jpg")));
    QTRY_VERIFY(canvas()->isSharp());
    QCOMPARE(canvas()->fullSize(), QSize(200, 400));
    QCOMPARE(canvas()->pixmap().size(), QSize(200, 400));   // small: shown 1:1, not upscaled
}

void TestViewer::anAnimatedGifPlaysWithFramesDecodedOffTheGuiThread()
{
    openAt(rowOf(QStringLiteral("anim-3.gif")));
    QTRY_VERIFY(viewer()->animation()->isPlaying());
    // Past the last of its three frames: it loops.
    QTRY_VERIFY(viewer()->animation()->framesShown() >= 4);
    QVERIFY(canvas()->isSharp());
    QCOMPARE(canvas()->pixmap().size(), QSize(64, 48));
    QTest::keyClick(viewer(), Qt::Key_Right);   // moving on stops it (the APNG next plays on its own)
    QTest::keyClick(viewer(), Qt::Key_Right);   // and a still photo after it plays nothing
    QVERIFY(!viewer()->animation()->isPlaying());
}

void TestViewer::anAnimatedPngPlaysToo()
{
    openAt(rowOf(QStringLiteral("anim-4.png")));
    QTRY_VERIFY(viewer()->animation()->isPlaying());
    QTRY_VERIFY(viewer()->animation()->framesShown() >= 5);   // four frames, then the first again
    QCOMPARE(canvas()->pixmap().size(), QSize(16, 16));
    QTest::keyClick(viewer(), Qt::Key_Right);
    QVERIFY(!viewer()->animation()->isPlaying());
}

void TestViewer::anSvgIsRenderedAtTheWindowsSize()
{
    const int row = rowOf(QStringLiteral("shape.svg"));
    QVERIFY(row >= 0);
    QCOMPARE(m_proxy->index(row, 0).data(GalleryModel::StateRole).toInt(), int(Item::State::Done));
    openAt(row);
    QTRY_VERIFY(canvas()->isSharp());
    QCOMPARE(canvas()->pixmap().size(), QSize(100, 50).scaled(canvas()->deviceBox(), Qt::KeepAspectRatio));
}

void TestViewer::anImageStillDownloadingShowsItsProgressThenAppears()
{
    test::TestServer server(4);
    QVERIFY(server.ok());
    server.demo().http()->setRateKBps(100);   // its 4000×3000 JPEG takes a few seconds
    const QString name = DemoGallery::spec(3).fileName();
    m_rig->pipeline.addSource(server.url(QStringLiteral("images/") + name).toString());
    QTRY_VERIFY(rowOf(name) >= 0);
    openAt(rowOf(name));
    QVERIFY(viewer()->current().data(GalleryModel::StateRole).toInt() != int(Item::State::Done));
    QVERIFY(!viewer()->statusText().isEmpty());   // "Waiting to download…" or "Downloading… n %"
    QVERIFY(!viewer()->isRetryVisible());
    QTRY_VERIFY(viewer()->statusText().startsWith(QStringLiteral("Downloading")));
    // Ready: the status goes, the image appears sharp, without a key pressed.
    QTRY_VERIFY_WITH_TIMEOUT(viewer()->current().data(GalleryModel::StateRole).toInt() == int(Item::State::Done), 60000);
    QTRY_VERIFY(canvas()->isSharp());
    QVERIFY(viewer()->statusText().isEmpty());
    QCOMPARE(canvas()->fullSize(), QSize(4000, 3000));
    QCOMPARE(viewer()->current().data(Qt::DisplayRole).toString(), name);
}

void TestViewer::zoomPastTheDecodeBudgetSaysWhyAndKeepsTheImage()
{
    if (viewer()->devicePixelRatioF() > 1)
        QSKIP("The smallest decode budget (64 MB) cannot hold a window-size decode at this device pixel ratio");
    DecodeBudget::setLimit(64LL * 1024 * 1024);   // a quarter of it per image: 16 MB
    const auto restore = qScopeGuard([] { DecodeBudget::setLimit(DecodeBudget::kDefaultBytes); });
    openAt(rowOf(QStringLiteral("zbig.jpg")));
    QTRY_VERIFY(canvas()->isSharp());   // the window's size: a scaled decode, well within
    const QSize screen = canvas()->pixmap().size();
    QTest::keyClick(viewer(), Qt::Key_1);
    QTRY_VERIFY(!viewer()->fullResolutionFailure().isEmpty());
    QCOMPARE(viewer()->fullResolutionFailure(), Failure::bytes(Failure::Kind::OverBudget, 0, 2400LL * 1800 * 4).describe());
    QCOMPARE(canvas()->pixmap().size(), screen);   // still shown, upscaled, not blank
    QVERIFY(!canvas()->isSharp());
    QTRY_COMPARE(viewer()->loader()->inFlight(), 0);   // and not tried again and again
    QVERIFY(!canvas()->isSharp());
}

void TestViewer::aVeryLargeImageZoomedInDecodesOnlyThePartOnScreen()
{
    const int row = rowOf(QStringLiteral("zhuge.jpg"));
    const QString file = m_proxy->index(row, 0).data(GalleryModel::FileRole).toString();
    openAt(row);
    QTRY_VERIFY(canvas()->isSharp());
    QTest::keyClick(viewer(), Qt::Key_1);
    QVERIFY(!canvas()->isSharp());
    QTRY_VERIFY(canvas()->isSharp());
    QVERIFY(canvas()->hasDetail());
    // The window and a quarter around it at 1:1, not 20 MP.
    const QSize detail = canvas()->detail().size();
    const QSize box = canvas()->deviceBox();
    QVERIFY2(qint64(detail.width()) * detail.height() <= qint64(box.width() * 3 / 2 + 2) * (box.height() * 3 / 2 + 2),
             qPrintable(QStringLiteral("%1×%2").arg(detail.width()).arg(detail.height())));
    QVERIFY(!viewer()->cache().contains(ViewerCache::keyOf(file, QSize())));   // never decoded whole
    // Panned far past the part decoded: the new part comes, sharp again.
    for (int i = 0; i < 25; ++i)
        QTest::keyClick(viewer(), Qt::Key_Right);
    QTRY_VERIFY(canvas()->isSharp());
    QVERIFY(canvas()->hasDetail());
    QVERIFY(!viewer()->cache().contains(ViewerCache::keyOf(file, QSize())));
}

void TestViewer::aWindowResizedBackShowsTheImagePrefetchedAtItsSize()
{
    const int row = rowOf(QStringLiteral("cat-10.jpg"));
    openAt(row);
    const QSize box = canvas()->deviceBox();
    const QString next = m_proxy->index(row + 1, 0).data(GalleryModel::FileRole).toString();
    QTRY_VERIFY(viewer()->cache().contains(ViewerCache::keyOf(next, box)));
    // Smaller while stepping (the image is not in the cache at this size: the thumbnail shows) …
    m_stack->resize(kWindow - QSize(100, 100));
    QTRY_VERIFY(canvas()->deviceBox() != box);
    QTest::keyClick(viewer(), Qt::Key_Right);
    // … and back: the image prefetched at this size is shown, whatever the smaller decode does.
    m_stack->resize(kWindow);
    QTRY_COMPARE(canvas()->deviceBox(), box);
    QTRY_VERIFY(canvas()->isSharp());
    QCOMPARE(canvas()->pixmap().size(), kImageSize.scaled(box, Qt::KeepAspectRatio));
}

// Each decode is a coroutine owned by the loader (ViewerLoader::decode): destroyed with decodes queued,
// running and finished but not yet delivered, it leaves no wait behind, and the results that come
// later reach nothing (ASan and LeakSanitizer check it under scripts/sanitize).
void TestViewer::aLoaderDestroyedMidDecodeLeavesNothingBehind()
{
    QTRY_COMPARE(suspendedWaits(), 0);   // what the tests before left running (the closed viewer's decodes)
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    ViewerCache cache;
    const QStringList files{m_folder.filePath(QStringLiteral("zhuge.jpg")), m_folder.filePath(QStringLiteral("zbig.jpg")),
                            m_folder.filePath(QStringLiteral("cat-00.jpg")), m_folder.filePath(QStringLiteral("dog-01.jpg"))};
    for (int delayMs : {0, 1, 5, 20, 60}) {
        cache.clear();
        auto loader = std::make_unique<ViewerLoader>(&pool, &cache);
        QList<ViewerLoader::Request> wanted;
        for (const QString &file : files)
            wanted << ViewerLoader::Request{file, QSize(), {}};   // full resolution: decodes that take a while
        loader->setWanted(wanted);
        QCOMPARE(loader->inFlight(), ViewerLoader::kMaxInFlight);
        QCOMPARE(suspendedWaits(), ViewerLoader::kMaxInFlight);
        QTest::qWait(delayMs);
        loader.reset();
        QCOMPARE(suspendedWaits(), 0);   // every decode resumed, only to end
    }
    QTRY_COMPARE(pool.activeThreadCount(), 0);   // the running decodes stop at their next read
    QTest::qWait(20);
    QCOMPARE(suspendedWaits(), 0);
}

void TestViewer::theLastWantedWinsAndStaleDecodesEndUnheard()
{
    QTRY_COMPARE(suspendedWaits(), 0);
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    ViewerCache cache;
    ViewerLoader loader(&pool, &cache);
    QSignalSpy ready(&loader, &ViewerLoader::ready);
    // A held key: each step wants one image, and the one before is dropped at once.
    for (int i = 0; i < 12; ++i)
        loader.setWanted({ViewerLoader::Request{m_folder.filePath(QStringLiteral("zhuge.jpg")), QSize(100 + i, 80), {}}});
    const ViewerLoader::Request last{m_folder.filePath(QStringLiteral("cat-02.jpg")), QSize(400, 300), {}};
    loader.setWanted({last});
    QVERIFY(loader.inFlight() <= ViewerLoader::kMaxInFlight);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().at(0).toString(), last.key());   // only the last key's image came
    QTRY_COMPARE(loader.inFlight(), 0);
    QTest::qWait(20);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(suspendedWaits(), 0);
}

void TestViewer::noDecodeRanOnTheGuiThread()
{
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Wait), 0);
}

QTEST_MAIN(TestViewer)
#include "tst_viewer.moc"
