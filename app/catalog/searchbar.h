#pragma once
// The catalog's search controls for the tool bar: a text field (URL, host, page, file name), the
// format, a minimum size, a date range and the sort. It turns them into a CatalogQuery and emits
// queryChanged(): debounced while typing (kTypingDelayMs after the last key), at once when a combo
// changes. It never queries anything itself.
//
// Threads: GUI thread. The text field is a FilterField, so the input-latency probe can watch it.
#include "core/catalog/catalogtypes.h"

#include <QTimer>
#include <QWidget>

class QComboBox;

namespace glint {

class FilterField;

class SearchBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchBar)
public:
    static constexpr int kTypingDelayMs = 150;

    explicit SearchBar(QWidget *parent = nullptr);

    // The query the controls describe now; date ranges are relative to `now` (local days).
    CatalogQuery query(const QDateTime &now = QDateTime::currentDateTime()) const;
    FilterField *textField() const { return m_text; }
    void clear();   // every control back to "any", newest first; emits queryChanged once
    // The text and sort the window keeps across starts (WindowState).
    QString text() const;
    CatalogQuery::Sort sort() const;
    // Sets them without emitting queryChanged: the catalog reads query() once it can answer.
    void restore(const QString &text, CatalogQuery::Sort sort);

Q_SIGNALS:
    void queryChanged(const glint::CatalogQuery &query);

private:
    void emitNow();

    FilterField *m_text;
    QComboBox *m_format;
    QComboBox *m_minSize;
    QComboBox *m_date;
    QComboBox *m_sort;
    QTimer m_typing;
    bool m_clearing = false;
};

} // namespace glint
