#pragma once
// What PageParser::scan finds: each image reference of a page with the way the page made it, in
// page order. Plain data, copied freely between threads.
#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QUrl>

namespace glint {

enum class ReferenceKind {
    Img,             // <img src>, <svg><image href>
    Srcset,          // the largest candidate of <img srcset>
    Picture,         // the largest candidate of the <source>s of a <picture>
    Lazy,            // an image in a data-* attribute: data-src, data-srcset, data-bg … (what a lazy loader swaps in)
    Anchor,          // <a href> / <area href> whose path ends in an image suffix
    Meta,            // <meta property="og:image">, name="twitter:image", itemprop="image"
    LinkRel,         // <link rel="image_src">, <link rel="preload" as="image">
    StyleAttribute,  // url(...) in a style="" attribute
    StyleSheet,      // url(...) in a <style> block
    Attribute,       // <video poster>, <input type="image" src>, the legacy background="" attribute
};

QLatin1StringView referenceKindName(ReferenceKind kind);

struct PageReference {
    QUrl url;    // absolute http(s), without fragment
    ReferenceKind kind = ReferenceKind::Img;
};

struct PageScan {
    QList<PageReference> references;   // de-duplicated, page order, at most PageParser::kMaxReferences
    bool capped = false;               // more references existed than were kept
    bool truncated = false;            // only the start of the page was parsed (see ParseBudget)
    int droppedDataUris = 0;           // data: references considered and left out
    QByteArray charset;                // the encoding the page was decoded with, e.g. "windows-1251"

    QList<QUrl> urls() const;
};

} // namespace glint
