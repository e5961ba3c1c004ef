#pragma once
// The viewer as a mode of the window: the browsing widget (the tabs of galleries) and the ViewerPage
// stacked on one another. A gallery attached here opens the viewer on its tile with Enter or a
// double-click; Esc comes back to the same tile, made current and scrolled into view.
//
// Threads: GUI thread. Ownership: both pages are its children; attached views and their models are
// not owned (the window owns them) and outlive the stack. Lifetime: created and destroyed with the
// main window.
#include <QHash>
#include <QPointer>
#include <QStackedWidget>
#include <functional>

class QAbstractItemView;
class QThreadPool;

namespace glint {

class ViewerPage;

class ViewerStack final : public QStackedWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerStack)
public:
    using Retry = std::function<void(const QModelIndex &index)>;

    // `browser` is reparented into the stack; decodes run on `decodePool`.
    ViewerStack(QWidget *browser, QThreadPool *decodePool, QWidget *parent = nullptr);
    ~ViewerStack() override;

    // Enter / double-click on `view`'s tiles opens the viewer on them; `retry` (optional) is what the
    // viewer's Retry button does for a failed item of this view's model; `remove` (optional) is what
    // Delete does — given only where it can be done safely (Glint deletes only files it created).
    void attach(QAbstractItemView *view, Retry retry = {}, Retry remove = {});
    void open(QAbstractItemView *view, const QModelIndex &index);
    bool isViewing() const;
    ViewerPage *viewer() const { return m_viewer; }

Q_SIGNALS:
    void viewingChanged(bool viewing);

private:
    void onClosed(const QModelIndex &index);

    QWidget *m_browser;
    ViewerPage *m_viewer;
    QPointer<QAbstractItemView> m_from;   // the view the viewer was opened from
    QHash<QAbstractItemView *, Retry> m_retry;
    QHash<QAbstractItemView *, Retry> m_remove;
};

} // namespace glint
