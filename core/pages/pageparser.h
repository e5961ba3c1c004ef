#pragma once
// Finds the images a web page references, with a real HTML5 parser (gumbo), never regular
// expressions. Pure and thread-safe: call it on a worker thread.
//
// Today it takes <img src> and the largest <img srcset> candidate; resolves against <base href> and
// the page URL; keeps http(s) only, so a page can never make Glint read a local file; de-duplicates
// and keeps page order; stops at kMaxReferences.
#include <QByteArray>
#include <QList>
#include <QUrl>

namespace glint {

class PageParser final {
public:
    static constexpr int kMaxReferences = 5000;
    static QList<QUrl> imageUrls(const QByteArray &html, const QUrl &pageUrl);
    // True when the bytes look like markup rather than an image or other binary.
    static bool looksLikeHtml(const QByteArray &head);
};

} // namespace glint
