#include "app/gallerymodel.h"

#include "core/pipeline/pipeline.h"

#include <QFileInfo>
#include <QLocale>

namespace glint {

GalleryModel::GalleryModel(Pipeline *pipeline, QObject *parent)
    : QAbstractListModel(parent), m_pipeline(pipeline)
{
    connect(pipeline, &Pipeline::itemsAdded, this, &GalleryModel::onItemsAdded);
    connect(pipeline, &Pipeline::itemChanged, this, &GalleryModel::onItemChanged);
    connect(pipeline, &Pipeline::itemsChanged, this, [this](int first, int last) {
        Q_EMIT dataChanged(index(first), index(last));
    });
    connect(pipeline, &Pipeline::thumbnailReady, this, &GalleryModel::onThumbnail);
}

int GalleryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_thumbnails.size());
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
    case Qt::DecorationRole:
        return m_thumbnails[std::size_t(index.row())];
    case Qt::ToolTipRole: {
        QString tip = item.url.toDisplayString();
        if (item.state == Item::State::Failed)
            tip += QStringLiteral("\n⚠ ") + item.error();
        else if (item.state == Item::State::Done)
            tip += QLatin1Char('\n') + data(index, DetailRole).toString();
        if (!item.page.isEmpty())
            tip += QStringLiteral("\nFound on ") + item.page.toDisplayString();
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
    m_thumbnails.insert(m_thumbnails.begin() + first, size_t(last - first + 1), QPixmap());
    endInsertRows();
}

void GalleryModel::onItemChanged(int row)
{
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

void GalleryModel::onThumbnail(int row, const QImage &image)
{
    // A 240-pixel thumbnail converts in microseconds: this is the only image work on this thread.
    m_thumbnails[std::size_t(row)] = QPixmap::fromImage(image);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
}

} // namespace glint
