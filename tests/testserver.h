#pragma once
// Shared by the tests: the project's own demo server on 127.0.0.1 with a few extra routes that
// misbehave — a damaged image and a page mixing good and bad references.
#include "core/demo/demogallery.h"
#include "core/demo/demoserver.h"
#include "testhash.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace glint::test {

// A PNG whose header is real (so it sniffs and reports a size) and whose data is noise.
inline QByteArray damagedPng()
{
    QByteArray png = DemoGallery::encode(DemoGallery::spec(4));   // a PNG
    png.truncate(64);
    for (int i = 0; i < 4000; ++i)
        png.append(char((i * 131) ^ 0x5a));
    return png;
}

class TestServer {
public:
    explicit TestServer(int count, const std::function<void(HttpServer &)> &extraRoutes = {})
        : m_demo(count, m_cache.path())
    {
        if (extraRoutes)
            extraRoutes(*m_demo.http());
        m_demo.http()->route(QStringLiteral("/damaged.png"), [](const HttpRequest &) {
            return QtFuture::makeReadyFuture(HttpResponse::ok(damagedPng(), "image/png"));
        });
        m_demo.http()->route(QStringLiteral("/mixed.html"), [](const HttpRequest &) {
            const QByteArray html = "<!doctype html><title>Mixed</title><body>"
                                    "<img src='images/" + DemoGallery::spec(0).fileName().toUtf8() + "'>"
                                    "<img src='/missing.jpg'>"
                                    "<img src='damaged.png'>"
                                    "<img src='images/" + DemoGallery::spec(1).fileName().toUtf8() + "'>"
                                    "<script>document.write('<img src=\"/from-script.jpg\">')</script>"
                                    "</body>";
            return QtFuture::makeReadyFuture(HttpResponse::ok(html, "text/html; charset=utf-8"));
        });
        QSignalSpy ready(&m_demo, &DemoServer::ready);
        m_demo.start();
        m_ok = ready.wait(5000);
    }

    bool ok() const { return m_ok; }
    DemoServer &demo() { return m_demo; }
    QUrl url(const QString &path) { return m_demo.http()->baseUrl().resolved(QUrl(path)); }

    static QByteArray sha256Of(const QString &path) { return fileSha256(path); }
    QByteArray sha256OfDemoImage(int index) const
    {
        return sha256Of(m_cache.filePath(DemoGallery::spec(index).fileName()));
    }

private:
    QTemporaryDir m_cache;
    DemoServer m_demo;
    bool m_ok = false;
};

} // namespace glint::test
