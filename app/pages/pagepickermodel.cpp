#include "app/pages/pagepickermodel.h"

#include "app/thumbnails/thumbnailcache.h"
#include "core/pipeline/pipeline.h"

#include <QFileInfo>

#include <climits>

namespace glint {
namespace {

QString keyOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveFragment).toString(QUrl::FullyEncoded);
}

} // namespace

PagePickerModel::PagePickerModel(const QList<QUrl> &urls, Pipeline *pipeline, ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_pipeline(pipeline), m_thumbnails(thumbnails)
{
    m_rows.reserve(std::size_t(urls.size()));
    for (const QUrl &url : urls) {
        const QString key = keyOf(url);
        if (m_rowOfUrl.contains(key))
            continue;
        m_rowOfUrl.insert(key, int(m_rows.size()));
        m_rows.push_back(Row{url, -1, true});
    }
    connect(pipeline, &Pipeline::itemsAdded, this, [this](int first, int last) {
        for (int row = first; row <= last; ++row)
            onItemAdded(row);
    });
    connect(pipeline, &Pipeline::itemChanged, this, &PagePickerModel::onItemChanged);
    connect(pipeline, &Pipeline::itemsChanged, this, [this](int first, int last) {
        for (int row = first; row <= last; ++row)
            onItemChanged(row);
    });
    connect(pipeline, &Pipeline::thumbnailReady, this, &PagePickerModel::onThumbnail);
    connect(thumbnails, &ThumbnailCache::ready, this, [this](const QString &key) {
        const int row = m_rowOfKey.value(key, -1);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

int PagePickerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

Qt::ItemFlags PagePickerModel::flags(const QModelIndex &index) const
{
    return QAbstractListModel::flags(index) | Qt::ItemIsUserCheckable;
}

const Item *PagePickerModel::item(const Row &row) const
{
    return row.pipelineRow >= 0 && row.pipelineRow < m_pipeline->items().size() ? &m_pipeline->items().at(row.pipelineRow)
                                                                                 : nullptr;
}

QString PagePickerModel::formatFromName(const QUrl &url)
{
    const QString suffix = QFileInfo(url.path()).suffix().toLower();
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpe") || suffix == QLatin1String("jfif"))
        return QStringLiteral("jpeg");
    if (suffix == QLatin1String("tif"))
        return QStringLiteral("tiff");
    return suffix;
}

QVariant PagePickerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const Item *it = item(row);
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = row.url.fileName();
        return name.isEmpty() ? row.url.host() : name;
    }
    case Qt::DecorationRole: {
        if (!it || it->state != Item::State::Done || it->file.isEmpty())
            return QPixmap();
        const QString key = cacheKey(*it);
        const QPixmap pixmap = m_thumbnails->find(key);
        if (pixmap.isNull()) {
            m_rowOfKey.insert(key, index.row());
            m_thumbnails->request(key, it->file);   // evicted since: decoded again from its file
        }
        return pixmap;
    }
    case Qt::ToolTipRole:
        return it && it->state == Item::State::Failed ? row.url.toDisplayString() + QStringLiteral("\n⚠ ") + it->error()
                                                      : row.url.toDisplayString();
    case Qt::CheckStateRole:
        return row.checked ? Qt::Checked : Qt::Unchecked;
    case GalleryModel::StateRole:
        return int(it ? it->state : Item::State::Queued);
    case GalleryModel::ProgressRole:
        return it && it->total > 0 ? double(it->received) / double(it->total) : -1.0;
    case GalleryModel::ErrorRole:
        return it ? it->error() : QString();
    case GalleryModel::UrlRole:
        return row.url;
    case GalleryModel::DetailRole:
        if (!it || it->state != Item::State::Done)
            return QString();
        return QStringLiteral("%1×%2 · %3 · %4")
            .arg(it->size.width())
            .arg(it->size.height())
            .arg(QString::fromLatin1(it->format).toUpper(), GalleryModel::formatBytes(it->bytes));
    case WidthRole:
        return it && it->state == Item::State::Done ? it->size.width() : 0;
    case HeightRole:
        return it && it->state == Item::State::Done ? it->size.height() : 0;
    case FormatRole:
        return it && !it->format.isEmpty() ? QString::fromLatin1(it->format).toLower() : formatFromName(row.url);
    case FinishedRole:
        return it && it->isFinished();
    default:
        return {};
    }
}

bool PagePickerModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    setChecked({index.row()}, value.toInt() == Qt::Checked);
    return true;
}

void PagePickerModel::setChecked(const QList<int> &rows, bool checked)
{
    int first = INT_MAX, last = -1;
    for (const int row : rows) {
        Row &r = m_rows[std::size_t(row)];
        r.checkedByUser = true;
        if (r.checked == checked)
            continue;
        r.checked = checked;
        first = qMin(first, row);
        last = qMax(last, row);
    }
    if (last < 0)
        return;
    // One signal for the span: "select all" over 5,000 rows is one repaint, not 5,000.
    Q_EMIT dataChanged(index(first), index(last), {Qt::CheckStateRole});
    Q_EMIT checksChanged();
}

void PagePickerModel::onItemAdded(int pipelineRow)
{
    const int row = m_rowOfUrl.value(keyOf(m_pipeline->items().at(pipelineRow).url), -1);
    if (row < 0 || m_rows[std::size_t(row)].pipelineRow >= 0) {
        Q_EMIT foreignItemAdded(pipelineRow);
        return;
    }
    m_rows[std::size_t(row)].pipelineRow = pipelineRow;
    m_rowOfPipelineRow.insert(pipelineRow, row);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

void PagePickerModel::onItemChanged(int pipelineRow)
{
    const int row = m_rowOfPipelineRow.value(pipelineRow, -1);
    if (row < 0)
        return;
    Row &r = m_rows[std::size_t(row)];
    const Item &it = m_pipeline->items().at(pipelineRow);
    // Once: after that it is unchecked, or the user has chosen (checkedByUser).
    const bool failed = it.state == Item::State::Failed && !it.isCancelled();
    const bool uncheck = failed && !r.checkedByUser && r.checked;
    if (uncheck)
        r.checked = false;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
    if (uncheck)
        Q_EMIT checksChanged();
}

void PagePickerModel::onThumbnail(int pipelineRow, const QImage &image)
{
    const int row = m_rowOfPipelineRow.value(pipelineRow, -1);
    if (row < 0)
        return;
    m_thumbnails->insert(cacheKey(m_pipeline->items().at(pipelineRow)), image);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

} // namespace glint
