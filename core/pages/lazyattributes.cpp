#include "core/pages/lazyattributes.h"

#include "core/pages/cssurls.h"
#include "core/pages/srcset.h"

#include <QList>
#include <QSet>
#include <QString>

#include <cstring>
#include <initializer_list>

namespace glint {
namespace {

bool isSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == 0x09 || u == 0x0A || u == 0x0C || u == 0x0D || u == 0x20;
}

QStringView stripped(QStringView s)
{
    while (!s.isEmpty() && isSpace(s.front()))
        s = s.sliced(1);
    while (!s.isEmpty() && isSpace(s.back()))
        s.chop(1);
    return s;
}

// "lazy-srcset" → {"lazy", "srcset"}.
QList<QStringView> nameParts(QStringView name)
{
    QList<QStringView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= name.size(); ++i) {
        if (i == name.size() || name[i] == QLatin1Char('-') || name[i] == QLatin1Char('_')
            || name[i] == QLatin1Char(':') || name[i] == QLatin1Char('.')) {
            if (i > start)
                parts.append(name.sliced(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

bool isOneOf(QStringView part, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (part == QLatin1StringView(word))
            return true;
    }
    return false;
}

bool containsAny(QStringView text, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (text.contains(QLatin1StringView(word), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool hasSpace(QStringView s)
{
    for (QChar c : s) {
        if (isSpace(c))
            return true;
    }
    return false;
}

// The scheme of an absolute URL ("https" of "https://…"), or empty for a relative reference.
QStringView schemeOf(QStringView value)
{
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value[i];
        if (c == QLatin1Char(':'))
            return i > 0 ? value.first(i) : QStringView();
        const bool letter = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
        const bool other = (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('+') || c == QLatin1Char('-')
            || c == QLatin1Char('.');
        if (!letter && !(i > 0 && other))
            return {};
    }
    return {};
}

// Splits at the separators outside parentheses and quotes.
QList<QStringView> splitTopLevel(QStringView text, QChar separator)
{
    QList<QStringView> parts;
    int depth = 0;
    QChar quote;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++i;
            else if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('(')) {
            ++depth;
        } else if (c == QLatin1Char(')')) {
            depth = qMax(0, depth - 1);
        } else if (c == separator && depth == 0) {
            parts.append(text.sliced(start, i - start));
            start = i + 1;
        }
    }
    parts.append(text.sliced(start));
    return parts;
}

// A CSS background layer list: url()s, where an image-set offers one of several densities.
QStringList cssBackgroundUrls(QStringView css)
{
    QStringList urls;
    for (QStringView layer : splitTopLevel(css, QLatin1Char('|'))) {
        layer = stripped(layer);
        // "image-set(url(a) 1x, url(b) 2x)": its inside is the set.
        for (const char *wrapper : {"image-set(", "-webkit-image-set("}) {
            if (layer.startsWith(QLatin1StringView(wrapper), Qt::CaseInsensitive) && layer.endsWith(QLatin1Char(')'))) {
                layer = layer.sliced(qsizetype(std::strlen(wrapper))).chopped(1);
                break;
            }
        }
        struct Entry {
            QString url;
            SrcsetCandidate descriptor;
        };
        QList<Entry> entries;
        bool described = false;
        for (QStringView part : splitTopLevel(layer, QLatin1Char(','))) {
            const QStringList found = CssUrls::extract(part);
            if (found.isEmpty())
                continue;
            Entry entry{stripped(found.first()).toString(), {}};
            if (entry.url.isEmpty() || LazyAttributes::isTemplateOrData(entry.url))
                continue;
            // The descriptor after the url(): "2x", "1000w".
            const QStringView after = stripped(part.sliced(part.lastIndexOf(QLatin1Char(')')) + 1));
            if (!after.isEmpty()) {
                const QList<SrcsetCandidate> parsed = Srcset::parse(QStringLiteral("u ") + after.toString());
                if (parsed.size() == 1 && (parsed.first().width > 0 || parsed.first().density > 0)) {
                    entry.descriptor = parsed.first();
                    described = true;
                }
            }
            entries.append(entry);
        }
        if (!described) {
            for (const Entry &entry : entries)
                urls.append(entry.url);
            continue;
        }
        const Entry *best = nullptr;
        double bestScore = -1;
        for (const Entry &entry : entries) {
            const double score = Srcset::score(entry.descriptor, Srcset::kDefaultPixelsPerX);
            if (score > bestScore) {
                bestScore = score;
                best = &entry;
            }
        }
        if (best)
            urls.append(best->url);
    }
    return urls;
}

} // namespace

bool LazyAttributes::isSourceName(QStringView name)
{
    for (QStringView part : nameParts(name)) {
        if (part.contains(QLatin1StringView("src")) || isOneOf(part, {"lazy", "original", "echo", "source"}))
            return true;
    }
    return false;
}

bool LazyAttributes::isBackgroundName(QStringView name)
{
    for (QStringView part : nameParts(name)) {
        if (part.startsWith(QLatin1StringView("bg")) || part.startsWith(QLatin1StringView("background")))
            return true;
    }
    return false;
}

bool LazyAttributes::isHiDpiName(QStringView name)
{
    return containsAny(name, {"hidpi", "retina", "2x", "hi-res", "hires", "highres", "high-res"});
}

bool LazyAttributes::isPlaceholderName(QStringView name)
{
    return containsAny(name, {"placeholder", "lqip", "blur", "lowsrc", "low-src", "lowres", "low-res", "tiny"});
}

bool LazyAttributes::isDescriptiveName(QStringView name)
{
    for (QStringView part : nameParts(name)) {
        if (isOneOf(part, {"id", "name", "filename", "title", "alt", "caption", "description"}))
            return true;
    }
    return false;
}

bool LazyAttributes::isTemplateOrData(QStringView value)
{
    value = stripped(value);
    if (value.startsWith(QLatin1Char('[')))
        return true;
    for (QChar c : value) {
        switch (c.unicode()) {
        case '{': case '}': case '<': case '>': case '"': case '`':
            return true;
        default:
            break;
        }
    }
    // A template that went through a URL encoder: "_%7Bwidth%7Dx.jpg".
    return value.contains(QLatin1StringView("%7B"), Qt::CaseInsensitive)
        && value.contains(QLatin1StringView("%7D"), Qt::CaseInsensitive);
}

bool LazyAttributes::isAddress(QStringView value)
{
    value = stripped(value);
    if (value.isEmpty() || isTemplateOrData(value) || value.front() == QLatin1Char('#') || value.front() == QLatin1Char('?'))
        return false;
    const QStringView scheme = schemeOf(value);
    if (!scheme.isEmpty() && scheme.compare(QLatin1StringView("http"), Qt::CaseInsensitive) != 0
        && scheme.compare(QLatin1StringView("https"), Qt::CaseInsensitive) != 0)
        return false;
    bool letter = false, pathLike = false;
    for (QChar c : value) {
        letter = letter || c.isLetter();
        pathLike = pathLike || c == QLatin1Char('/') || c == QLatin1Char('.');
    }
    if (!letter || !pathLike)
        return false;
    if (hasSpace(value))   // a caption, a list, a srcset — or a file name with a space
        return !value.contains(QLatin1Char(',')) && hasImageSuffix(QUrl(value.toString(), QUrl::TolerantMode));
    return true;
}

bool LazyAttributes::isImageAddress(QStringView value)
{
    value = stripped(value);
    return isAddress(value) && value.contains(QLatin1Char('/'))
        && hasImageSuffix(QUrl(value.toString(), QUrl::TolerantMode));
}

QString LazyAttributes::largestOfSet(QStringView value, double pixelsPerX, bool nameSaysSet)
{
    if (isTemplateOrData(value))
        return {};
    const QList<SrcsetCandidate> candidates = Srcset::parse(value);
    if (candidates.isEmpty())
        return {};
    bool described = false;
    for (const SrcsetCandidate &candidate : candidates) {
        if (!isAddress(candidate.url))
            return {};
        described = described || candidate.width > 0 || candidate.density > 0;
    }
    if (!described && !nameSaysSet)
        return {};
    return Srcset::largest(value, pixelsPerX);
}

QStringList LazyAttributes::backgroundUrls(QStringView value)
{
    value = stripped(value);
    if (value.contains(QLatin1StringView("url("), Qt::CaseInsensitive))
        return cssBackgroundUrls(value);
    if (isAddress(value)) {
        // lozad: "a.png,b.png" is two layers; a comma inside one address (w_300,h_200/a.jpg) is not.
        if (value.contains(QLatin1Char(','))) {
            QStringList pieces;
            for (QStringView piece : value.split(QLatin1Char(','))) {
                piece = stripped(piece);
                if (!isAddress(piece) || !hasImageSuffix(QUrl(piece.toString(), QUrl::TolerantMode)))
                    return {value.toString()};
                pieces.append(piece.toString());
            }
            return pieces;
        }
        return {value.toString()};
    }
    if (QString url = largestOfSet(value, Srcset::kDefaultPixelsPerX, false); !url.isEmpty())
        return {url};
    return {};
}

bool LazyAttributes::isPlaceholderSource(QStringView src)
{
    src = stripped(src);
    if (src.isEmpty() || src.startsWith(QLatin1Char('#')))
        return true;
    const QStringView scheme = schemeOf(src);
    if (scheme.compare(QLatin1StringView("data"), Qt::CaseInsensitive) == 0
        || scheme.compare(QLatin1StringView("about"), Qt::CaseInsensitive) == 0
        || scheme.compare(QLatin1StringView("javascript"), Qt::CaseInsensitive) == 0)
        return true;
    const QString path = QUrl(src.toString(), QUrl::TolerantMode).path().toLower();
    const QString file = path.sliced(path.lastIndexOf(QLatin1Char('/')) + 1);
    const qsizetype dot = file.lastIndexOf(QLatin1Char('.'));
    const QStringView stem = dot < 0 ? QStringView(file) : QStringView(file).first(dot);
    const QStringView suffix = dot < 0 ? QStringView() : QStringView(file).sliced(dot + 1);
    if (containsAny(stem, {"placeholder", "spacer"}))
        return true;
    QList<QStringView> words;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= stem.size(); ++i) {
        if (i == stem.size() || !stem[i].isLetterOrNumber()) {
            if (i > start)
                words.append(stem.sliced(start, i - start));
            start = i + 1;
        }
    }
    for (QStringView word : words) {
        if (isOneOf(word, {"blank", "lazy", "lazyload", "transparent", "1x1", "loading", "loader"}))
            return true;
        if (suffix == QLatin1StringView("gif") && isOneOf(word, {"pixel", "px", "grey", "gray", "clear", "empty", "dot"}))
            return true;
    }
    return false;
}

bool LazyAttributes::hasImageSuffix(const QUrl &url)
{
    static const QSet<QString> suffixes = {
        QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("jpe"), QStringLiteral("jfif"),
        QStringLiteral("png"), QStringLiteral("apng"), QStringLiteral("gif"), QStringLiteral("webp"),
        QStringLiteral("bmp"), QStringLiteral("svg"), QStringLiteral("tif"), QStringLiteral("tiff"),
        QStringLiteral("avif"),
    };
    const QString path = url.path();
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    if (dot < 0 || dot < path.lastIndexOf(QLatin1Char('/')))
        return false;
    return suffixes.contains(path.sliced(dot + 1).toLower());
}

} // namespace glint
