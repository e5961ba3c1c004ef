#pragma once
// Why something failed, as a type. Code compares kinds ("was it cancelled?", "may a retry help?");
// only describe() turns a failure into the one sentence a person reads, through tr(), so the words
// can change or be translated without changing behaviour.
//
// Plain data, copied freely between threads. Every layer (net, imaging, pipeline) reports its
// failures in this one vocabulary, so the sentence for a kind is written once.
#include <QCoreApplication>
#include <QString>

namespace glint {

class Failure final {
    Q_DECLARE_TR_FUNCTIONS(Failure)
public:
    enum class Kind : quint8 {
        None,
        Cancelled,
        // Network and server
        NoData,             // count: seconds without a byte
        HttpStatus,         // status, detail: reason phrase
        TooManyRedirects,
        InsecureRedirect,
        ConnectionRefused,
        HostNotFound,       // detail: host
        ConnectionClosed,   // closed before the end, length unknown
        Truncated,          // count: bytes received, limit: bytes announced
        Overlong,           // count: bytes received, limit: bytes announced
        Incomplete,         // count: bytes received; no length announced, and the image does not end
        UnsupportedScheme,
        EmptyAnswer,
        NotAnImage,         // detail: the Content-Type the server sent
        TooLarge,           // limit: bytes
        PageTooLarge,       // limit: bytes
        Network,            // detail: Qt's own words, a failure a retry will not mend
        NetworkUnstable,    // detail: Qt's own words, a failure that may pass
        // Files
        CannotSave,         // detail: what went wrong, with the path
        NotFound,           // a SOURCE path that does not exist
        NotAFile,           // detail: what it is instead (a device, a pipe, a socket)
        FileMissing,
        Unreadable,         // detail
        ChangedWhileRead,
        // Sources and pages
        UnsupportedSource,
        NoImagesOnPage,
        // Images
        UnknownFormat,
        Damaged,            // detail
        DecodeFailed,       // detail
        OverBudget,         // limit: bytes the decode would need
    };

    Failure() = default;
    explicit Failure(Kind kind, QString detail = {}) : m_kind(kind), m_detail(std::move(detail)) {}
    static Failure httpStatus(int status, const QString &reason);
    static Failure bytes(Kind kind, qint64 count, qint64 limit);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool is(Kind kind) const { return m_kind == kind; }
    int status() const { return m_status; }
    qint64 count() const { return m_count; }
    qint64 limit() const { return m_limit; }
    const QString &detail() const { return m_detail; }

    // The sentence for people; empty for Kind::None.
    QString describe() const;
    // "183 KB", "2.4 MB": sizes in the words of the sentences above.
    static QString sizeText(qint64 bytes);

private:
    Kind m_kind = Kind::None;
    int m_status = 0;
    qint64 m_count = 0;
    qint64 m_limit = 0;
    QString m_detail;
};

} // namespace glint

// Its members are Qt's implicitly shared types and plain values: a QList of them grows with realloc.
Q_DECLARE_TYPEINFO(glint::Failure, Q_RELOCATABLE_TYPE);
