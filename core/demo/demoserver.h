#pragma once
// The built-in demo gallery: an HttpServer on 127.0.0.1 serving an index page of `count` images and
// the images themselves. Images are made lazily, on first request, on a worker pool and kept in a
// disk cache (so a second run serves them at once and memory stays flat); concurrent requests for the
// same image share one render. Nothing is generated at start-up and nothing on the GUI thread.
#include "core/http/httpserver.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QUrl>
#include <memory>

namespace glint {

class DemoServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoServer)
public:
    static constexpr int kDefaultCount = 240;

    // cacheDir: where rendered images are kept; empty means CacheLocation/demo-v1.
    explicit DemoServer(int count, const QString &cacheDir = {}, QObject *parent = nullptr);
    ~DemoServer() override;

    HttpServer *http() { return m_http; }   // latency, rate, extra routes (before start())
    void start();
    QUrl indexUrl() const;                   // valid once ready() was emitted
    // The same gallery at addresses of their own ("/run/<run>/…"): nothing cached answers for them.
    QUrl rerunUrl(int run) const;
    QUrl imageUrl(int index) const;
    int count() const { return m_count; }
    QString cacheDir() const { return m_cacheDir; }

Q_SIGNALS:
    void ready(const QUrl &indexUrl);
    void failed(const QString &message);

private:
    struct Cache;
    int m_count;
    QString m_cacheDir;
    HttpServer *m_http;
    std::shared_ptr<Cache> m_cache;
};

} // namespace glint
