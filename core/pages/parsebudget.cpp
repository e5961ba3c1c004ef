#include "pages/parsebudget.h"

#include <QByteArray>
#include <QHash>

#include <initializer_list>
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

bool isOneOf(const QByteArray &name, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        if (name == n)
            return true;
    }
    return false;
}

bool isVoid(const QByteArray &name)
{
    return isOneOf(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                          "track", "wbr", "param", "keygen", "basefont", "bgsound", "frame", "image"});
}

bool isFormatting(const QByteArray &name)
{
    return isOneOf(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"});
}

// Elements whose content is text up to their end tag.
bool isRawText(const QByteArray &name)
{
    return isOneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// Elements that an element of the same group closes implicitly ("<li>a<li>b").
int impliedGroup(const QByteArray &name)
{
    if (name == "p")
        return 1;
    if (name == "li")
        return 2;
    if (name == "dt" || name == "dd")
        return 3;
    if (name == "option" || name == "optgroup")
        return 4;
    if (name == "td" || name == "th")
        return 5;
    if (name == "tr")
        return 6;
    if (name == "tbody" || name == "thead" || name == "tfoot")
        return 7;
    if (name == "rb" || name == "rt" || name == "rp" || name == "rtc")
        return 8;
    return 0;
}

// Elements that start a new list of active formatting elements.
bool isMarker(const QByteArray &name)
{
    return isOneOf(name, {"td", "th", "caption", "object", "applet", "marquee", "template"});
}

// Where the parser stops looking for an element to close: "has an element in scope".
bool isScopeBoundary(const QByteArray &name, int group)
{
    if (group >= 5 && group <= 7)
        return name == "table" || name == "html" || name == "template";
    if (isOneOf(name, {"html", "table", "td", "th", "caption", "marquee", "object", "applet", "template"}))
        return true;
    return (group == 1 && name == "button") || (group == 2 && (name == "ul" || name == "ol"));
}

class Model {
public:
    // False when the tag passes a limit.
    bool start(const QByteArray &name, const QByteArray &attributes, bool selfClosing)
    {
        if (isVoid(name) || name == "html" || name == "head" || name == "body")
            return true;
        if (selfClosing && m_foreign > 0)
            return true;
        if (const int group = impliedGroup(name)) {
            // A row closes an open cell when no row is open, a row group a row or a cell.
            const int lowest = group >= 5 && group <= 7 ? 5 : group;
            for (int g = group; g >= lowest; --g) {
                if (closeGroup(g))
                    break;
            }
        }
        push(name);
        if (isMarker(name))
            m_scopes.emplace_back();
        if (isFormatting(name)) {
            Scope &scope = m_scopes.back();
            int &identical = scope.entries[name + '\0' + attributes];
            if (identical < 3) {   // the parser's "Noah's Ark" clause keeps at most three
                ++identical;
                ++scope.total;
            }
        }
        if (name == "svg" || name == "math")
            ++m_foreign;
        return int(m_stack.size()) <= ParseBudget::kMaxDepth && m_scopes.back().total <= ParseBudget::kMaxActiveFormatting;
    }

    void end(const QByteArray &name)
    {
        // Only an element in scope closes, and everything opened after it with it.
        for (auto k = m_stack.size(); k > 0; --k) {
            if (m_stack[k - 1].name == name) {
                while (m_stack.size() >= k)
                    pop();
                break;
            }
            if (isScopeBoundary(m_stack[k - 1].name, 0))
                break;
        }
        if (isFormatting(name)) {
            // The adoption agency takes the element off the list, open or not.
            Scope &scope = m_scopes.back();
            for (auto it = scope.entries.begin(); it != scope.entries.end(); ++it) {
                if (it.value() > 0 && it.key().startsWith(name + '\0')) {
                    --it.value();
                    --scope.total;
                    break;
                }
            }
        }
    }

private:
    struct Open {
        QByteArray name;
        int group = 0;
        bool marker = false;
    };
    struct Scope {
        QHash<QByteArray, int> entries;   // name + '\0' + raw attributes → count
        int total = 0;
    };

    void push(const QByteArray &name)
    {
        m_stack.push_back(Open{name, impliedGroup(name), isMarker(name)});
    }

    void pop()
    {
        const Open &open = m_stack.back();
        if (open.marker && m_scopes.size() > 1)
            m_scopes.pop_back();
        if (open.name == "svg" || open.name == "math")
            --m_foreign;
        m_stack.pop_back();
    }

    // Closes the nearest open element of the group if it is in scope; an option only when it is
    // the current element.
    bool closeGroup(int group)
    {
        for (auto k = m_stack.size(); k > 0; --k) {
            const Open &open = m_stack[k - 1];
            if (open.group == group) {
                while (m_stack.size() >= k)
                    pop();
                return true;
            }
            if (group == 4 || isScopeBoundary(open.name, group))
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
        if (closing) {
            model.end(name);
            continue;
        }
        if (!model.start(name, html.sliced(attributesStart, i - attributesStart).toByteArray(), selfClosing))
            return lt;
        if (name == "plaintext")
            break;
        if (isRawText(name)) {
            const qsizetype end = indexOfNoCase(html, QByteArray("</" + name), pos);
            if (end < 0)
                break;
            pos = end;
        }
    }
    return n;
}

} // namespace glint
