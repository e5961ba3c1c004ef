#pragma once
// The theme of Preferences: System leaves the platform's style and palette as Glint found them; Light
// and Dark use Fusion with a palette of their own (Qt 6.4 has no color-scheme switch in QStyleHints).
//
// Threads: GUI thread, after QApplication exists. Switching back to System restores what the first
// call saw.
#include "app/settings/preferences.h"

#include <QString>

namespace glint {

void applyTheme(Preferences::Theme theme);
// The name of the style in use ("fusion", "windows"…), seen through the groove cache Glint puts
// over Fusion (GrooveCacheStyle).
QString styleNameInUse();

} // namespace glint
