#include "core/demo/faultroutes.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <atomic>
#include <memory>

namespace glint {
namespace {

QFuture<HttpResponse> ready(HttpResponse response)
{
    return QtFuture::makeReadyFuture(std::move(response));
}

HttpResponse redirectTo(const QByteArray &location)
{
    HttpResponse r = HttpResponse::plain(302, "Moved");
    r.extraHeaders.append({QByteArrayLiteral("Location"), location});
    return r;
}

HttpResponse image()
{
    return HttpResponse::ok(FaultRoutes::sampleJpeg(), "image/jpeg");
}

} // namespace

QByteArray FaultRoutes::sampleJpeg()
{
    static const QByteArray bytes = [] {
        QImage canvas(320, 200, QImage::Format_RGB32);
        QLinearGradient gradient(0, 0, 320, 200);
        gradient.setColorAt(0, QColor(0x1e, 0x88, 0xe5));
        gradient.setColorAt(1, QColor(0x8e, 0x24, 0xaa));
        QPainter(&canvas).fillRect(canvas.rect(), gradient);
        QByteArray out;
        QBuffer buffer(&out);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setQuality(85);
        writer.write(canvas);
        return out;
    }();
    return bytes;
}

QList<FaultCase> FaultRoutes::cases()
{
    return {
        {QStringLiteral("/faults/not-found.jpg"), QStringLiteral("404 Not Found"), Failure::Kind::HttpStatus},
        {QStringLiteral("/faults/server-error.jpg"), QStringLiteral("500 on every try"), Failure::Kind::HttpStatus},
        {QStringLiteral("/faults/flaky.jpg"), QStringLiteral("503 twice, then the image"), Failure::Kind::None},
        {QStringLiteral("/faults/redirect-chain.jpg"), QStringLiteral("three redirects, then the image"), Failure::Kind::None},
        {QStringLiteral("/faults/redirect-loop.jpg"), QStringLiteral("redirects to a page that redirects back"), Failure::Kind::TooManyRedirects},
        {QStringLiteral("/faults/slow-drip.jpg"), QStringLiteral("the image, 512 bytes every 20 ms"), Failure::Kind::None},
        {QStringLiteral("/faults/stall-after-headers.jpg"), QStringLiteral("headers, then nothing"), Failure::Kind::NoData},
        {QStringLiteral("/faults/silence.jpg"), QStringLiteral("accepts the connection, says nothing"), Failure::Kind::NoData},
        {QStringLiteral("/faults/truncated.jpg"), QStringLiteral("half the body, then closes"), Failure::Kind::Truncated},
        {QStringLiteral("/faults/wrong-type.jpg"), QStringLiteral("a JPEG labelled text/html"), Failure::Kind::None},
        {QStringLiteral("/faults/no-type.jpg"), QStringLiteral("a JPEG with no Content-Type"), Failure::Kind::None},
        {QStringLiteral("/faults/endless.jpg"), QStringLiteral("a body that never ends"), Failure::Kind::TooLarge},
        {QStringLiteral("/faults/huge.jpg"), QStringLiteral("claims 400 MB in Content-Length"), Failure::Kind::TooLarge},
        {QStringLiteral("/faults/page.jpg"), QStringLiteral("an HTML page where an image should be"), Failure::Kind::NotAnImage},
        {QStringLiteral("/faults/short-close.jpg"), QStringLiteral("announces the whole length, sends half, closes cleanly"), Failure::Kind::Truncated},
        {QStringLiteral("/faults/chunked-cut.jpg"), QStringLiteral("chunked, cut off before the last chunk"), Failure::Kind::Incomplete},
    };
}

void FaultRoutes::install(HttpServer &server, const QStringList &goodImages)
{
    auto flakyCount = std::make_shared<std::atomic<int>>(0);
    const QList<std::pair<QString, HttpHandler>> routes{
        {QStringLiteral("/faults/not-found.jpg"), [](const HttpRequest &) { return ready(HttpResponse::plain(404, "Not Found")); }},
        {QStringLiteral("/faults/server-error.jpg"), [](const HttpRequest &) { return ready(HttpResponse::plain(500)); }},
        {QStringLiteral("/faults/flaky.jpg"), [flakyCount](const HttpRequest &) {
             if (flakyCount->fetch_add(1) % 3 < 2) {
                 HttpResponse r = HttpResponse::plain(503);
                 r.extraHeaders.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("0")});
                 return ready(r);
             }
             return ready(image());
         }},
        {QStringLiteral("/faults/redirect-chain.jpg"), [](const HttpRequest &) { return ready(redirectTo("/faults/redirect-chain/2")); }},
        {QStringLiteral("/faults/redirect-chain/2"), [](const HttpRequest &) { return ready(redirectTo("/faults/redirect-chain/3")); }},
        {QStringLiteral("/faults/redirect-chain/3"), [](const HttpRequest &) { return ready(redirectTo("/faults/no-type.jpg")); }},
        {QStringLiteral("/faults/redirect-loop.jpg"), [](const HttpRequest &) { return ready(redirectTo("/faults/redirect-loop/b")); }},
        {QStringLiteral("/faults/redirect-loop/b"), [](const HttpRequest &) { return ready(redirectTo("/faults/redirect-loop.jpg")); }},
        {QStringLiteral("/faults/slow-drip.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::Drip;
             return ready(r);
         }},
        {QStringLiteral("/faults/stall-after-headers.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::StallAfterHeaders;
             return ready(r);
         }},
        {QStringLiteral("/faults/silence.jpg"), [](const HttpRequest &) {
             HttpResponse r;
             r.fault = HttpResponse::Fault::Silence;
             return ready(r);
         }},
        {QStringLiteral("/faults/truncated.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::Truncate;
             r.declaredLength = r.body.size();
             return ready(r);
         }},
        {QStringLiteral("/faults/short-close.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::ShortClose;
             return ready(r);
         }},
        {QStringLiteral("/faults/chunked-cut.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::ChunkedCut;
             return ready(r);
         }},
        {QStringLiteral("/faults/wrong-type.jpg"), [](const HttpRequest &) { return ready(HttpResponse::ok(sampleJpeg(), "text/html")); }},
        {QStringLiteral("/faults/no-type.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.omitContentType = true;
             return ready(r);
         }},
        {QStringLiteral("/faults/endless.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.fault = HttpResponse::Fault::Endless;
             return ready(r);
         }},
        {QStringLiteral("/faults/huge.jpg"), [](const HttpRequest &) {
             HttpResponse r = image();
             r.declaredLength = 400LL * 1024 * 1024;
             return ready(r);
         }},
        {QStringLiteral("/faults/page.jpg"), [](const HttpRequest &) {
             return ready(HttpResponse::ok("<!doctype html><title>Not here</title><p>Try again later.</p>", "text/html; charset=utf-8"));
         }},
    };
    for (const auto &[path, handler] : routes)
        server.route(path, handler);

    QByteArray page = "<!doctype html><meta charset=utf-8><title>Glint fault gallery</title>"
                      "<h1>Every way a server can fail</h1>\n";
    for (const FaultCase &c : cases())
        page += "<figure><img src=\"" + c.path.toUtf8() + "\" alt=\"\"><figcaption>" + c.description.toHtmlEscaped().toUtf8()
              + "</figcaption></figure>\n";
    for (const QString &good : goodImages)
        page += "<img src=\"" + good.toHtmlEscaped().toUtf8() + "\" alt=\"\">\n";
    server.route(QStringLiteral("/faults/index.html"), [page](const HttpRequest &) {
        return ready(HttpResponse::ok(page, "text/html; charset=utf-8"));
    });
}

} // namespace glint
