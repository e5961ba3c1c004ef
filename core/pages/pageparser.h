#pragma once
// Finds the images a web page references, with a real HTML5 parser (gumbo), never regular
// expressions over HTML. Pure and thread-safe: call it on a worker thread (a 10 MB page takes a
// noticeable fraction of a second); nothing is shared between calls.
//
// What counts is what a browser with scripts enabled would load, plus links to image files:
// - <img>: one URL, as a browser loads one: what a lazy loader swaps in wins (a data-* srcset such
//   as data-srcset, else a data-* address under a loader's name: data-src, data-original …), src
//   is then a placeholder; else the largest srcset candidate; else src. data-* values that are not
//   addresses (JSON, templates, flags) are ignored, so they never hide a good src; a placeholder
//   src (data:, blank.gif, spacer …) gives way to an image address under any other data-* name.
// - <picture>: the largest candidate among its <source>s of a type Glint decodes (a source typed
//   image/avif or anything unknown is skipped, as a browser skips types it cannot show); else its
//   <img> as above. Media queries are not evaluated: "largest" stands for a desktop window.
// - <a href>/<area href> ending in an image suffix; og:image, twitter:image, itemprop=image;
//   <link rel=image_src>, <link rel=preload as=image>; url() in style attributes and <style>
//   (not in @import or @font-face); images in data-* of other elements (lazy backgrounds such as
//   data-bg, data-bgset, data-bg-hidpi; data-poster, data-image …; see LazyAttributes);
//   <video poster>, <input type=image>, legacy background="", <svg><image href>.
// - Never: <script>, <template>, comments, and <noscript> (a browser that runs scripts treats it as
//   text; its images duplicate the lazy ones anyway).
// URLs resolve against the first <base href> (else the page URL); HTML whitespace is trimmed and
// tabs/newlines removed as the URL parser does; a backslash is a slash as browsers have it. Only
// http and https survive, so a page can never make Glint read a local file; data: URIs are
// dropped and counted; duplicates (fragment ignored) keep their first place; at most
// kMaxReferences are kept.
// Cost: a hostile page cannot hold a worker for long — past kMaxPageBytes, or where its nesting
// would make gumbo's work blow up (ParseBudget), the rest is not parsed and the scan says so.
// Encoding: see PageCharset — BOM, Content-Type charset, <meta> prescan, a <meta> found later by the
// parser (the page is then decoded again, as browsers reload), else UTF-8.
#include "core/pages/pagereference.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace glint {

class PageParser final {
public:
    static constexpr int kMaxReferences = 5000;
    // Bytes past this are not parsed (the downloader stops pages at the same size).
    static constexpr qsizetype kMaxPageBytes = 10 * 1024 * 1024;

    // contentType: the response's Content-Type header value (may be empty).
    static PageScan scan(const QByteArray &body, const QByteArray &contentType, const QUrl &pageUrl);
    // scan() without a Content-Type, just the URLs.
    static QList<QUrl> imageUrls(const QByteArray &html, const QUrl &pageUrl);
};

} // namespace glint
