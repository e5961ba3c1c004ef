#pragma once
// What the data-* attributes of an element say about the image a lazy loader will put there.
// Loaders and site builders use many names (data-src, data-lazy-srcset, data-original, data-bg,
// data-bg-hidpi, data-iesrc, data-image …) and put other things under data-* too: JSON, templates
// ("{{ url }}", "_{width}x.jpg"), flags ("true", "lazy", "auto"), sizes, ratios. These functions
// judge a name and a value on their own; PageParser decides what an element yields. Pure and
// thread-safe; Qt Core only.
#include <QStringList>
#include <QStringView>
#include <QUrl>

namespace glint {

class LazyAttributes final {
public:
    // Names are given without "data-", in lower case ("lazy-srcset", "bg-hidpi").

    // Where a loader keeps the address it will swap into src: a part containing "src" (src,
    // srcset, lazy-src, iesrc, hi-res-src …), or lazy, original, echo, source.
    static bool isSourceName(QStringView name);
    // A background a loader will set: a part that is or starts with "bg" or "background".
    static bool isBackgroundName(QStringView name);
    // The variant for high-density screens: hidpi, retina, 2x, hi-res, highres.
    static bool isHiDpiName(QStringView name);
    // Low-quality or stand-in images, never the one that stays: placeholder, lqip, blur, lowsrc, tiny.
    static bool isPlaceholderName(QStringView name);
    // Names that describe an image rather than point at one: id, name, title, alt, caption.
    static bool isDescriptiveName(QStringView name);

    // JSON, a template or markup — never an address: braces ("{{ url }}", "${x}", "{width}",
    // "{% … %}"), '<' '>' ("<%= … %>"), a double quote or backquote, a leading '['.
    static bool isTemplateOrData(QStringView value);
    // An address a loader can load: not a template, http(s) when it has a scheme (not data:,
    // javascript:, about:), not "#…" or "?…", with a letter and a '/' or '.' (so not "true", "lazy",
    // "1", "16/9", "0.5,0.5"); whitespace only inside a file name with an image suffix.
    static bool isAddress(QStringView value);
    // An address with a path ("…/…") that ends in an image suffix: for names that say nothing.
    static bool isImageAddress(QStringView value);
    // value as a srcset whose candidates are all addresses, and which has a w or x descriptor (or
    // is under a name that says set, such as data-srcset holding one URL). Empty when it is not.
    static QString largestOfSet(QStringView value, double pixelsPerX, bool nameSaysSet);
    // What a lazy background attribute loads: a plain address, a list of image addresses
    // ("a.png,b.png"), a srcset (its largest), or CSS: url() layers, each separated by '|' or a
    // comma, where an image-set ("url(a.jpg) 1x, url(b.jpg) 2x") gives its largest. Unresolved.
    static QStringList backgroundUrls(QStringView value);

    // A src that only holds the place of the real image: none, a data:/about: URI, or a file
    // named like a placeholder (blank.gif, spacer.gif, lazy_placeholder.gif, 1x1.png, loading.gif,
    // transparent.png, grey.gif …).
    static bool isPlaceholderSource(QStringView src);

    // The URL's path ends in a suffix of an image format.
    static bool hasImageSuffix(const QUrl &url);
};

} // namespace glint
