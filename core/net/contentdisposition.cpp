#include "core/net/contentdisposition.h"

#include <QList>
#include <QStringDecoder>

#include <optional>

namespace glint {
namespace {

// The header's parameters, split at ';' outside quotes: (lower-cased name, raw value).
QList<std::pair<QByteArray, QByteArray>> parameters(const QByteArray &header)
{
    QList<std::pair<QByteArray, QByteArray>> out;
    QList<QByteArray> parts;
    QByteArray part;
    bool quoted = false;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const char c = header.at(i);
        if (quoted && c == '\\' && i + 1 < header.size()) {
            part += c;
            part += header.at(++i);
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            parts << part;
            part.clear();
            continue;
        }
        part += c;
    }
    parts << part;
    for (const QByteArray &p : std::as_const(parts)) {
        const qsizetype eq = p.indexOf('=');
        if (eq > 0)
            out.append({p.left(eq).trimmed().toLower(), p.mid(eq + 1).trimmed()});
    }
    return out;
}

// The bytes as UTF-8, or nothing when they are not UTF-8.
std::optional<QString> strictUtf8(const QByteArray &bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = utf8(bytes);
    if (utf8.hasError())
        return std::nullopt;
    return decoded;
}

// quoted-string or token, unescaped; bytes taken as UTF-8 when they are, else Latin-1 (browsers do).
QString plainValue(QByteArray value)
{
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"')) {
        QByteArray unescaped;
        for (qsizetype i = 1; i + 1 < value.size(); ++i) {
            if (value.at(i) == '\\' && i + 2 < value.size())
                ++i;
            unescaped += value.at(i);
        }
        value = unescaped;
    }
    return strictUtf8(value).value_or(QString::fromLatin1(value));
}

// RFC 5987 ext-value: charset'language'percent-encoded. UTF-8 and ISO-8859-1 are all RFC 6266
// asks for; anything else is ignored (the plain filename, if any, is used instead).
QString extendedValue(const QByteArray &value)
{
    const qsizetype first = value.indexOf('\'');
    const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0)
        return {};
    const QByteArray charset = value.left(first).toLower();
    const QByteArray bytes = QByteArray::fromPercentEncoding(value.mid(second + 1));
    if (charset == "utf-8")
        return strictUtf8(bytes).value_or(QString());
    if (charset == "iso-8859-1")
        return QString::fromLatin1(bytes);
    return {};
}

QString lastComponent(const QString &name)
{
    const qsizetype cut = qMax(name.lastIndexOf(QLatin1Char('/')), name.lastIndexOf(QLatin1Char('\\')));
    return name.mid(cut + 1).trimmed();
}

} // namespace

QString ContentDisposition::fileName(const QByteArray &header)
{
    QString plain, extended;
    for (const auto &[name, value] : parameters(header)) {
        if (name == "filename*" && extended.isEmpty())
            extended = lastComponent(extendedValue(value));
        else if (name == "filename" && plain.isEmpty())
            plain = lastComponent(plainValue(value));
    }
    return extended.isEmpty() ? plain : extended;
}

} // namespace glint
