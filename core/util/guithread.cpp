#include "core/util/guithread.h"

#include <QCoreApplication>
#include <QThread>

namespace glint {

bool isGuiThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread();
}

} // namespace glint
