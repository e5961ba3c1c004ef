#include "pages/pageparser.h"

#include <QSet>
#include <QString>
#include <gumbo.h>

#include <memory>
#include <vector>

namespace glint {
namespace {

QString attribute(const GumboElement &element, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&element.attributes, name);
    return a ? QString::fromUtf8(a->value).trimmed() : QString();
}

// The srcset candidate with the largest w or x descriptor.
QString largestSrcsetCandidate(const QString &srcset)
{
    QString best;
    double bestScore = -1;
    for (const QString &candidate : srcset.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = candidate.simplified().split(QLatin1Char(' '));
        if (parts.isEmpty() || parts[0].isEmpty())
            continue;
        double score = 1;
        if (parts.size() > 1) {
            const QString d = parts[1];
            bool ok = false;
            const double v = d.left(d.size() - 1).toDouble(&ok);
            if (ok)
                score = d.endsWith(QLatin1Char('w')) ? v : v * 1000;   // x: assume ~1000 px per 1x
        }
        if (score > bestScore) {
            bestScore = score;
            best = parts[0];
        }
    }
    return best;
}

class Collector {
public:
    explicit Collector(const QUrl &pageUrl) : m_base(pageUrl) {}

    void walk(const GumboNode *root)
    {
        // Iterative, so a deeply nested hostile page cannot overflow the stack.
        std::vector<const GumboNode *> stack{root};
        while (!stack.empty() && m_urls.size() < PageParser::kMaxReferences) {
            const GumboNode *node = stack.back();
            stack.pop_back();
            if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
                continue;
            const GumboElement &element = node->v.element;
            if (element.tag == GUMBO_TAG_SCRIPT || element.tag == GUMBO_TAG_TEMPLATE || node->type == GUMBO_NODE_TEMPLATE)
                continue;
            visit(element);
            for (unsigned i = element.children.length; i > 0; --i)
                stack.push_back(static_cast<const GumboNode *>(element.children.data[i - 1]));
        }
    }

    QList<QUrl> urls() const { return m_urls; }

private:
    void visit(const GumboElement &element)
    {
        if (element.tag == GUMBO_TAG_BASE && !m_sawBase) {
            const QString href = attribute(element, "href");
            if (!href.isEmpty()) {
                m_base = m_base.resolved(QUrl(href));
                m_sawBase = true;
            }
        } else if (element.tag == GUMBO_TAG_IMG) {
            const QString srcset = largestSrcsetCandidate(attribute(element, "srcset"));
            add(srcset.isEmpty() ? attribute(element, "src") : srcset);
        }
    }

    void add(const QString &reference)
    {
        if (reference.isEmpty())
            return;
        const QUrl url = m_base.resolved(QUrl(reference));
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return;
        const QUrl clean = url.adjusted(QUrl::RemoveFragment);
        if (m_seen.contains(clean))
            return;
        m_seen.insert(clean);
        m_urls.append(clean);
    }

    QUrl m_base;
    bool m_sawBase = false;
    QSet<QUrl> m_seen;
    QList<QUrl> m_urls;
};

} // namespace

QList<QUrl> PageParser::imageUrls(const QByteArray &html, const QUrl &pageUrl)
{
    std::unique_ptr<GumboOutput, void (*)(GumboOutput *)> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, html.constData(), size_t(html.size())),
        [](GumboOutput *o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    if (!output)
        return {};
    Collector collector(pageUrl);
    collector.walk(output->root);
    return collector.urls();
}

bool PageParser::looksLikeHtml(const QByteArray &head)
{
    const QByteArray start = head.left(512).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
        || start.startsWith("<body") || start.startsWith("<!--") || start.startsWith("<meta")
        || start.startsWith("<title") || start.startsWith("<div") || start.startsWith("<img");
}

} // namespace glint
