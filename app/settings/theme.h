#pragma once
// The theme of Preferences: System leaves the platform's style and palette as Glint found them; Light
// and Dark use Fusion with a palette of their own (Qt 6.4 has no color-scheme switch in QStyleHints).
//
// Threads: GUI thread, after QApplication exists. Switching back to System restores what the first
// call saw.
#include "app/settings/preferences.h"

namespace glint {

void applyTheme(Preferences::Theme theme);

} // namespace glint
