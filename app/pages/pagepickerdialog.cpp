#include "app/pages/pagepickerdialog.h"

#include "app/pages/pagepickerdelegate.h"
#include "app/pages/pagepickerfilter.h"
#include "app/pages/pagepickermodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>
#include <utility>
#include <climits>

namespace glint {
namespace {

// Sources handed to the preview pipeline per event-loop turn: the dialog paints at once and stays
// responsive while 5,000 URLs are queued.
constexpr int kBatch = 250;

QSpinBox *sizeBox(QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(0, 20000);
    box->setSingleStep(50);
    box->setSuffix(QStringLiteral(" px"));
    box->setSpecialValueText(QObject::tr("any"));
    box->setAccelerated(true);
    return box;
}

} // namespace

PagePickerDialog::PagePickerDialog(const QUrl &page, const QList<QUrl> &images, const PreviewFactory &makePreview,
                                   ThumbnailCache *thumbnails, QWidget *parent)
    : QDialog(parent), m_page(page), m_pending(images)
{
    setWindowTitle(tr("Images on %1").arg(page.host().isEmpty() ? page.toDisplayString() : page.host()));
    resize(1060, 720);

    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QDir().mkpath(cache);
    m_previewDir = std::make_unique<QTemporaryDir>(QDir(cache).filePath(QStringLiteral("page-preview-XXXXXX")));
    m_previewDir->setAutoRemove(false);   // removed on a worker when the dialog goes
    m_preview = makePreview(m_previewDir->isValid() ? m_previewDir->path() : QDir::tempPath());

    m_model = new PagePickerModel(images, m_preview.get(), thumbnails, this);
    m_filter = new PagePickerFilter(this);
    m_filter->setSourceModel(m_model);

    m_heading = new QLabel(this);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true);

    m_minWidth = sizeBox(this);
    m_minHeight = sizeBox(this);
    m_format = new QComboBox(this);
    m_format->addItem(tr("Any format"), QString());
    m_format->addItem(QStringLiteral("JPEG"), QStringLiteral("jpeg"));
    m_format->addItem(QStringLiteral("PNG"), QStringLiteral("png"));
    m_format->addItem(QStringLiteral("GIF"), QStringLiteral("gif"));
    m_format->addItem(QStringLiteral("WebP"), QStringLiteral("webp"));
    m_format->addItem(QStringLiteral("SVG"), QStringLiteral("svg"));
    m_format->addItem(tr("Other"), QStringLiteral("other"));
    m_urlText = new QLineEdit(this);
    m_urlText->setPlaceholderText(tr("URL contains…"));
    m_urlText->setClearButtonEnabled(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Min width"), this));
    filters->addWidget(m_minWidth);
    filters->addWidget(new QLabel(tr("Min height"), this));
    filters->addWidget(m_minHeight);
    filters->addWidget(m_format);
    filters->addWidget(m_urlText, 1);

    m_view = new QListView(this);
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);   // layout stays cheap with 5,000 tiles
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(500);
    m_view->setSpacing(4);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setMouseTracking(true);
    m_view->viewport()->setAttribute(Qt::WA_Hover);
    m_view->setItemDelegate(new PagePickerDelegate(m_view));
    m_view->setModel(m_filter);

    auto *all = new QPushButton(tr("Select &all"), this);
    auto *none = new QPushButton(tr("Select &none"), this);
    m_count = new QLabel(this);
    auto *buttons = new QDialogButtonBox(this);
    m_download = buttons->addButton(tr("&Download selected"), QDialogButtonBox::AcceptRole);
    m_download->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(all);
    bottom->addWidget(none);
    bottom->addWidget(m_count, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);

    m_updateTimer = new QTimer(this);
    m_updateTimer->setSingleShot(true);
    m_updateTimer->setInterval(30);   // coalesces the bursts of changes a loading page makes
    connect(m_updateTimer, &QTimer::timeout, this, &PagePickerDialog::updateCountAndVisibleRows);

    connect(m_minWidth, &QSpinBox::valueChanged, this, &PagePickerDialog::applyFilters);
    connect(m_minHeight, &QSpinBox::valueChanged, this, &PagePickerDialog::applyFilters);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PagePickerDialog::applyFilters);
    connect(m_urlText, &QLineEdit::textChanged, this, &PagePickerDialog::applyFilters);
    connect(all, &QPushButton::clicked, this, [this] { selectAll(true); });
    connect(none, &QPushButton::clicked, this, [this] { selectAll(false); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_view, &QListView::clicked, this, &PagePickerDialog::toggle);
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(space, &QShortcut::activated, this, [this] { toggle(m_view->currentIndex()); });

    connect(m_model, &PagePickerModel::checksChanged, this, &PagePickerDialog::scheduleUpdate);
    // An image URL that answered with a page would preview that page's images too: not wanted.
    // Queued: the pipeline starts the item's download only after announcing it.
    connect(m_model, &PagePickerModel::foreignItemAdded, this, [this](int row) {
        if (m_preview)
            m_preview->cancel(row);
    }, Qt::QueuedConnection);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &PagePickerDialog::scheduleUpdate);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &PagePickerDialog::scheduleUpdate);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &PagePickerDialog::scheduleUpdate);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &PagePickerDialog::scheduleUpdate);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &PagePickerDialog::scheduleUpdate);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &PagePickerDialog::scheduleUpdate);

    setCapped(false);
    updateCountAndVisibleRows();
    m_batches.schedule();
}

namespace {

// Removes a folder on a pool thread when asked. Never asked (the Downloader was destroyed first, at
// exit, and dropped the call that would have asked), it removes it where it is dropped: the network
// thread, as it ends. Either way the preview folder does not outlive Glint.
class FolderRemoval {
    Q_DISABLE_COPY_MOVE(FolderRemoval)
public:
    explicit FolderRemoval(QString path) : m_path(std::move(path)) {}
    ~FolderRemoval()
    {
        if (!m_path.isEmpty())
            QDir(m_path).removeRecursively();
    }
    void startOnPool()
    {
        QThreadPool::globalInstance()->start([path = std::exchange(m_path, {})] { QDir(path).removeRecursively(); });
    }

private:
    QString m_path;
};

} // namespace

PagePickerDialog::~PagePickerDialog()
{
    Downloader *downloader = m_preview ? &m_preview->downloader() : nullptr;
    m_preview.reset();   // cancels what still loads before its folder goes
    if (!m_previewDir || !m_previewDir->isValid())
        return;
    // Thousands of files: not on the GUI thread. And only once the cancels have reached the network
    // thread: a download still running there would make the folder again with its next bytes.
    auto removal = std::make_shared<FolderRemoval>(m_previewDir->path());
    auto remove = [removal] { removal->startOnPool(); };
    if (downloader)
        downloader->afterEarlierCalls(std::move(remove));
    else
        remove();
}

void PagePickerDialog::setCapped(bool capped)
{
    m_capped = capped;
    const QString count = QLocale().toString(m_model->rowCount());
    m_heading->setText(capped ? tr("The first %1 images found on %2 (the page has more).").arg(count, m_page.toDisplayString())
                              : tr("%1 images found on %2").arg(count, m_page.toDisplayString()));
}

bool PagePickerDialog::addNextBatch()
{
    if (!m_preview)
        return false;
    // As images of the page, never as SOURCEs: a URL that answers with HTML is a failed image here,
    // not another page to scan.
    const qsizetype count = qMin(m_pending.size() - m_nextPending, qsizetype(kBatch));
    m_preview->addImages(m_pending.mid(m_nextPending, count), m_page);
    m_nextPending += count;
    const bool more = m_nextPending < m_pending.size();
    if (!more)
        m_pending.clear();
    scheduleUpdate();
    return more;
}

void PagePickerDialog::applyFilters()
{
    m_filter->setMinimumSize(m_minWidth->value(), m_minHeight->value());
    m_filter->setFormat(m_format->currentData().toString());
    m_filter->setUrlText(m_urlText->text().trimmed());
    scheduleUpdate();
}

void PagePickerDialog::scheduleUpdate()
{
    if (!m_updateTimer->isActive())
        m_updateTimer->start();
}

void PagePickerDialog::toggle(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const int row = m_filter->mapToSource(proxyIndex).row();
    m_model->setChecked({row}, !m_model->isChecked(row));
}

void PagePickerDialog::selectAll(bool checked)
{
    // The shown tiles only: "select none, filter PNG, select all" picks the PNGs.
    QList<int> rows;
    rows.reserve(m_filter->rowCount());
    for (int i = 0; i < m_filter->rowCount(); ++i)
        rows.append(m_filter->mapToSource(m_filter->index(i, 0)).row());
    m_model->setChecked(rows, checked);
}

QList<QUrl> PagePickerDialog::selectedUrls() const
{
    QList<int> rows;
    for (int i = 0; i < m_filter->rowCount(); ++i) {
        const int row = m_filter->mapToSource(m_filter->index(i, 0)).row();
        if (m_model->isChecked(row))
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    QList<QUrl> urls;
    urls.reserve(rows.size());
    for (const int row : std::as_const(rows))
        urls.append(m_model->url(row));
    return urls;
}

int PagePickerDialog::shownCount() const
{
    return m_filter->rowCount();
}

void PagePickerDialog::updateCountAndVisibleRows()
{
    int selected = 0;
    const int shown = m_filter->rowCount();
    for (int i = 0; i < shown; ++i)
        selected += m_model->isChecked(m_filter->mapToSource(m_filter->index(i, 0)).row());
    const int total = m_model->rowCount();
    QString text = tr("%1 of %2 selected").arg(QLocale().toString(selected), QLocale().toString(shown));
    if (shown != total)
        text += tr(" · %1 hidden by the filters").arg(QLocale().toString(total - shown));
    m_count->setText(text);
    m_download->setEnabled(selected > 0);

    // The tiles on screen load first. Rows are laid out in order, so the visible ones are a range
    // found by bisection, not by asking each of 5,000 tiles.
    if (!m_preview || shown == 0)
        return;
    const int height = m_view->viewport()->height();
    auto firstRowWhere = [&](auto predicate) {
        int lo = 0, hi = shown;
        while (lo < hi) {
            const int mid = (lo + hi) / 2;
            if (predicate(m_view->visualRect(m_filter->index(mid, 0))))
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    };
    const int first = firstRowWhere([](const QRect &r) { return r.bottom() >= 0; });
    const int last = firstRowWhere([height](const QRect &r) { return r.top() > height; }) - 1;
    int pipelineFirst = INT_MAX, pipelineLast = -1;
    for (int i = first; i <= last && i < shown; ++i) {
        const int row = m_model->pipelineRow(m_filter->mapToSource(m_filter->index(i, 0)).row());
        if (row >= 0) {
            pipelineFirst = qMin(pipelineFirst, row);
            pipelineLast = qMax(pipelineLast, row);
        }
    }
    if (pipelineLast >= 0)
        m_preview->setVisibleRows(pipelineFirst, pipelineLast);
}

void PagePickerDialog::done(int result)
{
    if (m_preview) {
        m_pending.clear();
        m_preview->cancelAll();
    }
    if (result == QDialog::Accepted)
        Q_EMIT downloadRequested(m_page, selectedUrls());
    QDialog::done(result);
}

} // namespace glint
