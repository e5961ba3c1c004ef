#include "core/pages/pageparser.h"

#include "core/pages/cssurls.h"
#include "core/pages/lazyattributes.h"
#include "core/pages/pagecharset.h"
#include "core/pages/parsebudget.h"
#include "core/pages/srcset.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <gumbo.h>

#include <initializer_list>
#include <memory>
#include <vector>

namespace glint {

QLatin1StringView referenceKindName(ReferenceKind kind)
{
    switch (kind) {
    case ReferenceKind::Img: return QLatin1StringView("img");
    case ReferenceKind::Srcset: return QLatin1StringView("srcset");
    case ReferenceKind::Picture: return QLatin1StringView("picture");
    case ReferenceKind::Lazy: return QLatin1StringView("lazy");
    case ReferenceKind::Anchor: return QLatin1StringView("anchor");
    case ReferenceKind::Meta: return QLatin1StringView("meta");
    case ReferenceKind::LinkRel: return QLatin1StringView("link");
    case ReferenceKind::StyleAttribute: return QLatin1StringView("style-attribute");
    case ReferenceKind::StyleSheet: return QLatin1StringView("style-sheet");
    case ReferenceKind::Attribute: return QLatin1StringView("attribute");
    }
    return QLatin1StringView("?");
}

QList<QUrl> PageScan::urls() const
{
    QList<QUrl> list;
    list.reserve(references.size());
    for (const PageReference &reference : references)
        list.append(reference.url);
    return list;
}

namespace {

using GumboPtr = std::unique_ptr<GumboOutput, void (*)(GumboOutput *)>;

// Parses what gumbo can parse in bounded time (see ParseBudget); says when that was not all.
GumboPtr parseHtml(QByteArray &utf8, bool &truncated)
{
    const qsizetype affordable = ParseBudget::affordablePrefix(utf8);
    if (affordable < utf8.size()) {
        utf8.truncate(affordable);
        truncated = true;
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;   // we never read parse errors; recording them costs memory on junk
    return GumboPtr(gumbo_parse_with_options(&options, utf8.constData(), size_t(utf8.size())),
                    [](GumboOutput *o) { if (o) gumbo_destroy_output(&kGumboDefaultOptions, o); });
}

bool isSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == 0x09 || u == 0x0A || u == 0x0C || u == 0x0D || u == 0x20;
}

// HTML's "strip leading and trailing ASCII whitespace" — not QString::trimmed, which would also
// eat a no-break space that is part of a file name.
QString stripped(const QString &s)
{
    qsizetype first = 0, last = s.size();
    while (first < last && isSpace(s[first]))
        ++first;
    while (last > first && isSpace(s[last - 1]))
        --last;
    return s.sliced(first, last - first);
}

const char *rawAttribute(const GumboElement &element, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&element.attributes, name);
    return a ? a->value : nullptr;
}

QString attribute(const GumboElement &element, const char *name)
{
    const char *value = rawAttribute(element, name);
    return value ? stripped(QString::fromUtf8(value)) : QString();
}

// The first of the attributes that is present and not blank.
QString firstAttribute(const GumboElement &element, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        QString value = attribute(element, name);
        if (!value.isEmpty())
            return value;
    }
    return {};
}

// A data-* attribute: its name without "data-", in lower case, and its stripped value.
struct DataAttribute {
    QString name;
    QString value;
};

QList<DataAttribute> dataAttributes(const GumboElement &element)
{
    QList<DataAttribute> list;
    for (unsigned i = 0; i < element.attributes.length; ++i) {
        const auto *a = static_cast<const GumboAttribute *>(element.attributes.data[i]);
        if (qstrnicmp(a->name, "data-", 5) != 0 || !a->value || !*a->value)
            continue;
        DataAttribute data{QString::fromUtf8(a->name + 5).toLower(), stripped(QString::fromUtf8(a->value))};
        if (!data.value.isEmpty() && !LazyAttributes::isPlaceholderName(data.name))
            list.append(std::move(data));
    }
    return list;
}

const DataAttribute *findData(const QList<DataAttribute> &data, QAnyStringView name)
{
    for (const DataAttribute &a : data) {
        if (QAnyStringView::equal(a.name, name))
            return &a;
    }
    return nullptr;
}

// data-bg beside data-bg-hidpi: a high-density screen loads the latter, and we take the larger.
bool hasHiDpiVariant(const QList<DataAttribute> &data, const QString &name)
{
    for (const char *suffix : {"-hidpi", "-retina", "-2x"}) {
        const DataAttribute *a = findData(data, name + QLatin1StringView(suffix));
        if (a && !LazyAttributes::isTemplateOrData(a->value))
            return true;
    }
    return false;
}

bool namesSet(const QString &name)
{
    return name.endsWith(QLatin1String("set"));
}

// The srcset a loader will give an <img> or <source>: the loaders' own names first, then any
// data-* holding a srcset with descriptors. Empty when there is none.
QString lazySet(const QList<DataAttribute> &data, double pixelsPerX)
{
    for (const char *name : {"srcset", "lazy-srcset"}) {
        if (const DataAttribute *a = findData(data, QLatin1StringView(name))) {
            if (!LazyAttributes::largestOfSet(a->value, pixelsPerX, true).isEmpty())
                return a->value;
        }
    }
    for (const DataAttribute &a : data) {
        if (!LazyAttributes::largestOfSet(a.value, pixelsPerX, namesSet(a.name) && LazyAttributes::isSourceName(a.name)).isEmpty())
            return a.value;
    }
    return {};
}

// The address a loader will swap into an <img>'s src: a high-density variant first, then the
// common names in their usual precedence, then any other name a loader uses. Empty when none.
QString lazySource(const QList<DataAttribute> &data)
{
    for (const DataAttribute &a : data) {
        if (LazyAttributes::isSourceName(a.name) && LazyAttributes::isHiDpiName(a.name) && LazyAttributes::isAddress(a.value))
            return a.value;
    }
    for (const char *name : {"src", "lazy-src", "original", "lazy", "echo", "original-src", "hi-res-src"}) {
        if (const DataAttribute *a = findData(data, QLatin1StringView(name)); a && LazyAttributes::isAddress(a->value))
            return a->value;
    }
    for (const DataAttribute &a : data) {
        if (LazyAttributes::isSourceName(a.name) && LazyAttributes::isAddress(a.value))
            return a.value;
    }
    return {};
}

// An image address under a name no loader list has (data-image, data-full, data-poster …), or a
// background: what replaces a placeholder src, and what a <div> or <a> holds for a script.
QStringList otherImages(const QList<DataAttribute> &data)
{
    QStringList urls;
    for (const DataAttribute &a : data) {
        if (hasHiDpiVariant(data, a.name))
            continue;
        if (LazyAttributes::isBackgroundName(a.name)) {
            urls += LazyAttributes::backgroundUrls(a.value);
        } else if (QString url = LazyAttributes::largestOfSet(a.value, Srcset::kDefaultPixelsPerX, false); !url.isEmpty()) {
            urls.append(url);
        } else if (LazyAttributes::isSourceName(a.name)) {
            if (LazyAttributes::isAddress(a.value) && LazyAttributes::hasImageSuffix(QUrl(a.value, QUrl::TolerantMode)))
                urls.append(a.value);
        } else if (!LazyAttributes::isDescriptiveName(a.name) && LazyAttributes::isImageAddress(a.value)) {
            urls.append(a.value);
        }
    }
    return urls;
}

bool isElement(const GumboNode *node)
{
    return node && node->type == GUMBO_NODE_ELEMENT;
}

// gumbo 0.10 predates <picture> and knows it only by the name written in the source.
bool isPicture(const GumboNode *node)
{
    if (!isElement(node) || node->v.element.tag != GUMBO_TAG_UNKNOWN)
        return false;
    GumboStringPiece name = node->v.element.original_tag;
    if (!name.data || name.length == 0)
        return false;
    gumbo_tag_from_original_text(&name);
    return QLatin1StringView(name.data, qsizetype(name.length)).compare(QLatin1StringView("picture"), Qt::CaseInsensitive) == 0;
}

// The space-separated tokens of an attribute such as rel, lower-cased.
bool hasToken(const QString &value, QLatin1StringView token)
{
    for (const QString &part : value.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (part.compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Types a <source> may declare that Glint decodes; a browser skips a source of a type it cannot
// show, and so do we. No type at all means "whatever the URL is".
bool isDecodableType(const QString &type)
{
    static const QSet<QString> types = {
        QStringLiteral("image/jpeg"), QStringLiteral("image/jpg"), QStringLiteral("image/pjpeg"),
        QStringLiteral("image/png"), QStringLiteral("image/apng"), QStringLiteral("image/gif"),
        QStringLiteral("image/webp"), QStringLiteral("image/bmp"), QStringLiteral("image/svg+xml"),
        QStringLiteral("image/tiff"),
    };
    const QString mime = stripped(type.section(QLatin1Char(';'), 0, 0)).toLower();
    return mime.isEmpty() || types.contains(mime);
}

QString textOf(const GumboElement &element)
{
    QString text;
    for (unsigned i = 0; i < element.children.length; ++i) {
        const auto *child = static_cast<const GumboNode *>(element.children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE)
            text += QString::fromUtf8(child->v.text.text);
    }
    return text;
}

bool skipsSubtree(const GumboNode *node)
{
    if (node->type == GUMBO_NODE_TEMPLATE)
        return true;
    const GumboTag tag = node->v.element.tag;
    return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE;
}

// Calls visit(node) for every element in tree order that is not inside a skipped subtree, until
// visit returns false. Iterative, so a deeply nested hostile page cannot overflow the stack.
template <typename Visit>
void forEachElement(const GumboNode *root, Visit visit)
{
    std::vector<const GumboNode *> stack{root};
    while (!stack.empty()) {
        const GumboNode *node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
            continue;
        if (skipsSubtree(node))
            continue;
        if (!visit(node))
            return;
        const GumboVector &children = node->v.element.children;
        for (unsigned i = children.length; i > 0; --i)
            stack.push_back(static_cast<const GumboNode *>(children.data[i - 1]));
    }
}

// The document's base URL: the first <base href> in tree order, resolved against the page.
QUrl documentBase(const GumboNode *root, const QUrl &pageUrl)
{
    QUrl base = pageUrl;
    forEachElement(root, [&](const GumboNode *node) {
        const GumboElement &element = node->v.element;
        if (element.tag != GUMBO_TAG_BASE || element.tag_namespace != GUMBO_NAMESPACE_HTML)
            return true;
        const char *href = rawAttribute(element, "href");
        if (!href)
            return true;
        const QUrl resolved = pageUrl.resolved(QUrl(stripped(QString::fromUtf8(href)), QUrl::TolerantMode));
        const QString scheme = resolved.scheme();
        // As browsers do, a data: or javascript: base falls back to the page's own URL.
        if (resolved.isValid() && scheme != QLatin1String("data") && scheme != QLatin1String("javascript"))
            base = resolved;
        return false;
    });
    return base;
}

// The encoding the first <meta> in the tree declares, for pages whose prescan found none.
QByteArray metaCharset(const GumboNode *root)
{
    QByteArray found;
    forEachElement(root, [&](const GumboNode *node) {
        const GumboElement &element = node->v.element;
        if (element.tag != GUMBO_TAG_META)
            return true;
        if (const char *charset = rawAttribute(element, "charset"))
            found = PageCharset::encodingForLabel(charset);
        else if (const char *equiv = rawAttribute(element, "http-equiv"); equiv && qstricmp(equiv, "content-type") == 0)
            found = PageCharset::fromMetaContent(rawAttribute(element, "content"));
        return found.isEmpty();
    });
    if (found == "UTF-16LE" || found == "UTF-16BE")
        return "UTF-8";
    return found;
}

class Collector {
public:
    Collector(const QUrl &base, PageScan &scan) : m_base(base), m_scan(scan) {}

    void walk(const GumboNode *root)
    {
        forEachElement(root, [this](const GumboNode *node) {
            visit(node);
            return !m_scan.capped;
        });
    }

private:
    void visit(const GumboNode *node)
    {
        const GumboElement &element = node->v.element;
        const bool html = element.tag_namespace == GUMBO_NAMESPACE_HTML;
        switch (element.tag) {
        case GUMBO_TAG_IMG:
            // Inside a <picture> the picture chose already (one image per picture).
            if (!isPicture(node->parent))
                addImg(element, ReferenceKind::Img);
            break;
        case GUMBO_TAG_IMAGE:
            if (element.tag_namespace == GUMBO_NAMESPACE_SVG)
                add(firstAttribute(element, {"href", "xlink:href"}), ReferenceKind::Img);
            break;
        case GUMBO_TAG_A:
        case GUMBO_TAG_AREA:
            if (html)
                add(attribute(element, "href"), ReferenceKind::Anchor, true);
            break;
        case GUMBO_TAG_META: {
            const QString key = firstAttribute(element, {"property", "name", "itemprop"}).toLower();
            if (key == QLatin1String("og:image") || key == QLatin1String("og:image:url")
                || key == QLatin1String("og:image:secure_url") || key == QLatin1String("twitter:image")
                || key == QLatin1String("twitter:image:src") || key == QLatin1String("image"))
                add(attribute(element, "content"), ReferenceKind::Meta);
            break;
        }
        case GUMBO_TAG_LINK: {
            const QString rel = attribute(element, "rel");
            if (hasToken(rel, QLatin1StringView("image_src"))) {
                add(attribute(element, "href"), ReferenceKind::LinkRel);
            } else if (hasToken(rel, QLatin1StringView("preload"))
                       && attribute(element, "as").compare(QLatin1String("image"), Qt::CaseInsensitive) == 0) {
                const QString srcset = Srcset::largest(attribute(element, "imagesrcset"));
                add(srcset.isEmpty() ? attribute(element, "href") : srcset, ReferenceKind::LinkRel);
            }
            break;
        }
        case GUMBO_TAG_STYLE:
            addCss(textOf(element), ReferenceKind::StyleSheet);
            break;
        case GUMBO_TAG_VIDEO:
            add(attribute(element, "poster"), ReferenceKind::Attribute);
            break;
        case GUMBO_TAG_INPUT:
            if (attribute(element, "type").compare(QLatin1String("image"), Qt::CaseInsensitive) == 0)
                add(attribute(element, "src"), ReferenceKind::Attribute);
            break;
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            add(attribute(element, "background"), ReferenceKind::Attribute);
            break;
        default:
            if (isPicture(node))
                addPicture(node);
            break;
        }
        addDataImages(element);
        if (const char *style = rawAttribute(element, "style"))
            addCss(QString::fromUtf8(style), ReferenceKind::StyleAttribute);
    }

    static double widthHint(const GumboElement &img)
    {
        bool ok = false;
        const double width = attribute(img, "width").toDouble(&ok);
        return ok && width > 0 && width < 1e5 ? width : Srcset::kDefaultPixelsPerX;
    }

    // The one URL a browser loads for an <img>, with how the page gave it; empty when none.
    static std::pair<QString, ReferenceKind> imgChoice(const GumboElement &img)
    {
        const double hint = widthHint(img);
        const QList<DataAttribute> data = dataAttributes(img);
        // What a lazy loader swaps in wins: src is then its placeholder (or a blurred preview).
        if (QString url = Srcset::largest(lazySet(data, hint), hint); !url.isEmpty())
            return {url, ReferenceKind::Lazy};
        if (QString url = lazySource(data); !url.isEmpty())
            return {url, ReferenceKind::Lazy};
        std::pair<QString, ReferenceKind> own{Srcset::largest(attribute(img, "srcset"), hint), ReferenceKind::Srcset};
        if (own.first.isEmpty())
            own = {attribute(img, "src"), ReferenceKind::Img};
        // A placeholder src gives way to an image under another name; a real one stays.
        if (LazyAttributes::isPlaceholderSource(own.first)) {
            if (const QStringList others = otherImages(data); !others.isEmpty())
                return {others.first(), ReferenceKind::Lazy};
        }
        return own;
    }

    // A tracking pixel or a spacer: an <img> whose width and height attributes both say a few pixels
    // (1×1 for ad networks, 6×5 for WordPress's stats). A browser loads it, but nobody collects it,
    // and it would land in the downloads folder as a file of a few dozen bytes. Sizes given in CSS
    // or as percentages are not read: only what the markup declares outright.
    static constexpr double kPixelAtMost = 8;
    static bool declaresItselfAPixel(const GumboElement &img)
    {
        const auto declared = [&img](const char *name) {
            // As HTML reads a dimension: leading white space, then digits ("1px" is 1, "100%" is not a
            // number of pixels, nothing is no size).
            const QString value = attribute(img, name).trimmed();
            qsizetype digits = 0;
            while (digits < value.size() && value.at(digits).isDigit() && value.at(digits).unicode() < 128)
                ++digits;
            if (digits == 0 || (digits < value.size() && value.at(digits) == QLatin1Char('%')))
                return -1.0;
            return value.left(qMin<qsizetype>(digits, 6)).toDouble();
        };
        const double width = declared("width"), height = declared("height");
        return width >= 0 && width <= kPixelAtMost && height >= 0 && height <= kPixelAtMost;
    }

    void addImg(const GumboElement &img, ReferenceKind plainKind)
    {
        if (declaresItselfAPixel(img))
            return;
        auto [url, kind] = imgChoice(img);
        add(url, kind == ReferenceKind::Img ? plainKind : kind);
    }

    void addPicture(const GumboNode *picture)
    {
        const GumboNode *img = nullptr;
        QString best;
        bool bestLazy = false;
        double bestScore = -1;
        const GumboVector &children = picture->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
            const auto *child = static_cast<const GumboNode *>(children.data[i]);
            if (!isElement(child))
                continue;
            if (child->v.element.tag == GUMBO_TAG_IMG && !img)
                img = child;
        }
        const double hint = img ? widthHint(img->v.element) : Srcset::kDefaultPixelsPerX;
        for (unsigned i = 0; i < children.length; ++i) {
            const auto *child = static_cast<const GumboNode *>(children.data[i]);
            if (!isElement(child) || child->v.element.tag != GUMBO_TAG_SOURCE)
                continue;
            const GumboElement &source = child->v.element;
            if (!isDecodableType(attribute(source, "type")))
                continue;
            const QList<DataAttribute> data = dataAttributes(source);
            QString srcset = lazySet(data, hint);
            if (srcset.isEmpty())
                srcset = lazySource(data);
            const bool lazy = !srcset.isEmpty();
            if (!lazy)
                srcset = attribute(source, "srcset");
            for (const SrcsetCandidate &candidate : Srcset::parse(srcset)) {
                const double score = Srcset::score(candidate, hint);
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate.url;
                    bestLazy = lazy;
                }
            }
        }
        if (!best.isEmpty())
            add(best, bestLazy ? ReferenceKind::Lazy : ReferenceKind::Picture);
        else if (img)
            addImg(img->v.element, ReferenceKind::Picture);
    }

    // Images that loaders and scripts take from data-* attributes of other elements: lazy
    // backgrounds (data-bg, data-bgset, data-background-image …), posters, lightbox targets.
    // An <img> chose already; a <source> belongs to its <picture>, or is video or audio.
    void addDataImages(const GumboElement &element)
    {
        if (element.tag == GUMBO_TAG_IMG || element.tag == GUMBO_TAG_SOURCE)
            return;
        const QList<DataAttribute> data = dataAttributes(element);
        if (data.isEmpty())
            return;
        for (const QString &url : otherImages(data)) {
            if (m_scan.capped)
                return;
            add(url, ReferenceKind::Lazy);
        }
    }

    void addCss(const QString &css, ReferenceKind kind)
    {
        if (css.isEmpty())
            return;
        for (const QString &url : CssUrls::extract(css)) {
            if (m_scan.capped)
                return;
            add(stripped(url), kind);
        }
    }

    void add(QString reference, ReferenceKind kind, bool onlyImageFiles = false)
    {
        if (reference.isEmpty() || m_scan.capped)
            return;
        // The URL parser drops tabs and newlines anywhere and trims C0 controls and spaces.
        reference.remove(QLatin1Char('\t')).remove(QLatin1Char('\n')).remove(QLatin1Char('\r'));
        qsizetype first = 0, last = reference.size();
        while (first < last && reference[first].unicode() <= 0x20)
            ++first;
        while (last > first && reference[last - 1].unicode() <= 0x20)
            --last;
        reference = reference.sliced(first, last - first);
        // "#id" points into this very page (SVG filters, masks), never at an image.
        if (reference.isEmpty() || reference.startsWith(QLatin1Char('#')))
            return;
        if (reference.startsWith(QLatin1String("data:"), Qt::CaseInsensitive)) {
            ++m_scan.droppedDataUris;
            return;
        }
        // Browsers read a backslash as a slash in http(s) URLs, up to the query.
        const qsizetype queryAt = reference.indexOf(QLatin1Char('?'));
        const qsizetype hashAt = reference.indexOf(QLatin1Char('#'));
        qsizetype stop = reference.size();
        if (queryAt >= 0)
            stop = queryAt;
        if (hashAt >= 0 && hashAt < stop)
            stop = hashAt;
        for (qsizetype i = 0; i < stop; ++i) {
            if (reference[i] == QLatin1Char('\\'))
                reference[i] = QLatin1Char('/');
        }
        const QUrl relative(reference, QUrl::TolerantMode);
        if (!relative.isValid())
            return;
        const QUrl url = m_base.resolved(relative).adjusted(QUrl::RemoveFragment);
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return;
        if (onlyImageFiles && !LazyAttributes::hasImageSuffix(url))
            return;
        const QString key = url.toString(QUrl::FullyEncoded);
        if (m_seen.contains(key))
            return;
        if (m_scan.references.size() >= PageParser::kMaxReferences) {
            m_scan.capped = true;
            return;
        }
        m_seen.insert(key);
        m_scan.references.append({url, kind});
    }

    QUrl m_base;
    PageScan &m_scan;
    QSet<QString> m_seen;
};

} // namespace

PageScan PageParser::scan(const QByteArray &body, const QByteArray &contentType, const QUrl &pageUrl)
{
    const QByteArrayView bytes = QByteArrayView(body).first(qMin(body.size(), kMaxPageBytes));
    const PageCharset::Decision decision = PageCharset::decide(bytes, contentType);
    PageScan scan;
    scan.charset = decision.encoding;
    const QByteArrayView content = bytes.sliced(decision.bomLength);
    // gumbo reads UTF-8 only (and replaces invalid sequences itself).
    QByteArray utf8 = decision.encoding == "UTF-8" ? content.toByteArray()
                                                   : PageCharset::decode(content, decision.encoding).toUtf8();
    scan.truncated = body.size() > bytes.size();
    bool cut = false;
    GumboPtr output = parseHtml(utf8, cut);
    if (!output)
        return scan;
    if (decision.source == PageCharset::Source::Default) {
        // A <meta charset> past the first 1024 bytes: browsers start over in that encoding.
        const QByteArray late = metaCharset(output->root);
        if (!late.isEmpty() && late != "UTF-8") {
            scan.charset = late;
            utf8 = PageCharset::decode(content, late).toUtf8();
            cut = false;
            output = parseHtml(utf8, cut);
            if (!output)
                return scan;
        }
    }
    scan.truncated = scan.truncated || cut;
    Collector collector(documentBase(output->root, pageUrl), scan);
    collector.walk(output->root);
    return scan;
}

QList<QUrl> PageParser::imageUrls(const QByteArray &html, const QUrl &pageUrl)
{
    return scan(html, QByteArray(), pageUrl).urls();
}

} // namespace glint
