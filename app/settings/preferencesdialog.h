#pragma once
// Edit ▸ Preferences: the fields of Preferences, grouped (files, network, memory, appearance). Each
// setting that only takes effect at the next start says so beside it. Apply and OK save to the
// QSettings given and emit applied() with what was saved; Cancel saves nothing. Settings the command
// line gave for this run are marked: saving them changes the next start, not this run.
//
// Threads: GUI thread. Ownership: a child of its parent window; borrows the QSettings (the
// Application's), which outlives it.
#include "app/settings/preferences.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace glint {

class PreferencesDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)
public:
    // `fromCommandLine`: Options::given, the options that hold for this run whatever is saved.
    explicit PreferencesDialog(QSettings &settings, const QStringList &fromCommandLine = {}, QWidget *parent = nullptr);

    Preferences preferences() const;   // what the controls say now
    void setPreferences(const Preferences &preferences);

Q_SIGNALS:
    // Saved (Apply or OK); the receiver applies what can change live.
    void applied(const glint::Preferences &preferences);

private:
    void apply();
    void browseFolder();
    void browseCatalog();

    QSettings &m_settings;
    QLineEdit *m_downloadDir;
    QLineEdit *m_catalogFile;
    QSpinBox *m_connections;
    QSpinBox *m_perHost;
    QSpinBox *m_timeout;
    QSpinBox *m_retries;
    QSpinBox *m_maxImage;
    QSpinBox *m_decodeBudget;
    QSpinBox *m_thumbnailCache;
    QSpinBox *m_thumbnailWidth;
    QCheckBox *m_freedesktop;
    QComboBox *m_theme;
};

} // namespace glint
