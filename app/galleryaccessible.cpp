#include "app/galleryaccessible.h"

#include "app/galleryview.h"

#include <QPointer>
#include <QWindow>

namespace glint {

namespace {

// One tile: read from the view and its model each time it is asked, so it is never stale while
// its row stays put.
class TileAccessible final : public QAccessibleInterface {
public:
    TileAccessible(GalleryView *view, int row) : m_view(view), m_row(row) {}

    bool isValid() const override { return m_view && m_row < m_view->rowCount(); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface *parent() const override { return QAccessible::queryAccessibleInterface(m_view.data()); }
    QAccessibleInterface *child(int) const override { return nullptr; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    void setText(QAccessible::Text, const QString &) override {}
    QAccessible::Role role() const override { return QAccessible::ListItem; }

    QString text(QAccessible::Text type) const override
    {
        if (!isValid())
            return {};
        switch (type) {
        case QAccessible::Name:
            return index().data(Qt::DisplayRole).toString();
        case QAccessible::Description:
            return index().data(Qt::ToolTipRole).toString();
        default:
            return {};
        }
    }

    QRect rect() const override
    {
        if (!isValid())
            return {};
        const QRect rect = m_view->visualRect(index());
        return {m_view->viewport()->mapToGlobal(rect.topLeft()), rect.size()};
    }

    QAccessible::State state() const override
    {
        QAccessible::State state;
        if (!isValid())
            return state;
        const QModelIndex tile = index();
        state.selectable = true;
        state.focusable = true;
        state.multiSelectable = true;
        state.selected = m_view->selectionModel() && m_view->selectionModel()->isSelected(tile);
        state.focused = m_view->hasFocus() && m_view->currentIndex() == tile;
        state.invisible = !m_view->viewport()->rect().intersects(m_view->visualRect(tile));
        state.offscreen = state.invisible;
        return state;
    }

    int row() const { return m_row; }

private:
    QModelIndex index() const { return m_view->model()->index(m_row, 0, m_view->rootIndex()); }

    QPointer<GalleryView> m_view;
    int m_row;
};

} // namespace

GalleryAccessible::GalleryAccessible(GalleryView *view) : QAccessibleWidget(view, QAccessible::List) {}

GalleryAccessible::~GalleryAccessible()
{
    forgetItems();
}

QAccessibleInterface *GalleryAccessible::create(const QString &className, QObject *object)
{
    if (className == QLatin1String(GalleryView::staticMetaObject.className()) && object && object->isWidgetType())
        return new GalleryAccessible(static_cast<GalleryView *>(object));
    return nullptr;
}

GalleryView *GalleryAccessible::view() const
{
    return static_cast<GalleryView *>(widget());
}

int GalleryAccessible::childCount() const
{
    return view()->rowCount();
}

QAccessibleInterface *GalleryAccessible::child(int index) const
{
    if (index < 0 || index >= childCount())
        return nullptr;
    if (const auto known = m_items.constFind(index); known != m_items.constEnd())
        return QAccessible::accessibleInterface(*known);
    auto *tile = new TileAccessible(view(), index);
    m_items.insert(index, QAccessible::registerAccessibleInterface(tile));
    return tile;
}

int GalleryAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    if (!child || child->role() != QAccessible::ListItem || child->parent() != this)
        return -1;
    return static_cast<const TileAccessible *>(child)->row();
}

QAccessibleInterface *GalleryAccessible::childAt(int x, int y) const
{
    const GalleryView *gallery = view();
    const QModelIndex index = gallery->indexAt(gallery->viewport()->mapFromGlobal(QPoint(x, y)));
    return index.isValid() ? child(index.row()) : nullptr;
}

QAccessibleInterface *GalleryAccessible::focusChild() const
{
    const GalleryView *gallery = view();
    return gallery->hasFocus() && gallery->currentIndex().isValid() ? child(gallery->currentIndex().row()) : nullptr;
}

void GalleryAccessible::forgetItems()
{
    for (const QAccessible::Id id : std::as_const(m_items))
        QAccessible::deleteAccessibleInterface(id);
    m_items.clear();
}

} // namespace glint
