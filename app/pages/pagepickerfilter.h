#pragma once
// Which of the picker's tiles show: minimum width and height, a format, and text the URL contains.
// A tile whose size is not known yet stays while it loads; once a size filter is set, a tile that
// failed to load has no size to pass it and hides. GUI thread only.
#include <QSortFilterProxyModel>

namespace glint {

class PagePickerFilter final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagePickerFilter)
public:
    explicit PagePickerFilter(QObject *parent = nullptr);

    void setMinimumSize(int width, int height);
    void setFormat(const QString &format);     // empty: any; "other": none of kCommonFormats
    void setUrlText(const QString &text);

    static const QStringList &commonFormats();  // jpeg, png, gif, webp, svg

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minWidth = 0;
    int m_minHeight = 0;
    QString m_format;
    QString m_text;
};

} // namespace glint
