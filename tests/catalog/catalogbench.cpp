// Catalog benchmarks (a tool, not a CTest test): figures for docs/BENCHMARKS.md, section 4.
//   catalogbench [--dir DIR] [--rows N] [--json FILE]
// 1. Instant restore: a 10,000-image catalog with real 240×180 JPEG thumbnails is reopened through
//    the async API; measured: open (integrity check included) and the first screen (60 thumbnails
//    decoded as QImage), with the main thread's event-loop lag meanwhile.
// 2. Search: N (default 1,000,000) synthetic rows; time to the first page (200 rows, thumbnails
//    decoded) and to the totals, for several searches, with the lag meanwhile.
// Catalog files are kept in DIR (default /tmp/glint-catalogbench) so reruns skip the filling.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogreader.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/idwalkspan.h"
#include "core/probe/lagprobe.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlError>
#include <QTest>
#include <QThread>
#include <algorithm>
#include <cstdio>

using namespace glint;

namespace {

QByteArray thumbnailJpeg(int variant)
{
    QImage image(240, 180, QImage::Format_RGB32);
    QPainter p(&image);
    QLinearGradient g(0, 0, 240, 180);
    g.setColorAt(0, QColor::fromHsv((variant * 37) % 360, 200, 230));
    g.setColorAt(1, QColor::fromHsv((variant * 91 + 120) % 360, 160, 90));
    p.fillRect(image.rect(), g);
    p.setPen(Qt::white);
    p.setFont(QFont(QStringLiteral("Sans"), 40, QFont::Bold));
    p.drawText(image.rect(), Qt::AlignCenter, QString::number(variant));
    for (int i = 0; i < 12; ++i)
        p.drawEllipse(QPoint((variant * 13 + i * 41) % 240, (variant * 7 + i * 29) % 180), 8 + i, 6 + i);
    p.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 85);
    return bytes;
}

template <typename T>
T wait(QFuture<T> future)
{
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return future.result();
}

struct Timed {
    double ms = 0;
    LagStats lag;
};

// Runs `start` (which posts async work) and spins the event loop until `done`, with a LagProbe on.
template <typename F, typename D>
Timed timed(F start, D done)
{
    LagProbe probe;
    probe.start();
    QElapsedTimer clock;
    clock.start();
    start();
    while (!done())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    Timed t;
    t.ms = double(clock.nsecsElapsed()) / 1e6;
    QTest::qWait(20);   // a few more samples after the end
    probe.stop();
    t.lag = probe.stats();
    return t;
}

QJsonObject json(const Timed &t)
{
    return {{QStringLiteral("ms"), t.ms},
            {QStringLiteral("lag_p50_ms"), t.lag.p50},
            {QStringLiteral("lag_p99_ms"), t.lag.p99},
            {QStringLiteral("lag_max_ms"), t.lag.max},
            {QStringLiteral("lag_samples"), t.lag.samples}};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

bool exec(QSqlQuery &q, const QString &sql)
{
    if (!q.exec(sql)) {
        std::fprintf(stderr, "SQL failed: %s\n%s\n", qPrintable(q.lastError().text()), qPrintable(sql));
        return false;
    }
    return true;
}

// Fills an empty catalog (made by Catalog::open, so the schema is the real one) with `rows`
// synthetic images in a few big statements on a connection of this tool. Not how Glint writes;
// only a quick way to get a big file.
bool fill(const QString &path, int rows, int thumbnailVariants)
{
    {
        Catalog catalog;
        if (!wait(catalog.open(path)).ok)
            return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fill"));
    db.setDatabaseName(path);
    if (!db.open())
        return false;
    {
        QSqlQuery q(db);
        exec(q, QStringLiteral("PRAGMA journal_mode = OFF"));
        exec(q, QStringLiteral("PRAGMA synchronous = OFF"));
        exec(q, QStringLiteral("PRAGMA cache_size = -400000"));
        exec(q, QStringLiteral("BEGIN"));
        const int pages = qMax(1, rows / 50);
        const qint64 base = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const QString seq = QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ");
        bool ok = exec(q, seq.arg(pages) + QStringLiteral(
            "INSERT INTO pages(id, url, host, first_seen) SELECT i, 'http://host' || (i % 500) || '.example/gallery/' || i || '.html',"
            " 'host' || (i % 500) || '.example', %1 FROM n").arg(base));
        // Formats: 50 % jpeg, 25 % png, 15 % webp, 10 % gif. Dates: one image every ~30 s, shuffled.
        ok = ok && exec(q, seq.arg(rows) + QStringLiteral(
            "INSERT INTO images(id, sha256, bytes, format, width, height, pixels, file, added_at, url, host, page_id)"
            " SELECT i, printf('%064x', i), 20000 + (i * 7919) % 5000000, fmt, w, h, w * h,"
            " '/home/user/Pictures/Glint/img' || i || '.' || fmt, %1 + ((i * 104729) % %2) * 30000,"
            " 'http://host' || (i % 500) || '.example/gallery/' || (i % %3 + 1) || '/img' || i || '.' || fmt,"
            " 'host' || (i % 500) || '.example', i % %3 + 1"
            " FROM (SELECT i, CASE WHEN i % 20 < 10 THEN 'jpeg' WHEN i % 20 < 15 THEN 'png' WHEN i % 20 < 18 THEN 'webp' ELSE 'gif' END AS fmt,"
            "       200 + (i * 2654435761) % 5800 AS w, 150 + (i * 40503) % 3900 AS h FROM n)")
            .arg(base).arg(rows).arg(pages));
        ok = ok && exec(q, QStringLiteral(
            "INSERT INTO sources(url, page_id, image_id, status, error, http_status, fetched_at, etag, last_modified)"
            " SELECT url, page_id, id, 'ok', '', 200, added_at, '', '' FROM images"));
        QSqlQuery thumb(db);
        thumb.prepare(QStringLiteral("INSERT INTO thumbnails(image_id, data) SELECT id, ? FROM images WHERE id % ? = ?"));
        for (int v = 0; ok && v < thumbnailVariants; ++v) {
            thumb.bindValue(0, thumbnailJpeg(v));
            thumb.bindValue(1, thumbnailVariants);
            thumb.bindValue(2, v);
            ok = thumb.exec();
        }
        // The text index, as the schema's migration builds it.
        ok = ok && exec(q, QStringLiteral("DELETE FROM images_text"));
        ok = ok && exec(q, QStringLiteral(
            "INSERT INTO images_text(rowid, text) SELECT i.id, substr(i.file, length(rtrim(i.file, replace(i.file, '/', ''))) + 1)"
            " || char(10) || i.url || coalesce(char(10) || (SELECT url FROM pages WHERE id = i.page_id), '') FROM images i"));
        ok = ok && exec(q, QStringLiteral("COMMIT"));
        exec(q, QStringLiteral("INSERT INTO images_text(images_text) VALUES ('optimize')"));
        exec(q, QStringLiteral("ANALYZE"));
        exec(q, QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!ok)
            return false;
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("fill"));
    return true;
}

QString machine()
{
    QFile cpu(QStringLiteral("/proc/cpuinfo"));
    QString model;
    if (cpu.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpu.readAll().split('\n'))
            if (line.startsWith("model name")) {
                model = QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
                break;
            }
    }
    return QStringLiteral("%1 × %2").arg(QThread::idealThreadCount()).arg(model);
}

} // namespace

int main(int argc, char **argv)
{
    // Offscreen unless told otherwise: the thumbnails are drawn with text, which needs fonts.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("dir"), QStringLiteral("Where the catalogs are kept."), QStringLiteral("DIR"),
                      QStringLiteral("/tmp/glint-catalogbench")});
    parser.addOption({QStringLiteral("rows"), QStringLiteral("Rows of the search catalog."), QStringLiteral("N"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Write the figures as JSON."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("searches-only"), QStringLiteral("Skip the restore and the checked opens: open once, then search.")});
    parser.addOption({QStringLiteral("blocks-only"), QStringLiteral("With --searches-only: only the blocks in the middle.")});
    parser.addOption({QStringLiteral("during-check"),
                      QStringLiteral("With --searches-only: open as after an unclean end and search as soon as the catalog is "
                                     "readable, while the full integrity check still runs.")});
    parser.process(app);
    const QString dir = parser.value(QStringLiteral("dir"));
    const int rows = parser.value(QStringLiteral("rows")).toInt();
    QDir().mkpath(dir);
    QJsonObject report{{QStringLiteral("machine"), machine()}};
    std::printf("machine: %s\n", qPrintable(machine()));
    setvbuf(stdout, nullptr, _IOLBF, 0);   // progress lines appear as they happen

    // 0. The machine's own noise: the same lag probe with nothing to do for 3 s. Lag above this
    //    during the runs below is what the catalog costs the main thread.
    {
        QElapsedTimer idle;
        idle.start();
        const Timed t = timed([] {}, [&] { return idle.elapsed() >= 3000; });
        std::printf("idle baseline: lag p50 %.1f p99 %.1f max %.1f ms (%d samples)\n", t.lag.p50, t.lag.p99, t.lag.max,
                    t.lag.samples);
        report.insert(QStringLiteral("idle_baseline"), json(t));
    }

    const bool searchesOnly = parser.isSet(QStringLiteral("searches-only"));
    const bool duringCheck = searchesOnly && parser.isSet(QStringLiteral("during-check"));
    const bool blocksOnly = searchesOnly && parser.isSet(QStringLiteral("blocks-only"));
    // 1. Instant restore.
    const QString small = dir + QStringLiteral("/restore-10k.sqlite");
    if (!searchesOnly && !QFileInfo::exists(small)) {
        QElapsedTimer t;
        t.start();
        if (!fill(small, 10000, 500))
            return 1;
        std::printf("made %s in %.1f s\n", qPrintable(small), double(t.elapsed()) / 1000);
    }
    if (!searchesOnly) {
        // Interleaved: even runs open after a session that did not end cleanly (no clean-close mark:
        // every page is checked), odd runs after a clean close (the mark matches: header only).
        std::vector<double> openMs, screenMs, lagMax, lagP99, openFullMs, screenFullMs;
        for (int run = 0; run < 8; ++run) {
            const bool full = run % 2 == 0;
            if (full)
                QFile::remove(small + QStringLiteral(".clean"));
            auto catalog = std::make_unique<Catalog>();
            QFuture<CatalogOpenResult> opened;
            QFuture<QList<CatalogImage>> screen;
            QElapsedTimer clock;
            double openedAt = 0;
            // As the window does it: the first screen is asked for as soon as the catalog is
            // readable, while the full integrity check still runs on the writer.
            QObject::connect(catalog.get(), &Catalog::readable, qApp, [&] {
                CatalogQuery first;
                first.limit = 60;
                screen = catalog->search(first);
            });
            const Timed t = timed(
                [&] {
                    clock.start();
                    opened = catalog->open(small);
                    // Without a context: stamped on the writer thread the moment the open ends.
                    opened.then([&](const CatalogOpenResult &) { openedAt = double(clock.nsecsElapsed()) / 1e6; });
                },
                [&] { return screen.isValid() && screen.isStarted() && screen.isFinished(); });
            wait(opened);
            QThread::msleep(5);   // the stamping continuation runs right after the future finished
            const QList<CatalogImage> images = screen.result();
            if (images.size() != 60 || images[0].thumbnail.isNull())
                return 1;
            (full ? openFullMs : openMs).push_back(openedAt);
            (full ? screenFullMs : screenMs).push_back(t.ms);
            lagMax.push_back(t.lag.max);
            lagP99.push_back(t.lag.p99);
            std::printf("restore run %d: open %s %.1f ms, first screen %.1f ms, lag p99 %.1f max %.1f ms\n", run,
                        full ? "with full check" : "after a clean close", openedAt, t.ms, t.lag.p99, t.lag.max);
        }
        report.insert(QStringLiteral("restore_10k"),
                      QJsonObject{{QStringLiteral("file_mb"), double(QFileInfo(small).size()) / 1e6},
                                  {QStringLiteral("open_ms_median"), median(openMs)},
                                  {QStringLiteral("open_full_check_ms_median"), median(openFullMs)},
                                  {QStringLiteral("first_screen_full_check_ms_median"), median(screenFullMs)},
                                  {QStringLiteral("first_screen_ms_median"), median(screenMs)},
                                  {QStringLiteral("first_screen_ms_first_run"), screenMs.front()},
                                  {QStringLiteral("lag_p99_ms_median"), median(lagP99)},
                                  {QStringLiteral("lag_max_ms_worst"), *std::max_element(lagMax.begin(), lagMax.end())}});
    }

    // 2. Search over many rows.
    const QString big = dir + QStringLiteral("/search-%1.sqlite").arg(rows);
    if (!QFileInfo::exists(big)) {
        QElapsedTimer t;
        t.start();
        if (!fill(big, rows, 500)) {
            QFile::remove(big);
            return 1;
        }
        std::printf("made %s in %.1f s\n", qPrintable(big), double(t.elapsed()) / 1000);
    }
    report.insert(QStringLiteral("search_rows"), rows);
    report.insert(QStringLiteral("search_file_mb"), double(QFileInfo(big).size()) / 1e6);
    // Opened three times, interleaved: after an unclean end (full check), after a clean close, and
    // the same again; the catalog of the last open stays for the searches.
    auto catalogHolder = std::make_unique<Catalog>();
    QFuture<CatalogOpenResult> checking;   // --during-check: the open still running its full check
    QElapsedTimer sinceOpen;
    for (int run = searchesOnly ? 3 : 0; run < 4; ++run) {
        const bool full = run % 2 == 0 || duringCheck;
        if (duringCheck) {
            catalogHolder = std::make_unique<Catalog>();
            QFile::remove(big + QStringLiteral(".clean"));
            sinceOpen.start();
            checking = catalogHolder->open(big);
            while (!catalogHolder->isReadable() && !checking.isFinished())
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            std::printf("open %d rows with full check: readable after %lld ms; searching while the check runs\n", rows,
                        sinceOpen.elapsed());
            break;
        }
        catalogHolder = std::make_unique<Catalog>();
        if (full)
            QFile::remove(big + QStringLiteral(".clean"));
        QElapsedTimer t;
        t.start();
        const CatalogOpenResult opened = wait(catalogHolder->open(big));
        if (!opened.ok) {
            std::fprintf(stderr, "%s\n", qPrintable(opened.message));
            return 1;
        }
        report.insert(full ? QStringLiteral("search_open_full_check_ms") : QStringLiteral("search_open_ms"), double(t.elapsed()));
        std::printf("open %d rows %s: %lld ms\n", rows, full ? "with full check" : "after a clean close", t.elapsed());
        if (run < 3)
            catalogHolder.reset();   // a clean close: writes the mark
    }
    Catalog &catalog = *catalogHolder;
    struct Case {
        const char *name;
        CatalogQuery query;
    };
    QList<Case> cases;
    cases << Case{"newest, no filter", {}};
    CatalogQuery few;
    few.text = QStringLiteral("img123456.");
    cases << Case{"text matching 1 row (img123456.)", few};
    CatalogQuery some;
    some.text = QStringLiteral("host17.example");
    cases << Case{"text matching 0.2 % (host17.example)", some};
    CatalogQuery many;
    many.text = QStringLiteral("gallery");
    cases << Case{"text matching every row (gallery)", many};
    CatalogQuery prefix;
    prefix.text = QStringLiteral("img3");   // the start of a file name, as a user types it
    cases << Case{"text matching 11 % (img3)", prefix};
    CatalogQuery shortText;
    shortText.text = QStringLiteral("g1");
    cases << Case{"two-letter text (g1)", shortText};
    CatalogQuery fmt;
    fmt.format = "png";
    fmt.minWidth = 1920;
    fmt.minHeight = 1080;
    cases << Case{"PNG, at least 1920x1080", fmt};
    CatalogQuery host;
    host.sort = CatalogQuery::Sort::Host;
    cases << Case{"sort by host", host};
    CatalogQuery largest;
    largest.sort = CatalogQuery::Sort::Largest;
    cases << Case{"sort by size (largest)", largest};
    CatalogQuery pixels;
    pixels.sort = CatalogQuery::Sort::MostPixels;
    pixels.text = QStringLiteral("host3");
    cases << Case{"text host3, most pixels", pixels};
    CatalogQuery deep;
    deep.offset = 5000;
    cases << Case{"newest, page at row 5000", deep};

    QJsonArray searches;
    for (const Case &c : blocksOnly ? QList<Case>() : cases) {
        std::vector<double> pageMs, totalsMs, screenMs;
        LagStats worst;
        int found = 0;
        qint64 count = 0;
        for (int run = 0; run < 3; ++run) {
            QFuture<QList<CatalogImage>> page;
            CatalogReader::forgetRememberedPlans();   // each a user's first search of its text
            const Timed p = timed([&] { page = catalog.search(c.query, QStringLiteral("bench")); },
                                  [&] { return page.isFinished(); });
            found = int(page.result().size());
            CatalogQuery screenQuery = c.query;
            screenQuery.limit = 60;   // what the Catalog tab asks for first
            QFuture<QList<CatalogImage>> screen;
            CatalogReader::forgetRememberedPlans();
            const Timed sc = timed([&] { screen = catalog.search(screenQuery, QStringLiteral("bench")); },
                                   [&] { return screen.isFinished(); });
            screenMs.push_back(sc.ms);
            QFuture<CatalogTotals> totals;
            const Timed t = timed([&] { totals = catalog.totals(c.query, QStringLiteral("bench-totals")); },
                                  [&] { return totals.isFinished(); });
            count = totals.result().count;
            pageMs.push_back(p.ms);
            totalsMs.push_back(t.ms);
            for (const LagStats &s : {p.lag, t.lag})
                if (s.max > worst.max)
                    worst = s;
        }
        std::printf("%-40s first screen %6.1f ms  first page %7.1f ms (%3d rows)  totals %7.1f ms (%lld)  lag max %.1f ms%s\n",
                    c.name, median(screenMs), median(pageMs), found, median(totalsMs), count, worst.max,
                    duringCheck ? (checking.isFinished() ? "  (check over)" : "  (check running)") : "");
        searches.append(QJsonObject{{QStringLiteral("search"), QLatin1String(c.name)},
                                    {QStringLiteral("first_screen_60_ms_median"), median(screenMs)},
                                    {QStringLiteral("first_page_ms_median"), median(pageMs)},
                                    {QStringLiteral("first_page_ms_first_run"), pageMs.front()},
                                    {QStringLiteral("rows_in_page"), found},
                                    {QStringLiteral("totals_ms_median"), median(totalsMs)},
                                    {QStringLiteral("count"), count},
                                    {QStringLiteral("lag_max_ms"), worst.max},
                                    {QStringLiteral("lag_p99_ms"), worst.p99}});
    }
    report.insert(QStringLiteral("searches"), searches);

    // A block in the middle of the matches, as the Catalog tab reads one while the user scrolls
    // there: stepping over an OFFSET, and from the key of the row before it (keyset), three rounds,
    // the first of the two alternating; both must give the same rows.
    {
        QJsonArray middles, walks;
        bool heldTimed = false;
        for (const Case &c : cases) {
            const QString name = QLatin1String(c.name);
            if (c.query.offset != 0 || name.contains(QLatin1String("1 row")) || name.startsWith(QLatin1String("typing")))
                continue;
            const qint64 count = wait(catalog.totals(c.query, QStringLiteral("bench-totals"))).count;
            if (count < 1000)
                continue;
            CatalogQuery block = c.query;
            block.limit = 200;
            // The stored thumbnails are read but not decoded: the decode is the same for both
            // (the same 200 rows), and its 40-160 ms would hide what the read costs. The text's
            // plan is remembered from the first read, as it is while the user scrolls.
            block.decodeThumbnails = false;
            block.offset = int(count / 2);
            CatalogQuery before = c.query;
            before.offset = block.offset - 1;
            before.limit = 1;
            const QList<qint64> anchor = wait(catalog.imageIds(before, QStringLiteral("bench")));
            if (anchor.isEmpty())
                continue;
            CatalogQuery seek = block;
            seek.after = anchor.front();
            // A jump made while the id walk is a quarter of the way: the block is read from the
            // key of the walk's furthest row, stepping over the rows between (CatalogModel).
            before.offset = int(count / 4) - 1;
            const QList<qint64> quarter = wait(catalog.imageIds(before, QStringLiteral("bench")));
            CatalogQuery fromWalk = block;
            fromWalk.after = quarter.isEmpty() ? 0 : quarter.front();
            fromWalk.afterSkip = block.offset - int(count / 4);
            std::vector<double> offsetMs, seekMs, probedMs, walkMs;
            bool same = true;
            for (int run = 0; run < 3; ++run) {
                QFuture<QList<CatalogImage>> a, b;
                const auto byOffset = [&] {
                    offsetMs.push_back(timed([&] { a = catalog.search(block, QStringLiteral("bench")); },
                                             [&] { return a.isFinished(); }).ms);
                };
                const auto byKey = [&] {
                    seekMs.push_back(timed([&] { b = catalog.search(seek, QStringLiteral("bench")); },
                                           [&] { return b.isFinished(); }).ms);
                };
                if (run % 2 == 0) {
                    byOffset();
                    byKey();
                } else {
                    byKey();
                    byOffset();
                }
                QFuture<QList<CatalogImage>> w;
                walkMs.push_back(timed([&] { w = catalog.search(fromWalk, QStringLiteral("bench")); },
                                       [&] { return w.isFinished(); }).ms);
                if (!c.query.text.isEmpty()) {   // the same read, its text's plan probed again
                    QFuture<QList<CatalogImage>> f;
                    CatalogReader::forgetRememberedPlans();
                    probedMs.push_back(timed([&] { f = catalog.search(seek, QStringLiteral("bench")); },
                                             [&] { return f.isFinished(); }).ms);
                }
                const auto idsOf = [](const QFuture<QList<CatalogImage>> &read) {
                    QList<qint64> ids;
                    for (const CatalogImage &image : read.result())
                        ids << image.id;
                    return ids;
                };
                const QList<qint64> idsA = idsOf(a);
                same = same && idsA == idsOf(b) && idsA == idsOf(w) && idsA.size() == 200;
            }
            if (c.query.text.isEmpty() && !heldTimed) {
                // The same block read again after the tab gave its rows back: with its stored
                // thumbnails decoded, and with all of them still in the tab's cache (sent as held).
                heldTimed = true;
                CatalogQuery decoded = seek;
                decoded.decodeThumbnails = true;
                CatalogQuery held = decoded;
                for (const qint64 id : wait(catalog.imageIds(seek, QStringLiteral("bench"))))
                    held.thumbnailsHeld.insert(id);
                std::vector<double> decodedMs, heldMs;
                for (int run = 0; run < 6; ++run) {
                    QFuture<QList<CatalogImage>> f;
                    const CatalogQuery &q = run % 2 == 0 ? decoded : held;
                    (run % 2 == 0 ? decodedMs : heldMs).push_back(timed([&] { f = catalog.search(q, QStringLiteral("bench")); },
                                                                      [&] { return f.isFinished(); }).ms);
                }
                std::printf("%-40s   the same again, thumbnails decoded %.1f ms, all held by the cache %.1f ms (medians of 3; %.1f %.1f %.1f / %.1f %.1f %.1f)\n",
                            "", median(decodedMs), median(heldMs), decodedMs[0], decodedMs[1], decodedMs[2],
                            heldMs[0], heldMs[1], heldMs[2]);
                report.insert(QStringLiteral("block_again"), QJsonObject{{QStringLiteral("search"), name},
                                                                         {QStringLiteral("decoded_ms_median"), median(decodedMs)},
                                                                         {QStringLiteral("held_ms_median"), median(heldMs)}});
            }
            {
                // The Catalog tab learns every row's id once the user scrolls (CatalogModel::learnIds):
                // spans sized by IdWalkSpan, each read from the key of the row before it. How long the
                // walk takes, and the longest span (what a block being painted may wait behind it).
                CatalogQuery span = c.query;
                span.limit = IdWalkSpan::kFirst;
                span.decodeThumbnails = false;
                QElapsedTimer walk;
                walk.start();
                double longest = 0;
                qint64 learnt = 0;
                int spans = 0;
                for (;;) {
                    // Not timed(): its 20 ms of lag samples after each read would count per span.
                    QElapsedTimer one;
                    one.start();
                    QFuture<QList<qint64>> f = catalog.imageIds(span, QStringLiteral("bench-walk"));
                    while (!f.isFinished())
                        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
                    const double ms = double(one.nsecsElapsed()) / 1e6;
                    const QList<qint64> ids = f.result();
                    longest = qMax(longest, ms);
                    ++spans;
                    learnt += ids.size();
                    if (ids.size() < span.limit)
                        break;
                    span.after = ids.back();
                    span.offset += int(ids.size());
                    span.limit = IdWalkSpan::next(span.limit, ms);
                }
                const double walkMs = double(walk.nsecsElapsed()) / 1e6;
                std::printf("%-40s   every id learnt: %lld ids in %d spans, %.0f ms in all, longest span %.1f ms%s\n", "",
                            learnt, spans, walkMs, longest, learnt == count ? "" : "  COUNT DIFFERS");
                walks.append(QJsonObject{{QStringLiteral("search"), name},
                                         {QStringLiteral("ids"), learnt},
                                         {QStringLiteral("spans"), spans},
                                         {QStringLiteral("walk_ms"), walkMs},
                                         {QStringLiteral("longest_span_ms"), longest}});
            }
            std::printf("%-40s block at row %7d: OFFSET %7.1f ms, from its neighbour's key %6.1f ms (medians of 3; %.1f %.1f %.1f / %.1f %.1f %.1f)%s\n",
                        c.name, block.offset, median(offsetMs), median(seekMs), offsetMs[0], offsetMs[1], offsetMs[2],
                        seekMs[0], seekMs[1], seekMs[2], same ? "" : "  DIFFERENT ROWS");
            std::printf("%-40s   the same from the key %lld rows before it (a walk a quarter of the way): %.1f ms (%.1f %.1f %.1f)\n", "",
                        qint64(fromWalk.afterSkip) + 1, median(walkMs), walkMs[0], walkMs[1], walkMs[2]);
            if (!probedMs.empty())
                std::printf("%-40s   the same from its key, the text's plan probed again: %.1f ms (%.1f %.1f %.1f)\n", "",
                            median(probedMs), probedMs[0], probedMs[1], probedMs[2]);
            middles.append(QJsonObject{{QStringLiteral("search"), name},
                                       {QStringLiteral("row"), block.offset},
                                       {QStringLiteral("offset_ms_median"), median(offsetMs)},
                                       {QStringLiteral("keyset_ms_median"), median(seekMs)},
                                       {QStringLiteral("from_quarter_key_ms_median"), median(walkMs)},
                                       {QStringLiteral("keyset_plan_probed_ms_median"), probedMs.empty() ? 0.0 : median(probedMs)},
                                       {QStringLiteral("same_rows"), same}});
        }
        report.insert(QStringLiteral("middle_blocks"), middles);
        report.insert(QStringLiteral("id_walks"), walks);
    }

    if (blocksOnly)
        return 0;

    // Typing: a new search per key on one channel, as the search bar sends them (without its
    // debounce): only the last must arrive, and the loop must not stall meanwhile.
    {
        const QString typed = QStringLiteral("host42.example/gallery");
        QFuture<QList<CatalogImage>> last;
        int delivered = 0;
        const Timed t = timed(
            [&] {
                for (int i = 1; i <= typed.size(); ++i) {
                    CatalogQuery q;
                    q.text = typed.left(i);
                    last = catalog.search(q, QStringLiteral("typing"));
                    last.then(qApp, [&](const QList<CatalogImage> &) { ++delivered; });
                }
            },
            [&] { return last.isFinished() && delivered > 0; });
        std::printf("typing %lld keys at once: last result after %.1f ms, %d delivered, lag max %.1f ms\n",
                    qint64(typed.size()), t.ms, delivered, t.lag.max);
        report.insert(QStringLiteral("typing_burst"), json(t));
    }

    // Typing as people type, ten keys a second, each key asking for a first screen (60 rows) and
    // the totals as the Catalog tab does: how long after the last key its result comes. Short
    // prefixes ("h", "ho") have totals that read every row; a search nobody wants any more must not
    // keep the reader threads from the one that is wanted (StaleInterrupt).
    {
        const QString typed = QStringLiteral("host42.example/g");
        QFuture<QList<CatalogImage>> last;
        QFuture<CatalogTotals> lastTotals;
        QElapsedTimer sinceLastKey;
        LagProbe probe;
        probe.start();
        for (int i = 1; i <= typed.size(); ++i) {
            CatalogQuery q;
            q.text = typed.left(i);
            q.limit = 60;
            last = catalog.search(q, QStringLiteral("paced"));
            lastTotals = catalog.totals(q, QStringLiteral("paced-totals"));
            sinceLastKey.start();
            if (i < typed.size())
                QTest::qWait(100);
        }
        while (!last.isFinished())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
        const double pageMs = double(sinceLastKey.nsecsElapsed()) / 1e6;
        while (!lastTotals.isFinished())
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
        const double totalsMs = double(sinceLastKey.nsecsElapsed()) / 1e6;
        probe.stop();
        const LagStats lag = probe.stats();
        std::printf("typing %lld keys at 10/s: last key's first screen after %.1f ms, its totals after %.1f ms, lag max %.1f ms\n",
                    qint64(typed.size()), pageMs, totalsMs, lag.max);
        report.insert(QStringLiteral("typing_paced"),
                      QJsonObject{{QStringLiteral("keys"), int(typed.size())},
                                  {QStringLiteral("last_first_screen_ms"), pageMs},
                                  {QStringLiteral("last_totals_ms"), totalsMs},
                                  {QStringLiteral("lag_max_ms"), lag.max}});
    }

    const QByteArray out = QJsonDocument(report).toJson();
    if (parser.isSet(QStringLiteral("json"))) {
        QFile f(parser.value(QStringLiteral("json")));
        if (f.open(QIODevice::WriteOnly))
            f.write(out);
    }
    return 0;
}
