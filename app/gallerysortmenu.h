#pragma once
// View ▸ Sort By: the session gallery's order (order found, name, size, dimensions, host), its
// direction and "Group by Page", as checkable actions kept in step with the GalleryProxy; and a tool
// button beside the filter that opens the same menu and names the order in force.
//
// Threads: GUI thread. Ownership: a QMenu with a parent; the proxy outlives it.
#include "app/galleryproxy.h"

#include <QMenu>

class QActionGroup;
class QToolButton;

namespace glint {

class GallerySortMenu final : public QMenu {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GallerySortMenu)
public:
    GallerySortMenu(GalleryProxy *proxy, QWidget *parent);

    // A tool button that opens this menu; its text follows the order ("Name ↑").
    QToolButton *makeButton(QWidget *parent);
    static QString keyText(GalleryProxy::Key key);

private:
    void showOrder(const GalleryProxy::Order &order);
    void choose();

    GalleryProxy *m_proxy;
    QActionGroup *m_keys;
    QAction *m_ascending;
    QAction *m_descending;
    QAction *m_byPage;
};

} // namespace glint
