#include "core/catalog/catalogfilter.h"

namespace glint {

CatalogFilter::CatalogFilter(const CatalogQuery &query, TextPlan plan, const QString &matched)
{
    const QString text = query.text.trimmed();
    if (!text.isEmpty()) {
        if (plan == TextPlan::Ids) {
            // json_each is built into SQLite 3.38+; one bound text, however many ids.
            add(QStringLiteral("i.id IN (SELECT value FROM json_each(?))"), matched);
        } else if (plan == TextPlan::Rare) {
            add(QStringLiteral("i.id IN (%1)").arg(confirmedRows()), matched, text.toLower());
        } else if (plan == TextPlan::Index && text.toUcs4().size() >= kIndexedTextLength) {
            add(QStringLiteral("i.id IN (SELECT rowid FROM images_text WHERE images_text MATCH ?)"), phrase(text));
        } else {
            // One or two characters (which the index cannot look up), or a text most rows match:
            // probing the text of each row in the order of the sort stops as soon as a page is
            // full, where collecting every match first would read the whole index. The text is
            // read from the index's own content table (images_text_content: id, c0 — FTS5's
            // documented shadow table), a plain rowid lookup: through the virtual table each row
            // cost ~1.4 times as much, and a jump or the id walk probes up to a million rows.
            // lower() folds ASCII only, like LIKE would.
            add(QStringLiteral("EXISTS (SELECT 1 FROM images_text_content c WHERE c.id = i.id AND instr(lower(c.c0), ?) > 0)"),
                text.toLower());
        }
    }
    if (!query.format.isEmpty())
        add(QStringLiteral("i.format = ?"), QString::fromLatin1(query.format.toLower()));
    if (query.minWidth > 0)
        add(QStringLiteral("i.width >= ?"), query.minWidth);
    if (query.minHeight > 0)
        add(QStringLiteral("i.height >= ?"), query.minHeight);
    if (query.minPixels > 0)
        add(QStringLiteral("i.pixels >= ?"), query.minPixels);
    if (query.from.isValid())
        add(QStringLiteral("i.added_at >= ?"), query.from.toMSecsSinceEpoch());
    if (query.to.isValid())
        add(QStringLiteral("i.added_at < ?"), query.to.toMSecsSinceEpoch());
}

void CatalogFilter::add(const QString &condition, const QVariant &value)
{
    m_where += m_where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ");
    m_where += condition;
    m_values.append(value);
}

void CatalogFilter::add(const QString &condition, const QVariant &first, const QVariant &second)
{
    add(condition, first);
    m_values.append(second);
}

QString CatalogFilter::orderBy(CatalogQuery::Sort sort, bool backwards)
{
    if (backwards) {
        // Every term turned round: the same index, walked the other way.
        QString order = orderBy(sort);
        order.replace(QLatin1String(" ASC"), QLatin1String(" @"));
        order.replace(QLatin1String(" DESC"), QLatin1String(" ASC"));
        order.replace(QLatin1String(" @"), QLatin1String(" DESC"));
        return order;
    }
    // Each order is one an index walks as it is (forwards or backwards); see CatalogSchema.
    switch (sort) {
    case CatalogQuery::Sort::Newest: return QStringLiteral("i.added_at DESC, i.id DESC");
    case CatalogQuery::Sort::Oldest: return QStringLiteral("i.added_at ASC, i.id ASC");
    case CatalogQuery::Sort::Largest: return QStringLiteral("i.bytes DESC, i.id DESC");
    case CatalogQuery::Sort::Smallest: return QStringLiteral("i.bytes ASC, i.id ASC");
    case CatalogQuery::Sort::MostPixels: return QStringLiteral("i.pixels DESC, i.id DESC");
    case CatalogQuery::Sort::Host: return QStringLiteral("i.host ASC, i.added_at DESC, i.id ASC");
    }
    return QStringLiteral("i.added_at DESC, i.id DESC");
}

QStringList CatalogFilter::sortKey(CatalogQuery::Sort sort)
{
    QStringList columns;
    const QStringList terms = orderBy(sort).split(QLatin1String(", "));
    for (qsizetype i = 0; i + 1 < terms.size(); ++i)   // the last term is the id
        columns << terms.at(i).section(QLatin1Char(' '), 0, 0).mid(2);   // "i.added_at DESC" -> added_at
    return columns;
}

// Every column is NOT NULL, so comparisons never meet a NULL. When every term runs the same way
// the whole key is one row value, which SQLite turns into a single seek in the index; the host
// order mixes directions (host up, date down, id up), so it is spelled out term by term, with its
// first term alone as the bound the index seeks to.
void CatalogFilter::seekPast(CatalogQuery::Sort sort, bool backwards, const QVariantList &key)
{
    const QStringList terms = orderBy(sort, backwards).split(QLatin1String(", "));
    Q_ASSERT(key.size() == terms.size());
    QStringList columns;
    QStringList after;   // per term: the comparison that puts a row after the key in this order
    bool sameWay = true;
    for (const QString &term : terms) {
        columns << term.section(QLatin1Char(' '), 0, 0);
        const bool descending = term.endsWith(QLatin1String(" DESC"));
        after << (descending ? QStringLiteral("<") : QStringLiteral(">"));
        sameWay = sameWay && after.last() == after.first();
    }
    const auto placeholders = [](qsizetype n) {
        QStringList marks;
        for (qsizetype i = 0; i < n; ++i)
            marks << QStringLiteral("?");
        return marks.join(QLatin1String(", "));
    };
    m_where += m_where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ");
    if (sameWay) {
        m_where += QStringLiteral("(%1) %2 (%3)").arg(columns.join(QLatin1String(", ")), after.first(), placeholders(columns.size()));
        m_values += key;
        return;
    }
    // c0 >= k0 AND (c0 > k0 OR c1 < k1 OR (c1 = k1 AND c2 > k2)), for "c0 ASC, c1 DESC, c2 ASC".
    QString rest = QStringLiteral("%1 %2 ?").arg(columns.last(), after.last());
    QVariantList restValues{key.last()};
    for (qsizetype i = columns.size() - 2; i >= 1; --i) {
        rest = QStringLiteral("%1 %2 ? OR (%1 = ? AND (%3))").arg(columns.at(i), after.at(i), rest);
        restValues.prepend(key.at(i));
        restValues.prepend(key.at(i));
    }
    m_where += QStringLiteral("%1 %2= ? AND (%1 %2 ? OR %3)").arg(columns.first(), after.first(), rest);
    m_values << key.first() << key.first();
    m_values += restValues;
}

QString CatalogFilter::confirmedRows()
{
    // lower() folds ASCII only: the text is ASCII whenever this is used (CatalogReader checks).
    return QStringLiteral("SELECT rowid FROM images_text WHERE images_text MATCH ? AND instr(lower(text), ?) > 0");
}

QString CatalogFilter::phrase(const QString &text)
{
    // Inside an FTS5 string only the double quote is special, and it is escaped by doubling.
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace glint
