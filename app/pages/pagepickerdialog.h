#pragma once
// Lets the user choose which images of a web page to download. It shows every image URL found as a
// tile whose thumbnail loads in the background (a preview Pipeline of its own, the tiles the user
// can see first), with filters (minimum width and height, format, text the URL contains), check
// boxes (all checked at first), Select all / Select none and "Download selected".
//
// Threads: GUI thread only; the preview's downloads and decodes run where Pipeline runs them (the
// application's one downloader and decode pool: the factory makes a pipeline on those services).
// Lifetime: the preview saves originals in a temporary folder under CacheLocation; closing the
// dialog in any way cancels what is still loading, and destroying it removes the folder (on a
// worker thread, once the cancels have reached the network thread, so no download makes it again).
// "Download selected" only reports the choice — the caller downloads.
#include "core/pipeline/pipeline.h"
#include "core/util/turnslices.h"

#include <QDialog>
#include <QList>
#include <QUrl>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSpinBox;
class QTemporaryDir;
class QTimer;

namespace glint {

class PagePickerFilter;
class PagePickerModel;
class ThumbnailCache;

class PagePickerDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagePickerDialog)
public:
    // Makes the preview pipeline that saves into the given folder (Application::makePreviewPipeline:
    // the shared downloader and its HTTP cache, so the chosen images come from the cache afterwards).
    using PreviewFactory = std::function<std::unique_ptr<Pipeline>(const QString &downloadDir)>;
    // thumbnails: the application's shared cache (the previews' pixmaps live there, within its budget).
    PagePickerDialog(const QUrl &page, const QList<QUrl> &images, const PreviewFactory &makePreview,
                     ThumbnailCache *thumbnails, QWidget *parent = nullptr);
    ~PagePickerDialog() override;

    QUrl page() const { return m_page; }
    // Checked and shown by the filters, in page order.
    QList<QUrl> selectedUrls() const;
    int shownCount() const;
    // Say that the page had more images than were listed (PageScan::capped).
    void setCapped(bool capped);

    // For tests and for callers that preset filters.
    PagePickerModel *model() const { return m_model; }
    PagePickerFilter *filter() const { return m_filter; }
    Pipeline *previewPipeline() const { return m_preview.get(); }
    void selectAll(bool checked);

Q_SIGNALS:
    // On "Download selected", before the dialog closes.
    void downloadRequested(const QUrl &page, const QList<QUrl> &urls);

public Q_SLOTS:
    void done(int result) override;

private:
    bool addNextBatch();   // true while images wait for the preview
    void applyFilters();
    void scheduleUpdate();
    void updateCountAndVisibleRows();
    void toggle(const QModelIndex &proxyIndex);

    QUrl m_page;
    QList<QUrl> m_pending;          // image URLs not yet handed to the preview pipeline
    qsizetype m_nextPending = 0;
    std::unique_ptr<QTemporaryDir> m_previewDir;
    std::unique_ptr<Pipeline> m_preview;   // after m_previewDir: destroyed before the folder goes
    PagePickerModel *m_model = nullptr;
    PagePickerFilter *m_filter = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_count = nullptr;
    QSpinBox *m_minWidth = nullptr;
    QSpinBox *m_minHeight = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_urlText = nullptr;
    QPushButton *m_download = nullptr;
    QTimer *m_updateTimer = nullptr;
    bool m_capped = false;
    TurnSlices m_batches{[this] { return addNextBatch(); }};   // a batch per event-loop turn
};

} // namespace glint
