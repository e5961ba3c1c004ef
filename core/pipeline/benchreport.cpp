#include "core/pipeline/benchreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <cmath>

namespace glint {
namespace {

double rounded(double v, int decimals = 3)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

QJsonObject distribution(const LagStats &s)
{
    return QJsonObject{{QStringLiteral("p50"), rounded(s.p50)},
                       {QStringLiteral("p99"), rounded(s.p99)},
                       {QStringLiteral("max"), rounded(s.max)},
                       {QStringLiteral("samples"), s.samples}};
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject BenchReport::toJson(const ChunkedVector<Item> &items, const BenchMetrics &m)
{
    QJsonArray list;
    int ok = 0;
    for (const Item &item : items) {
        const bool good = item.state == Item::State::Done;
        ok += good;
        list.append(QJsonObject{
            {QStringLiteral("url"), item.url.toString(QUrl::FullyEncoded)},
            {QStringLiteral("page"), item.page.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(item.page.toString(QUrl::FullyEncoded))},
            {QStringLiteral("status"), good ? QStringLiteral("ok") : QStringLiteral("error")},
            {QStringLiteral("error"), good ? QString() : (item.failure.isNone() ? QStringLiteral("Not finished") : item.error())},
            {QStringLiteral("width"), good ? QJsonValue(item.size.width()) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("height"), good ? QJsonValue(item.size.height()) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("format"), orNull(QString::fromLatin1(item.format))},
            {QStringLiteral("bytes"), item.bytes},
            {QStringLiteral("sha256"), orNull(QString::fromLatin1(item.sha256))},
            {QStringLiteral("file"), orNull(item.file)},
        });
    }
    const int failed = int(items.size()) - ok;
    QJsonObject metrics{
        {QStringLiteral("wall_s"), rounded(m.wallS)},
        {QStringLiteral("first_thumbnail_s"), m.firstThumbnailS < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(rounded(m.firstThumbnailS))},
        {QStringLiteral("items_ok"), ok},
        {QStringLiteral("items_failed"), failed},
        {QStringLiteral("images_per_s"), m.wallS > 0 ? rounded(ok / m.wallS, 2) : 0.0},
        {QStringLiteral("bytes_downloaded"), m.bytesDownloaded},
        {QStringLiteral("lag_ms"), distribution(m.lag)},
        {QStringLiteral("lag_after_first_frame_max_ms"), m.lagMaxOnScreen < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(rounded(m.lagMaxOnScreen))},
        {QStringLiteral("input_latency_ms"), distribution(m.inputLatency)},
        {QStringLiteral("stalls_over_16ms"), m.lag.over16},
        {QStringLiteral("stalls_over_50ms"), m.lag.over50},
        {QStringLiteral("gui_thread_work"), QJsonObject{{QStringLiteral("decodes"), m.decodesOnGui},
                                                        {QStringLiteral("queries"), m.queriesOnGui},
                                                        {QStringLiteral("file_writes"), m.fileWritesOnGui},
                                                        {QStringLiteral("waits"), m.waitsOnGui}}},
        {QStringLiteral("peak_rss_mb"), rounded(m.peakRssMb, 1)},
        {QStringLiteral("gui_thread_ms_per_item"), rounded(m.guiThreadMsPerItem, 3)},
    };
    if (m.hasViewer) {
        const auto percentiles = [](const LagStats &s) {
            return QJsonObject{{QStringLiteral("p50"), rounded(s.p50)}, {QStringLiteral("p99"), rounded(s.p99)},
                               {QStringLiteral("max"), rounded(s.max)}};
        };
        const ViewerBenchMetrics &v = m.viewer;
        metrics.insert(QStringLiteral("viewer"), QJsonObject{
            {QStringLiteral("steps"), v.steps},
            {QStringLiteral("first_paint_ms"), percentiles(v.firstPaint)},
            {QStringLiteral("sharp_ms"), percentiles(v.sharp)},
            {QStringLiteral("sharp_missed"), v.sharpMissed},
            {QStringLiteral("burst_settle_ms"), v.burstSettleMs < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(rounded(v.burstSettleMs))},
            {QStringLiteral("lag_ms"), distribution(v.lag)},
            {QStringLiteral("peak_rss_mb"), rounded(v.peakRssMb, 1)},
            {QStringLiteral("gui_thread_ms_per_step"), rounded(v.guiThreadMsPerStep, 3)},
        });
    }
    if (m.hasScroll) {
        const ScrollBenchMetrics &s = m.scroll;
        metrics.insert(QStringLiteral("scroll"), QJsonObject{
            {QStringLiteral("steps"), s.steps},
            {QStringLiteral("frame_ms"), QJsonObject{{QStringLiteral("p50"), rounded(s.frame.p50)}, {QStringLiteral("p99"), rounded(s.frame.p99)},
                                                     {QStringLiteral("max"), rounded(s.frame.max)}}},
            {QStringLiteral("tiles_checked"), s.tilesChecked},
            {QStringLiteral("tiles_late"), s.tilesLate},
            {QStringLiteral("gui_thread_ms_per_step"), rounded(s.guiThreadMsPerStep, 3)},
        });
    }
    return QJsonObject{{QStringLiteral("glint"), QStringLiteral(GLINT_VERSION)},
                       {QStringLiteral("mode"), m.mode},
                       {QStringLiteral("items"), list},
                       {QStringLiteral("metrics"), metrics}};
}

QString BenchReport::write(const QString &path, const ChunkedVector<Item> &items, const BenchMetrics &metrics)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.write(QJsonDocument(toJson(items, metrics)).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace glint
