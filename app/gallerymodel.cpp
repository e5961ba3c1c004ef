#include "app/gallerymodel.h"

#include "app/thumbnails/thumbnailcache.h"
#include "core/pipeline/pipeline.h"

#include <QFileInfo>
#include <QLocale>

namespace glint {

GalleryModel::GalleryModel(Pipeline *pipeline, ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_pipeline(pipeline), m_thumbnails(thumbnails)
{
    // ready() answers a request made while painting (data() below), which noted the row first;
    // answered, the note goes, so the map holds only requests under way.
    connect(thumbnails, &ThumbnailCache::ready, this, [this](const QString &key) {
        const auto known = m_rowOfKey.find(key);
        if (known == m_rowOfKey.end())
            return;
        const int row = known->second;
        m_rowOfKey.erase(known);
        if (row < m_rows)
            Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
    connect(pipeline, &Pipeline::itemsAdded, this, &GalleryModel::onItemsAdded);
    connect(pipeline, &Pipeline::itemChanged, this, &GalleryModel::onItemChanged);
    connect(pipeline, &Pipeline::itemsChanged, this, [this](int first, int last) {
        Q_EMIT dataChanged(index(first), index(last));
    });
    connect(pipeline, &Pipeline::thumbnailReady, this, &GalleryModel::onThumbnail);
}

QModelIndex GalleryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || row >= m_rows || column != 0 || parent.isValid())
        return {};
    return createIndex(row, 0);
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

const Item &GalleryModel::item(int row) const
{
    return m_pipeline->items().at(row);
}

QString GalleryModel::detailText(QSize size, const QByteArray &format, qint64 bytes)
{
    return QStringLiteral("%1×%2 · %3 · %4")
        .arg(size.width())
        .arg(size.height())
        .arg(QString::fromLatin1(format).toUpper(), formatBytes(bytes));
}

QString GalleryModel::formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QVariant GalleryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Item &item = m_pipeline->items().at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = item.url.fileName();
        return name.isEmpty() ? item.url.host() : name;
    }
    case Qt::DecorationRole: {
        const QString key = keyOf(item);
        if (key.isEmpty())
            return QPixmap();
        bool sharp = false;
        const QPixmap pixmap = m_thumbnails->find(key, &sharp);
        if (!sharp) {
            // Evicted since, or made for another tile size: made again in the background; the tile
            // shows its placeholder or the old pixmap scaled meanwhile.
            m_rowOfKey.insert_or_assign(key, index.row());
            m_thumbnails->request(key, item.file);
        }
        return pixmap;
    }
    case Qt::ToolTipRole: {
        QString tip = item.url.toDisplayString();
        if (item.state == Item::State::Failed)
            tip += QStringLiteral("\n⚠ ") + item.error();
        else if (item.state == Item::State::Done)
            tip += QLatin1Char('\n') + data(index, DetailRole).toString();
        if (!item.page.isEmpty())
            tip += QLatin1Char('\n') + tr("Found on %1").arg(item.page.toDisplayString());
        return tip;
    }
    case StateRole:
        return int(item.state);
    case ProgressRole:
        return item.total > 0 ? double(item.received) / double(item.total) : -1.0;
    case ErrorRole:
        return item.error();
    case UrlRole:
        return item.url;
    case FileRole:
        return item.file;
    case DetailRole:
        if (item.state != Item::State::Done)
            return QString();
        return detailText(item.size, item.format, item.bytes);
    case PageRole:
        return item.page;
    case SizeRole:
        return item.size;
    case FormatRole:
        return item.format;
    case BytesRole:
        return item.bytes;
    case FetchedRole: {
        const qint64 ms = m_finishedAtMs[size_t(index.row())];
        return ms != 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
    }
    case FileOwnedRole:
        return item.fileCreated;
    case CancelledRole:
        return item.isCancelled();
    default:
        return {};
    }
}

QHash<int, QByteArray> GalleryModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(StateRole, "state");
    names.insert(ProgressRole, "progress");
    names.insert(ErrorRole, "error");
    names.insert(UrlRole, "url");
    names.insert(DetailRole, "detail");
    names.insert(FileRole, "file");
    return names;
}

void GalleryModel::onItemsAdded(int first, int last)
{
    beginInsertRows({}, first, last);
    m_rows = last + 1;
    m_finishedAtMs.resize(size_t(m_rows), 0);
    endInsertRows();
}

void GalleryModel::onItemChanged(int row)
{
    if (m_pipeline->items().at(row).state == Item::State::Done && m_finishedAtMs[size_t(row)] == 0)
        m_finishedAtMs[size_t(row)] = QDateTime::currentMSecsSinceEpoch();
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

void GalleryModel::onThumbnail(int row, const QImage &image)
{
    m_thumbnails->insert(keyOf(m_pipeline->items().at(row)), image, m_pipeline->items().at(row).size);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

QString GalleryModel::keyOf(const Item &item)
{
    return item.state == Item::State::Done && !item.file.isEmpty() ? QStringLiteral("file:") + item.file : QString();
}

} // namespace glint
