#pragma once
// The main window as the user left it, restored at the next start: geometry, the docks and tool bars
// (QMainWindow::saveState), the tab, the Catalog's search text and sort, and the orders of the
// session gallery and the downloads panel and the tile size (filled in by the window, which owns those). Kept in the same settings
// file as the Preferences, under "window/".
//
// Threads: GUI thread. A value, read once at start and written once at close.
#include <QByteArray>
#include <QSettings>
#include <QString>

class QMainWindow;
class QTabWidget;

namespace glint {

class SearchBar;

struct WindowState {
    QByteArray geometry;     // QWidget::saveGeometry
    QByteArray layout;       // QMainWindow::saveState
    int tab = 0;
    QString search;          // the Catalog's search text
    int sort = 0;            // the Catalog's sort, as int(CatalogQuery::Sort)
    // The session gallery's order (View ▸ Sort By) and the downloads panel's sorted column (-1: none).
    QString galleryKey;      // GalleryProxy::keyName
    bool galleryDescending = false;
    bool galleryByPage = false;
    int downloadsColumn = -1;
    bool downloadsDescending = false;
    int tileWidth = 0;       // the tile-size slider as left (0: never moved, the Preferences' width)

    // Bumped when the docks or tool bars change in a way an older layout would restore wrongly.
    static constexpr int kLayoutVersion = 1;

    static WindowState load(QSettings &settings);
    void save(QSettings &settings) const;
    static WindowState capture(const QMainWindow &window, const QTabWidget &tabs, const SearchBar &search);
    // Geometry and layout first, so that the restored tab and search show in the restored window.
    void restore(QMainWindow &window, QTabWidget &tabs, SearchBar &search) const;
};

} // namespace glint
