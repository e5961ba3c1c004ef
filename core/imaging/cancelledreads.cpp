#include "core/imaging/cancelledreads.h"

#include <QtGlobal>
#include <cstring>

namespace glint {
namespace {

thread_local bool t_refusing = false;
QtMessageHandler s_next = nullptr;

void dropRefusedReadWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (t_refusing && type == QtWarningMsg && context.category
        && std::strncmp(context.category, "qt.gui.imageio", 14) == 0)
        return;
    if (s_next)
        s_next(type, context, message);
}

} // namespace

void CancelledReads::install()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    s_next = qInstallMessageHandler(dropRefusedReadWarnings);   // Qt's own when none was installed
}

void CancelledReads::markThisThread()
{
    t_refusing = true;
}

bool CancelledReads::isThisThreadMarked()
{
    return t_refusing;
}

CancelledReads::Scope::Scope()
{
    t_refusing = false;
}

CancelledReads::Scope::~Scope()
{
    t_refusing = false;
}

} // namespace glint
