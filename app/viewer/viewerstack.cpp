#include "app/viewer/viewerstack.h"

#include "app/viewer/viewerpage.h"

#include <QAbstractItemView>

namespace glint {

ViewerStack::ViewerStack(QWidget *browser, QThreadPool *decodePool, QWidget *parent)
    : QStackedWidget(parent), m_browser(browser), m_viewer(new ViewerPage(decodePool, this))
{
    addWidget(m_browser);
    addWidget(m_viewer);
    setCurrentWidget(m_browser);
    connect(m_viewer, &ViewerPage::closed, this, &ViewerStack::onClosed);
    connect(m_viewer, &ViewerPage::retryRequested, this, [this](const QModelIndex &index) {
        const Retry retry = m_from ? m_retry.value(m_from) : Retry();
        if (retry)
            retry(index);
    });
    connect(m_viewer, &ViewerPage::deleteRequested, this, [this](const QModelIndex &index) {
        const Retry remove = m_from ? m_remove.value(m_from) : Retry();
        if (remove)
            remove(index);
    });
}

ViewerStack::~ViewerStack()
{
    // The views are destroyed after this class's members (as children of a base class): their
    // destroyed() must not reach a hash that is gone.
    for (auto it = m_retry.cbegin(); it != m_retry.cend(); ++it)
        disconnect(it.key(), nullptr, this, nullptr);
}

void ViewerStack::attach(QAbstractItemView *view, Retry retry, Retry remove)
{
    m_retry.insert(view, std::move(retry));
    m_remove.insert(view, std::move(remove));
    connect(view, &QAbstractItemView::activated, this, [this, view](const QModelIndex &index) { open(view, index); });
    connect(view, &QObject::destroyed, this, [this, view] {
        m_retry.remove(view);
        m_remove.remove(view);
    });
}

void ViewerStack::open(QAbstractItemView *view, const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_from = view;
    m_viewer->setDeleteEnabled(bool(m_remove.value(view)));
    setCurrentWidget(m_viewer);
    m_viewer->open(index);
    Q_EMIT viewingChanged(true);
}

bool ViewerStack::isViewing() const
{
    return currentWidget() == m_viewer;
}

void ViewerStack::onClosed(const QModelIndex &index)
{
    setCurrentWidget(m_browser);
    if (m_from) {
        // Back to the tile the user was looking at last, which may not be the one they opened.
        if (index.isValid() && index.model() == m_from->model()) {
            m_from->setCurrentIndex(index);
            m_from->scrollTo(index);
        }
        m_from->setFocus(Qt::OtherFocusReason);
    }
    Q_EMIT viewingChanged(false);
}

} // namespace glint
