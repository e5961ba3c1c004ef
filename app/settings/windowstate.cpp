#include "app/settings/windowstate.h"

#include "app/catalog/searchbar.h"

#include <QMainWindow>
#include <QTabWidget>

namespace glint {

WindowState WindowState::load(QSettings &settings)
{
    WindowState s;
    settings.beginGroup(QStringLiteral("window"));
    s.geometry = settings.value(QStringLiteral("geometry")).toByteArray();
    s.layout = settings.value(QStringLiteral("layout")).toByteArray();
    s.tab = settings.value(QStringLiteral("tab"), 0).toInt();
    s.search = settings.value(QStringLiteral("catalogSearch")).toString();
    s.sort = settings.value(QStringLiteral("catalogSort"), 0).toInt();
    s.galleryKey = settings.value(QStringLiteral("gallerySort")).toString();
    s.galleryDescending = settings.value(QStringLiteral("galleryDescending"), false).toBool();
    s.galleryByPage = settings.value(QStringLiteral("galleryByPage"), false).toBool();
    s.downloadsColumn = settings.value(QStringLiteral("downloadsSort"), -1).toInt();
    s.downloadsDescending = settings.value(QStringLiteral("downloadsDescending"), false).toBool();
    s.tileWidth = settings.value(QStringLiteral("tileWidth"), 0).toInt();
    settings.endGroup();
    return s;
}

void WindowState::save(QSettings &settings) const
{
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), geometry);
    settings.setValue(QStringLiteral("layout"), layout);
    settings.setValue(QStringLiteral("tab"), tab);
    settings.setValue(QStringLiteral("catalogSearch"), search);
    settings.setValue(QStringLiteral("catalogSort"), sort);
    settings.setValue(QStringLiteral("gallerySort"), galleryKey);
    settings.setValue(QStringLiteral("galleryDescending"), galleryDescending);
    settings.setValue(QStringLiteral("galleryByPage"), galleryByPage);
    settings.setValue(QStringLiteral("downloadsSort"), downloadsColumn);
    settings.setValue(QStringLiteral("downloadsDescending"), downloadsDescending);
    settings.setValue(QStringLiteral("tileWidth"), tileWidth);
    settings.endGroup();
}

WindowState WindowState::capture(const QMainWindow &window, const QTabWidget &tabs, const SearchBar &search)
{
    WindowState s;
    s.geometry = window.saveGeometry();
    s.layout = window.saveState(kLayoutVersion);
    s.tab = tabs.currentIndex();
    s.search = search.text();
    s.sort = int(search.sort());
    return s;
}

void WindowState::restore(QMainWindow &window, QTabWidget &tabs, SearchBar &search) const
{
    // Each piece is optional: a first start has none, and a damaged one leaves Qt's default.
    if (!geometry.isEmpty())
        window.restoreGeometry(geometry);
    if (!layout.isEmpty())
        window.restoreState(layout, kLayoutVersion);
    search.restore(this->search, CatalogQuery::Sort(sort));
    if (tab >= 0 && tab < tabs.count())
        tabs.setCurrentIndex(tab);
}

} // namespace glint
