#pragma once
// The read statements: a page of the gallery, its totals, the lookup of a URL. Stateless; each call
// runs on the connection it is given, on that connection's thread (a reader-pool thread).
#include "core/catalog/catalogfilter.h"
#include "core/catalog/catalogtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QHash>
#include <functional>

class QThreadPool;

namespace glint {

class CatalogReader final {
public:
    // `isStale` is asked between rows; when it answers true the rest is skipped (the caller drops
    // the result anyway), so a superseded search frees its thread sooner.
    // `thumbnailHelpers`: a pool whose free thread may share the decoding of the stored thumbnails.
    static QList<CatalogImage> search(const QSqlDatabase &db, const CatalogQuery &query,
                                      const std::function<bool()> &isStale = {},
                                      QThreadPool *thumbnailHelpers = nullptr);
    static CatalogTotals totals(const QSqlDatabase &db, const CatalogQuery &query);
    // The ids of the page `query` names (offset, limit), in its order: what a selection of rows
    // never read stands for. Walks the same index as search() and reads nothing else.
    static QList<qint64> imageIds(const QSqlDatabase &db, const CatalogQuery &query,
                                  const std::function<bool()> &isStale = {});
    // The images these source addresses gave, whatever the state of their latest fetch; an address
    // that never gave one is absent. Does not look at the files on disk.
    static QHash<QUrl, CatalogImage> findByUrls(const QSqlDatabase &db, const QList<QUrl> &urls,
                                                QThreadPool *thumbnailHelpers = nullptr);

    // Picks CatalogFilter's text plan for a page: Scan when the text is in at least
    // max(denseTextRows(), 2 % of the images) rows, or too short for the index; else Ids, with
    // every matching id (a JSON array) in `ids` when it is given.
    static CatalogFilter::TextPlan textPlan(const QSqlDatabase &db, const QString &text, QString *ids = nullptr);
    static void setDenseTextRows(int rows);   // for tests; default 20,000
    static int denseTextRows();
    // Every reader thread remembers its last text's plan while the catalog is unchanged, so the
    // blocks of one search probe the text once; this makes the next page of any text probe again
    // (catalogbench: each timed search is a user's first of its text).
    static void forgetRememberedPlans();
};

} // namespace glint
