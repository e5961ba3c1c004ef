#include "app/pages/pagepickerfilter.h"

#include "app/gallerymodel.h"
#include "app/pages/pagepickermodel.h"

namespace glint {

PagePickerFilter::PagePickerFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Sizes and formats arrive while the dialog is open: re-filter a row when it changes.
    setDynamicSortFilter(true);
}

const QStringList &PagePickerFilter::commonFormats()
{
    static const QStringList formats = {QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("gif"),
                                        QStringLiteral("webp"), QStringLiteral("svg")};
    return formats;
}

void PagePickerFilter::setMinimumSize(int width, int height)
{
    if (width == m_minWidth && height == m_minHeight)
        return;
    m_minWidth = width;
    m_minHeight = height;
    invalidateRowsFilter();
}

void PagePickerFilter::setFormat(const QString &format)
{
    if (format == m_format)
        return;
    m_format = format;
    invalidateRowsFilter();
}

void PagePickerFilter::setUrlText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

bool PagePickerFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_text.isEmpty()
        && !index.data(GalleryModel::UrlRole).toUrl().toDisplayString().contains(m_text, Qt::CaseInsensitive))
        return false;
    if (!m_format.isEmpty()) {
        const QString format = index.data(PagePickerModel::FormatRole).toString();
        const bool other = m_format == QLatin1String("other");
        if (other ? commonFormats().contains(format) : format != m_format)
            return false;
    }
    if (m_minWidth > 0 || m_minHeight > 0) {
        const int width = index.data(PagePickerModel::WidthRole).toInt();
        const int height = index.data(PagePickerModel::HeightRole).toInt();
        if (width == 0 && height == 0)
            return !index.data(PagePickerModel::FinishedRole).toBool();   // still loading: judged later
        return width >= m_minWidth && height >= m_minHeight;
    }
    return true;
}

} // namespace glint
