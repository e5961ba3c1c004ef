// Glint: downloads images, shows them as a gallery, and never freezes its window while doing it.
#include "app/application.h"
#include "app/benchrun.h"
#include "app/mainwindow.h"
#include "app/galleryview.h"
#include "app/viewer/viewerstack.h"
#include "app/options.h"
#include "app/terminationsignals.h"
#include "app/settings/preferences.h"
#include "app/settings/theme.h"
#include "core/imaging/cancelledreads.h"
#include "core/util/foregroundlatency.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QElapsedTimer runClock;
    runClock.start();

    QCoreApplication::setApplicationName(QStringLiteral("Glint"));
    QCoreApplication::setOrganizationName(QStringLiteral("Glint"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GLINT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    glint::Options options;
    int exitCode = 0;
    if (!glint::Options::parse(arguments, options, exitCode))
        return exitCode;
    // The Preferences fill in what the command line did not say; nothing here is written back.
    const glint::Preferences preferences = glint::Preferences::load(*glint::Preferences::openSettings(options.settingsFile));
    preferences.applyTo(options);

    // Without a display Qt would abort with a cryptic message; say what to do instead.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fprintf(stderr,
                     "glint: there is no display to open a window on.\n"
                     "  Run it under a virtual one:  xvfb-run -a -s '-screen 0 1600x1000x24' glint ...\n"
                     "  or, for a --bench run, headless:  QT_QPA_PLATFORM=offscreen glint ...\n");
        return 1;
    }

    QApplication qapp(argc, argv);
    // Before any thread of ours starts: they keep the default slice (ForegroundLatency says why).
    glint::ForegroundLatency::requestShortSlicesForThisThread();
    glint::CancelledReads::install();   // a decode stopped on purpose does not call the photo corrupt
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/glint.svg")));
    QApplication::setDesktopFileName(QStringLiteral("glint"));
    glint::applyTheme(preferences.theme);

    // The services first, then the window that is handed them; destroyed in the reverse order.
    glint::Application app(options);
    glint::MainWindow window(app);
    std::unique_ptr<glint::BenchRun> bench;
    if (!options.benchReport.isEmpty())
        bench = std::make_unique<glint::BenchRun>(options.benchReport, app, window.inputProbe(), window.galleryDelegate(), runClock);
    if (bench && options.benchScroll)
        bench->measureScroll(window.gallery());
    if (bench && options.benchViewer)
        bench->measureViewer(window.viewerStack(), window.gallery());
    // A logout, `kill` or Ctrl+C closes the window as its close button does (the catalog closes cleanly).
    glint::TerminationSignals termination;
    QObject::connect(&termination, &glint::TerminationSignals::requested, &window, &QWidget::close);
    window.show();
    app.start();
    return qapp.exec();
}
