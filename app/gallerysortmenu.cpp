#include "app/gallerysortmenu.h"

#include <QActionGroup>
#include <QToolButton>

namespace glint {

GallerySortMenu::GallerySortMenu(GalleryProxy *proxy, QWidget *parent)
    : QMenu(tr("S&ort By"), parent), m_proxy(proxy), m_keys(new QActionGroup(this))
{
    setObjectName(QStringLiteral("gallerySort"));
    for (GalleryProxy::Key key : {GalleryProxy::Key::Found, GalleryProxy::Key::Name, GalleryProxy::Key::Size,
                                  GalleryProxy::Key::Dimensions, GalleryProxy::Key::Host}) {
        QAction *action = addAction(keyText(key));
        action->setCheckable(true);
        action->setData(GalleryProxy::keyName(key));
        m_keys->addAction(action);
    }
    addSeparator();
    auto *direction = new QActionGroup(this);
    m_ascending = addAction(tr("&Ascending"));
    m_descending = addAction(tr("&Descending"));
    for (QAction *action : {m_ascending, m_descending}) {
        action->setCheckable(true);
        direction->addAction(action);
    }
    addSeparator();
    m_byPage = addAction(tr("&Group by Page"));
    m_byPage->setCheckable(true);
    m_byPage->setToolTip(tr("Images found on the same page side by side, each page headed by its address"));
    showOrder(proxy->order());
    // triggered, not toggled: only the user's choice sorts (showOrder checks actions without sorting).
    for (QAction *action : actions())
        connect(action, &QAction::triggered, this, &GallerySortMenu::choose);
    connect(proxy, &GalleryProxy::orderChanged, this, &GallerySortMenu::showOrder);
}

QString GallerySortMenu::keyText(GalleryProxy::Key key)
{
    switch (key) {
    case GalleryProxy::Key::Found: return tr("&Order Found");
    case GalleryProxy::Key::Name: return tr("&Name");
    case GalleryProxy::Key::Size: return tr("&Size");
    case GalleryProxy::Key::Dimensions: return tr("D&imensions");
    case GalleryProxy::Key::Host: return tr("&Host");
    }
    return {};
}

void GallerySortMenu::choose()
{
    GalleryProxy::Order order;
    if (QAction *key = m_keys->checkedAction())
        order.key = GalleryProxy::keyFromName(key->data().toString());
    order.descending = m_descending->isChecked();
    order.byPage = m_byPage->isChecked();
    m_proxy->setOrder(order);
}

void GallerySortMenu::showOrder(const GalleryProxy::Order &order)
{
    for (QAction *action : m_keys->actions())
        action->setChecked(action->data().toString() == GalleryProxy::keyName(order.key));
    m_ascending->setChecked(!order.descending);
    m_descending->setChecked(order.descending);
    m_byPage->setChecked(order.byPage);
}

QToolButton *GallerySortMenu::makeButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("gallerySortButton"));
    button->setMenu(this);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setToolTip(tr("Order of the gallery (View ▸ Sort By)"));
    const auto show = [button](const GalleryProxy::Order &order) {
        QString text = keyText(order.key).remove(QLatin1Char('&')) + (order.descending ? QStringLiteral(" ↓") : QStringLiteral(" ↑"));
        if (order.byPage)
            text = tr("%1, by page").arg(text);
        button->setText(tr("Sort: %1").arg(text));
    };
    show(m_proxy->order());
    connect(m_proxy, &GalleryProxy::orderChanged, button, show);
    return button;
}

} // namespace glint
