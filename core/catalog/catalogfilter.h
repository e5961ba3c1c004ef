#pragma once
// Turns a CatalogQuery into SQL: a WHERE clause over `images i` with its bound values, and the
// ORDER BY of each sort. Only our own constant fragments go into the SQL text; everything the user
// typed travels in values(). Pure and thread-safe.
#include "core/catalog/catalogtypes.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace glint {

class CatalogFilter final {
public:
    // How a search text is looked for. Index: the trigram index collects every matching id, then
    // the sort orders them; fast when few rows match, slow when most do (it must collect them all).
    // Scan: rows are probed in the order of the sort until a page is full; fast when most rows
    // match, a full scan when none do. Ids: the index was read already (CatalogReader's plan
    // probe collected every match, fewer than its cap), and `matchedIds`, a JSON array of them,
    // is looked up by rowid; a text whose trigrams are all common ("host17.example") costs one
    // intersection of long lists instead of two. Rare: `matched` is an FTS5 query for the text's
    // rarest trigrams, and each row it finds is confirmed to hold the whole text (for counting a
    // text whose phrase would read long lists). CatalogReader picks the plan.
    enum class TextPlan { Index, Scan, Ids, Rare };

    explicit CatalogFilter(const CatalogQuery &query, TextPlan plan = TextPlan::Index, const QString &matched = {});


    QString where() const { return m_where; }        // " WHERE …", or empty when nothing filters
    QVariantList values() const { return m_values; }

    // ORDER BY body for rows of `images i`; every sort ends in a unique key, so pages are stable.
    static QString orderBy(CatalogQuery::Sort sort, bool backwards = false);
    // The columns of `images` that orderBy() orders by, before the id that ends every order.
    static QStringList sortKey(CatalogQuery::Sort sort);
    // Keeps only the rows that come after the one whose sort key is `key` (sortKey()'s columns,
    // then its id) in the order orderBy(sort, backwards) walks: a keyset page, which the index
    // reaches by a seek where an OFFSET steps over every row before it.
    void seekPast(CatalogQuery::Sort sort, bool backwards, const QVariantList &key);
    // The FTS5 query that matches `text` as one literal substring, whatever characters it holds.
    static QString phrase(const QString &text);
    // The rows of images_text that hold a text, found through an FTS5 query for some of its
    // trigrams (first value) and confirmed by the whole text, lower case (second value).
    static QString confirmedRows();
    // Texts shorter than this cannot use the trigram index.
    static constexpr int kIndexedTextLength = 3;

private:
    void add(const QString &condition, const QVariant &value);
    void add(const QString &condition, const QVariant &first, const QVariant &second);

    QString m_where;
    QVariantList m_values;
};

} // namespace glint
