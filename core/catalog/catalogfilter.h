#pragma once
// Turns a CatalogQuery into SQL: a WHERE clause over `images i` with its bound values, and the
// ORDER BY of each sort. Only our own constant fragments go into the SQL text; everything the user
// typed travels in values(). Pure and thread-safe.
#include "catalog/catalogtypes.h"

#include <QString>
#include <QVariantList>

namespace glint {

class CatalogFilter final {
public:
    explicit CatalogFilter(const CatalogQuery &query);

    QString where() const { return m_where; }        // " WHERE …", or empty when nothing filters
    QVariantList values() const { return m_values; }

    // ORDER BY body for rows of `images i`; every sort ends in a unique key, so pages are stable.
    static QString orderBy(CatalogQuery::Sort sort);
    // The FTS5 query that matches `text` as one literal substring, whatever characters it holds.
    static QString phrase(const QString &text);
    // Texts shorter than this cannot use the trigram index.
    static constexpr int kIndexedTextLength = 3;

private:
    void add(const QString &condition, const QVariant &value);

    QString m_where;
    QVariantList m_values;
};

} // namespace glint
