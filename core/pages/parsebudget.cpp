#include "core/pages/parsebudget.h"

#include <QByteArray>
#include <QHash>

#include <initializer_list>
#include <utility>
#include <vector>

namespace glint {
namespace {

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isSpace(char c)
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

enum Flag : quint16 {
    Void = 1 << 0,
    Formatting = 1 << 1,
    RawText = 1 << 2,      // content is text up to the end tag
    Marker = 1 << 3,       // starts a new list of active formatting elements
    Boundary = 1 << 4,     // ends the parser's default "in scope" search
    ButtonBoundary = 1 << 5,
    ListBoundary = 1 << 6,
    TableBoundary = 1 << 7,
    Foreign = 1 << 8,      // svg, math: "/>" closes there
    Singleton = 1 << 9,    // html, head, body: never nest
};

struct TagInfo {
    quint16 flags = 0;
    int group = 0;         // elements of one group close each other implicitly ("<li>a<li>b")
};

// One look-up per tag instead of string comparisons per tag and per stack level.
TagInfo tagInfo(const QByteArray &name)
{
    static const QHash<QByteArray, TagInfo> table = [] {
        QHash<QByteArray, TagInfo> t;
        for (const char *n : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                              "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame", "image"})
            t[n].flags |= Void;
        for (const char *n : {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"})
            t[n].flags |= Formatting;
        for (const char *n : {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
            t[n].flags |= RawText;
        for (const char *n : {"td", "th", "caption", "object", "applet", "marquee", "template"})
            t[n].flags |= Marker;
        for (const char *n : {"html", "table", "td", "th", "caption", "marquee", "object", "applet", "template"})
            t[n].flags |= Boundary;
        t["button"].flags |= ButtonBoundary;
        t["ul"].flags |= ListBoundary;
        t["ol"].flags |= ListBoundary;
        for (const char *n : {"table", "html", "template"})
            t[n].flags |= TableBoundary;
        t["svg"].flags |= Foreign;
        t["math"].flags |= Foreign;
        for (const char *n : {"html", "head", "body"})
            t[n].flags |= Singleton;
        const std::pair<const char *, int> groups[] = {
            {"p", 1}, {"li", 2}, {"dt", 3}, {"dd", 3}, {"option", 4}, {"optgroup", 4}, {"td", 5}, {"th", 5},
            {"tr", 6}, {"tbody", 7}, {"thead", 7}, {"tfoot", 7}, {"rb", 8}, {"rt", 8}, {"rp", 8}, {"rtc", 8},
        };
        for (const auto &[n, group] : groups)
            t[n].group = group;
        return t;
    }();
    return table.value(name);
}

// Where the parser stops looking for an element to close: "has an element in scope".
bool isScopeBoundary(quint16 flags, int group)
{
    if (group >= 5 && group <= 7)
        return flags & TableBoundary;
    return (flags & Boundary) || (group == 1 && (flags & ButtonBoundary)) || (group == 2 && (flags & ListBoundary));
}

class Model {
public:
    // False when the tag passes a limit.
    bool start(const QByteArray &name, const TagInfo &info, QByteArrayView attributes, bool selfClosing)
    {
        if (info.flags & (Void | Singleton))
            return true;
        if (selfClosing && m_foreign > 0)
            return true;
        if (const int group = info.group) {
            // A row closes an open cell when no row is open, a row group a row or a cell.
            const int lowest = group >= 5 && group <= 7 ? 5 : group;
            for (int g = group; g >= lowest; --g) {
                if (closeGroup(g))
                    break;
            }
        }
        m_stack.push_back(Open{name, info});
        if (info.flags & Marker)
            m_scopes.emplace_back();
        if (info.flags & Formatting) {
            Scope &scope = m_scopes.back();
            int &identical = scope.entries[name + '\0' + attributes.toByteArray()];
            if (identical < 3) {   // the parser's "Noah's Ark" clause keeps at most three
                ++identical;
                ++scope.total;
            }
        }
        if (info.flags & Foreign)
            ++m_foreign;
        return int(m_stack.size()) <= ParseBudget::kMaxDepth && m_scopes.back().total <= ParseBudget::kMaxActiveFormatting;
    }

    void end(const QByteArray &name, const TagInfo &info)
    {
        // Only an element in scope closes, and everything opened after it with it.
        for (auto k = m_stack.size(); k > 0; --k) {
            if (m_stack[k - 1].name == name) {
                while (m_stack.size() >= k)
                    pop();
                break;
            }
            if (isScopeBoundary(m_stack[k - 1].info.flags, 0))
                break;
        }
        if (info.flags & Formatting) {
            // The adoption agency takes the element off the list, open or not.
            Scope &scope = m_scopes.back();
            for (auto it = scope.entries.begin(); it != scope.entries.end(); ++it) {
                if (it.key().startsWith(name + '\0')) {
                    // Only active entries stay, so this walk is bounded by the limit.
                    if (--it.value() == 0)
                        scope.entries.erase(it);
                    --scope.total;
                    break;
                }
            }
        }
    }

private:
    struct Open {
        QByteArray name;
        TagInfo info;
    };
    struct Scope {
        QHash<QByteArray, int> entries;   // name + '\0' + raw attributes → count
        int total = 0;
    };

    void pop()
    {
        const Open &open = m_stack.back();
        if ((open.info.flags & Marker) && m_scopes.size() > 1)
            m_scopes.pop_back();
        if (open.info.flags & Foreign)
            --m_foreign;
        m_stack.pop_back();
    }

    // Closes the nearest open element of the group if it is in scope; an option only when it is
    // the current element.
    bool closeGroup(int group)
    {
        for (auto k = m_stack.size(); k > 0; --k) {
            const Open &open = m_stack[k - 1];
            if (open.info.group == group) {
                while (m_stack.size() >= k)
                    pop();
                return true;
            }
            if (group == 4 || isScopeBoundary(open.info.flags, group))
                return false;
        }
        return false;
    }

    std::vector<Open> m_stack;
    std::vector<Scope> m_scopes{Scope()};
    int m_foreign = 0;
};

qsizetype indexOfNoCase(QByteArrayView haystack, QByteArrayView needle, qsizetype from)
{
    for (qsizetype i = from; i + needle.size() <= haystack.size(); ++i) {
        i = haystack.indexOf('<', i);
        if (i < 0 || i + needle.size() > haystack.size())
            return -1;
        bool match = true;
        for (qsizetype k = 0; k < needle.size() && match; ++k)
            match = (haystack[i + k] | 0x20) == (needle[k] | 0x20);
        if (match)
            return i;
    }
    return -1;
}

} // namespace

qsizetype ParseBudget::affordablePrefix(QByteArrayView html)
{
    Model model;
    const qsizetype n = html.size();
    qsizetype pos = 0;
    while (pos < n) {
        const qsizetype lt = html.indexOf('<', pos);
        if (lt < 0 || lt + 1 >= n)
            break;
        pos = lt;
        if (html.sliced(pos).startsWith("<!--")) {
            const qsizetype end = html.indexOf("-->", pos + 4);
            if (end < 0)
                break;
            pos = end + 3;
            continue;
        }
        if (html[pos + 1] == '!' || html[pos + 1] == '?') {
            const qsizetype end = html.indexOf('>', pos + 2);
            if (end < 0)
                break;
            pos = end + 1;
            continue;
        }
        const bool closing = html[pos + 1] == '/';
        qsizetype i = pos + 1 + (closing ? 1 : 0);
        if (i >= n || !isAlpha(html[i])) {
            ++pos;
            continue;
        }
        QByteArray name;
        while (i < n && !isSpace(html[i]) && html[i] != '/' && html[i] != '>') {
            if (name.size() < 32)
                name.append(char(html[i] | (isAlpha(html[i]) ? 0x20 : 0)));
            ++i;
        }
        // The attributes up to '>', where quotes open a value only after '='.
        const qsizetype attributesStart = i;
        char quote = 0;
        char previous = 0;
        for (; i < n; ++i) {
            const char c = html[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if ((c == '"' || c == '\'') && previous == '=') {
                quote = c;
            } else if (c == '>') {
                break;
            }
            if (!isSpace(c))
                previous = c;
        }
        if (i >= n)
            break;   // an unfinished tag ends the page for the parser as well
        const bool selfClosing = i > attributesStart && html[i - 1] == '/';
        pos = i + 1;
        const TagInfo info = tagInfo(name);
        if (closing) {
            model.end(name, info);
            continue;
        }
        if (!model.start(name, info, html.sliced(attributesStart, i - attributesStart), selfClosing))
            return lt;
        if (name == "plaintext")
            break;
        if (info.flags & RawText) {
            const qsizetype end = indexOfNoCase(html, QByteArray("</" + name), pos);
            if (end < 0)
                break;
            pos = end;
        }
    }
    return n;
}

} // namespace glint
