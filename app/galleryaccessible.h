#pragma once
// What assistive technology sees of a gallery: a list whose items are the tiles, each with its
// name, its place on screen and whether it is selected or has the keyboard. Qt describes a
// QListView this way by itself; GalleryView is a view of its own, so it is described here, in the
// terms QAbstractItemView's own events use (item = row: one column, no headers).
//
// Threads: GUI only. Lifetime: QAccessible owns both interfaces. Items are made when asked for and
// dropped (forgetItems) whenever rows come, go or move, so none ever names a row that moved.
#include <QAccessibleWidget>
#include <QHash>

namespace glint {

class GalleryView;

class GalleryAccessible final : public QAccessibleWidget {
public:
    explicit GalleryAccessible(GalleryView *view);
    ~GalleryAccessible() override;
    // For QAccessible::installFactory: the interface of a GalleryView, null for anything else.
    static QAccessibleInterface *create(const QString &className, QObject *object);

    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;
    QAccessibleInterface *focusChild() const override;
    void forgetItems();

private:
    GalleryView *view() const;
    mutable QHash<int, QAccessible::Id> m_items;   // by row
};

} // namespace glint
