#pragma once
// SIGTERM, SIGINT and SIGHUP (a logout or shutdown, `kill`, Ctrl+C or a closed terminal) close the
// window as its close button does: what finished still reaches the catalog, and the catalog is
// closed cleanly, so its clean-close mark spares the next start a check of every page (without it,
// a million-row catalog is read whole again). A second signal ends the process at once.
//
// Threads: the handler only writes one byte to a pipe (async-signal-safe, whichever thread the
// kernel picks); the GUI thread reads it through a QSocketNotifier and emits requested().
// Lifetime: one, made in main() after the QApplication; the handlers are the default ones again
// once it is destroyed.
#include <QObject>

class QSocketNotifier;

namespace glint {

class TerminationSignals final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)
public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    void requested(int signal);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace glint
