// The page picker against the demo server on 127.0.0.1: thumbnails load while the dialog is open,
// the filters decide what "Download selected" reports, and 5,000 references stay workable.
#include "app/pages/pagepickerdialog.h"
#include "app/pages/pagepickerfilter.h"
#include "app/pages/pagepickermodel.h"
#include "app/thumbnails/thumbnailcache.h"
#include "core/probe/guithreadwork.h"
#include "pipelinerig.h"
#include "testserver.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QPointer>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>

using namespace glint;
using glint::test::TestServer;

class TestPagePicker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void previewsLoadAndFiltersChooseWhatIsDownloaded();
    void fiveThousandReferencesStayWorkable();
    void closingWhileLoadingNeverBlocks();
    void thePreviewFolderGoesWhenTheDownloaderGoesFirst();

private:
    // The services the app would hand the dialog: its previews run on them.
    static test::RigSettings previewServices()
    {
        test::RigSettings o;
        o.noDataTimeoutMs = 5000;
        o.retryBaseMs = 50;
        return o;
    }
    static PagePickerDialog::PreviewFactory factoryOf(test::PipelineRig &rig)
    {
        return [&rig](const QString &dir) { return rig.another(dir); };
    }
    static QList<QUrl> demoImages(TestServer &server, int count)
    {
        QList<QUrl> urls;
        for (int i = 0; i < count; ++i)
            urls << server.demo().imageUrl(i);
        return urls;
    }
    // Some previews done (so decodes ran), the rest still arriving slowly.
    static void letSomeFinishThenSlowDown(PagePickerDialog &dialog, TestServer &server)
    {
        QTRY_VERIFY_WITH_TIMEOUT(dialog.previewPipeline()->count(Item::State::Done) >= 2, 60000);
        server.demo().http()->setRateKBps(8);
    }
    static bool allFinished(const PagePickerModel &model)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (!model.index(row).data(PagePickerModel::FinishedRole).toBool())
                return false;
        }
        return true;
    }
};

void TestPagePicker::previewsLoadAndFiltersChooseWhatIsDownloaded()
{
    constexpr int kCount = 8;
    TestServer server(kCount);
    QVERIFY(server.ok());
    QList<QUrl> urls = demoImages(server, kCount);
    const QUrl missing = server.url(QStringLiteral("/missing.jpg"));
    urls << missing;
    const QUrl page = server.url(QStringLiteral("/mixed.html"));   // not an image: fails, is not scanned
    urls << page;

    test::PipelineRig rig(previewServices());
    ThumbnailCache thumbnails(rig.decoder.pool(), {240, 180});
    PagePickerDialog dialog(server.demo().indexUrl(), urls, factoryOf(rig), &thumbnails);
    dialog.show();
    QCOMPARE(dialog.model()->rowCount(), kCount + 2);
    QCOMPARE(dialog.selectedUrls(), urls);   // everything is checked at first
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(*dialog.model()), 120000);

    for (int i = 0; i < kCount; ++i) {
        const QModelIndex index = dialog.model()->index(i);
        QVERIFY2(!index.data(Qt::DecorationRole).value<QPixmap>().isNull(), qPrintable(urls[i].toString()));
        QCOMPARE(index.data(PagePickerModel::WidthRole).toInt(), DemoGallery::spec(i).size.width());
    }
    QCOMPARE(dialog.model()->index(kCount).data(GalleryModel::StateRole).toInt(), int(Item::State::Failed));
    QCOMPARE(dialog.model()->index(kCount + 1).data(GalleryModel::StateRole).toInt(), int(Item::State::Failed));
    QCOMPARE(dialog.previewPipeline()->items().size(), urls.size());   // the page's own images were not added
    // The two whose previews failed unchecked themselves: downloading them would only fail again.
    QCOMPARE(dialog.selectedUrls(), urls.first(kCount));

    // Minimum width: the failed one has no size and goes, and so do the narrow ones.
    const int minWidth = 1000;
    QList<QUrl> wide;
    for (int i = 0; i < kCount; ++i) {
        if (DemoGallery::spec(i).size.width() >= minWidth)
            wide << urls[i];
    }
    QVERIFY(!wide.isEmpty() && wide.size() < kCount);
    dialog.filter()->setMinimumSize(minWidth, 0);
    QCOMPARE(dialog.selectedUrls(), wide);
    dialog.filter()->setMinimumSize(0, 0);

    // Format: from the bytes.
    QList<QUrl> pngs;
    for (int i = 0; i < kCount; ++i) {
        if (DemoGallery::spec(i).format == "png")
            pngs << urls[i];
    }
    QVERIFY(!pngs.isEmpty());
    dialog.filter()->setFormat(QStringLiteral("png"));
    QCOMPARE(dialog.selectedUrls(), pngs);
    dialog.filter()->setFormat(QString());

    // URL text, then checking and unchecking what is shown: the user's choice wins over a failure.
    dialog.filter()->setUrlText(QStringLiteral("MISSING"));
    QVERIFY(dialog.selectedUrls().isEmpty());
    dialog.selectAll(true);
    QCOMPARE(dialog.selectedUrls(), QList<QUrl>{missing});
    dialog.filter()->setUrlText(QStringLiteral("/images/"));   // the demo images only
    dialog.selectAll(false);
    dialog.filter()->setUrlText(QString());
    QCOMPARE(dialog.selectedUrls(), QList<QUrl>{missing});
    dialog.selectAll(true);
    const QList<QUrl> rest = urls;
    QCOMPARE(dialog.selectedUrls(), rest);

    QSignalSpy requested(&dialog, &PagePickerDialog::downloadRequested);
    dialog.accept();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toUrl(), server.demo().indexUrl());
    QCOMPARE(requested.first().at(1).value<QList<QUrl>>(), rest);
}

void TestPagePicker::fiveThousandReferencesStayWorkable()
{
    TestServer server(1);
    QVERIFY(server.ok());
    QList<QUrl> urls;
    for (int i = 0; i < 5000; ++i)
        urls << server.url(QStringLiteral("/nowhere/%1.jpg").arg(i));

    QElapsedTimer clock;
    clock.start();
    test::PipelineRig rig(previewServices());
    ThumbnailCache thumbnails(rig.decoder.pool(), {240, 180});
    PagePickerDialog dialog(server.url(QStringLiteral("/big.html")), urls, factoryOf(rig), &thumbnails);
    dialog.setCapped(true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    qInfo("5,000 tiles: dialog shown after %lld ms", qint64(clock.elapsed()));

    // Every URL reaches the preview pipeline in batches; meanwhile the event loop keeps turning.
    qint64 longestTurn = 0;
    QElapsedTimer turn;
    turn.start();
    while (dialog.previewPipeline()->items().size() < urls.size() && clock.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        longestTurn = qMax(longestTurn, turn.restart());
    }
    qInfo("all queued after %lld ms; longest event-loop turn %lld ms", qint64(clock.elapsed()), longestTurn);
    QCOMPARE(dialog.previewPipeline()->items().size(), urls.size());
    QCOMPARE(dialog.shownCount(), 5000);
    // Every one of them is a 404: those whose preview has failed by now have unchecked themselves.
    QCOMPARE(dialog.selectedUrls().size(), 5000 - dialog.previewPipeline()->count(Item::State::Failed));

    // Closing stops the previews: everything finishes (cancelled) quickly.
    dialog.reject();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.previewPipeline()->isIdle(), 30000);
}

// Closed mid-download and mid-decode (a slow server, decodes running): the dialog goes at once — no
// wait on another thread, no file work on the GUI thread — and its preview folder is removed later,
// by a worker.
void TestPagePicker::closingWhileLoadingNeverBlocks()
{
    constexpr int kCount = 24;
    TestServer server(kCount);
    QVERIFY(server.ok());
    const QList<QUrl> urls = demoImages(server, kCount);

    test::PipelineRig rig(previewServices());
    ThumbnailCache thumbnails(rig.decoder.pool(), {240, 180});
    QString previewDir;
    const PagePickerDialog::PreviewFactory factory = [&rig, &previewDir](const QString &dir) {
        previewDir = dir;
        return rig.another(dir);
    };
    QPointer<PagePickerDialog> dialog = new PagePickerDialog(server.demo().indexUrl(), urls, factory, &thumbnails);
    dialog->show();
    QVERIFY(!previewDir.isEmpty());
    letSomeFinishThenSlowDown(*dialog, server);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!dialog->previewPipeline()->isIdle());

    GuiThreadWork::reset();
    QElapsedTimer clock;
    clock.start();
    dialog->reject();
    delete dialog.data();   // what WA_DeleteOnClose does a moment later, here measured on its own
    qInfo("closing took %lld ms", qint64(clock.elapsed()));
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Wait), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::FileWrite), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Query), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(previewDir), 30000);
}

// At exit the downloader goes right after the window and its dialogs: the call that was to remove
// the preview folder once the cancels took effect may be dropped with it. The folder goes anyway.
void TestPagePicker::thePreviewFolderGoesWhenTheDownloaderGoesFirst()
{
    constexpr int kCount = 12;
    TestServer server(kCount);
    QVERIFY(server.ok());
    const QList<QUrl> urls = demoImages(server, kCount);
    test::PipelineRig rig(previewServices());
    ThumbnailCache thumbnails(rig.decoder.pool(), {240, 180});
    auto downloader = std::make_unique<Downloader>(test::PipelineRig::downloaderOptions(previewServices()));
    QString previewDir;
    const PagePickerDialog::PreviewFactory factory = [&](const QString &dir) {
        previewDir = dir;
        Pipeline::Options options;
        options.downloadDir = dir;
        return std::make_unique<Pipeline>(options, *downloader, rig.async);
    };
    auto *dialog = new PagePickerDialog(server.demo().indexUrl(), urls, factory, &thumbnails);
    dialog->show();
    letSomeFinishThenSlowDown(*dialog, server);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(QFileInfo::exists(previewDir));
    delete dialog;
    downloader.reset();   // at once: its thread ends, whatever it had not run yet is dropped
    QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(previewDir), 30000);
}

QTEST_MAIN(TestPagePicker)
#include "tst_pagepicker.moc"
