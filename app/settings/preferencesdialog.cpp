#include "app/settings/preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace glint {
namespace {

QSpinBox *spinBox(QWidget *parent, const char *name, int min, int max, const QString &suffix = {})
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setAlignment(Qt::AlignRight);
    return box;
}

} // namespace

PreferencesDialog::PreferencesDialog(QSettings &settings, const QStringList &fromCommandLine, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Preferences"));
    const QString mb = tr(" MB");

    // A row: the control, then a grey note when a change waits for the next start or the command
    // line holds the setting for this run.
    QList<QWidget *> notes;
    auto row = [&](QWidget *control, Preferences::Field field, const char *option = nullptr) -> QWidget * {
        auto *widget = new QWidget(this);
        auto *layout = new QHBoxLayout(widget);
        layout->setContentsMargins(0, 0, 0, 0);
        // Paths take the width; numbers and choices keep their own, so the notes line up.
        const bool compact = qobject_cast<QSpinBox *>(control) || qobject_cast<QComboBox *>(control);
        if (compact) {
            control->setMinimumWidth(120);
            layout->addWidget(control);
            layout->addStretch(1);
        } else {
            layout->addWidget(control, 1);
        }
        QString note;
        if (option && fromCommandLine.contains(QLatin1String(option)))
            note = tr("set by --%1 for this run").arg(QLatin1String(option));
        else if (!Preferences::appliesLive(field))
            note = tr("applies at next start");
        // A path without a note keeps the notes' column empty, so both paths end at the same x.
        if (!note.isEmpty() || !compact) {
            auto *label = new QLabel(note, widget);
            label->setEnabled(false);   // the palette's muted text: a remark, not a control
            layout->addWidget(label);
            notes << label;
        }
        return widget;
    };
    auto withBrowse = [&](QLineEdit *field, void (PreferencesDialog::*browse)()) {
        auto *widget = new QWidget(this);
        auto *layout = new QHBoxLayout(widget);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(field, 1);
        auto *button = new QToolButton(widget);
        button->setText(tr("Browse…"));
        connect(button, &QToolButton::clicked, this, browse);
        layout->addWidget(button);
        return widget;
    };

    m_downloadDir = new QLineEdit(this);
    m_downloadDir->setObjectName(QStringLiteral("downloadDir"));
    m_downloadDir->setMinimumWidth(360);
    m_catalogFile = new QLineEdit(this);
    m_catalogFile->setObjectName(QStringLiteral("catalogFile"));
    m_catalogFile->setMinimumWidth(360);
    auto *files = new QGroupBox(tr("Files"), this);
    auto *filesForm = new QFormLayout(files);
    filesForm->addRow(tr("&Downloads folder:"), row(withBrowse(m_downloadDir, &PreferencesDialog::browseFolder), Preferences::Field::DownloadDir, "downloads"));
    filesForm->addRow(tr("&Catalog file:"), row(withBrowse(m_catalogFile, &PreferencesDialog::browseCatalog), Preferences::Field::CatalogFile, "catalog"));

    m_connections = spinBox(this, "maxConnections", 1, Preferences::kMaxConnections);
    m_perHost = spinBox(this, "perHost", 1, Preferences::kMaxPerHost);
    m_timeout = spinBox(this, "timeout", 1, 3600, tr(" s"));
    m_retries = spinBox(this, "retries", 0, 10);
    m_maxImage = spinBox(this, "maxImage", 1, 4096, mb);
    m_connections->setToolTip(tr("How many downloads run at the same time, from all sites together"));
    m_perHost->setToolTip(tr("How many downloads run at the same time from one site (browsers use 6)"));
    m_timeout->setToolTip(tr("A download that receives nothing for this long fails (and may be retried)"));
    m_retries->setToolTip(tr("Time-outs, dropped connections and busy servers are tried again this many times"));
    m_maxImage->setToolTip(tr("Larger images are refused before they fill the disk"));
    auto *network = new QGroupBox(tr("Network"), this);
    auto *networkForm = new QFormLayout(network);
    networkForm->addRow(tr("Connections in &all:"), row(m_connections, Preferences::Field::Connections, "max-connections"));
    networkForm->addRow(tr("Connections per &site:"), row(m_perHost, Preferences::Field::PerHost, "per-host"));
    networkForm->addRow(tr("&Time-out without data:"), row(m_timeout, Preferences::Field::Timeout, "timeout"));
    networkForm->addRow(tr("&Retries:"), row(m_retries, Preferences::Field::Retries));
    networkForm->addRow(tr("&Largest image:"), row(m_maxImage, Preferences::Field::MaxImage));

    m_decodeBudget = spinBox(this, "decodeBudget", 64, 65536, mb);
    m_decodeBudget->setSingleStep(64);
    m_decodeBudget->setToolTip(tr("Memory for the images being decoded at the same time; one image may take a quarter of it"));
    m_thumbnailCache = spinBox(this, "thumbnailCache", 16, 65536, mb);
    m_thumbnailCache->setSingleStep(16);
    m_thumbnailCache->setToolTip(tr("Memory for the thumbnails on screen; those scrolled far away are decoded again when needed"));
    auto *memory = new QGroupBox(tr("Memory"), this);
    auto *memoryForm = new QFormLayout(memory);
    memoryForm->addRow(tr("&Decoding images:"), row(m_decodeBudget, Preferences::Field::DecodeBudget));
    memoryForm->addRow(tr("T&humbnails:"), row(m_thumbnailCache, Preferences::Field::ThumbnailCache));
    m_freedesktop = new QCheckBox(tr("&Use and add to the desktop's thumbnails"), this);
    m_freedesktop->setObjectName(QStringLiteral("freedesktopThumbnails"));
    m_freedesktop->setToolTip(tr("Folders a file manager has shown open without decoding, and the thumbnails Glint "
                                 "makes of your files are there for other programs (~/.cache/thumbnails)"));
    memoryForm->addRow(tr("Shared thumbnails:"), row(m_freedesktop, Preferences::Field::FreedesktopThumbnails));

    m_thumbnailWidth = spinBox(this, "thumbnailWidth", Preferences::kMinThumbnailWidth, Preferences::kMaxThumbnailWidth, tr(" px"));
    m_thumbnailWidth->setSingleStep(16);
    m_thumbnailWidth->setToolTip(tr("The width of a gallery tile's image; its height is three quarters of it"));
    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("theme"));
    m_theme->addItem(tr("System"), int(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), int(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Preferences::Theme::Dark));
    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    appearanceForm->addRow(tr("Thumbnail &width:"), row(m_thumbnailWidth, Preferences::Field::ThumbnailSize));
    appearanceForm->addRow(tr("T&heme:"), row(m_theme, Preferences::Field::Theme));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply
                                             | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &PreferencesDialog::apply);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setPreferences(Preferences::defaults()); });   // shown only; saved on Apply or OK

    // One grid across the four groups: every form's labels as wide as the widest, every note as wide
    // as the longest, so fields start, and paths end, at the same x in each group.
    const auto sameWidth = [](const QList<QWidget *> &column) {
        int width = 0;
        for (QWidget *widget : column)
            width = qMax(width, widget->sizeHint().width());
        for (QWidget *widget : column)
            widget->setMinimumWidth(width);
    };
    QList<QWidget *> labels;
    for (QFormLayout *form : {filesForm, networkForm, memoryForm, appearanceForm}) {
        for (int i = 0; i < form->rowCount(); ++i) {
            if (QLayoutItem *item = form->itemAt(i, QFormLayout::LabelRole); item && item->widget())
                labels << item->widget();
        }
    }
    sameWidth(labels);
    sameWidth(notes);

    auto *layout = new QVBoxLayout(this);
    for (QWidget *group : {static_cast<QWidget *>(files), static_cast<QWidget *>(network),
                           static_cast<QWidget *>(memory), static_cast<QWidget *>(appearance)})
        layout->addWidget(group);
    layout->addStretch(1);
    layout->addWidget(buttons);

    setPreferences(Preferences::load(m_settings));
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.downloadDir = m_downloadDir->text().trimmed();
    p.catalogFile = m_catalogFile->text().trimmed();
    // An emptied path field means "the default", as load() reads it.
    const Preferences defaults = Preferences::defaults();
    if (p.downloadDir.isEmpty())
        p.downloadDir = defaults.downloadDir;
    if (p.catalogFile.isEmpty())
        p.catalogFile = defaults.catalogFile;
    p.maxConnections = m_connections->value();
    p.perHost = m_perHost->value();
    p.timeoutSeconds = m_timeout->value();
    p.retries = m_retries->value();
    p.maxImageMB = m_maxImage->value();
    p.decodeBudgetMB = m_decodeBudget->value();
    p.thumbnailCacheMB = m_thumbnailCache->value();
    p.thumbnailWidth = m_thumbnailWidth->value();
    p.freedesktopThumbnails = m_freedesktop->isChecked();
    p.theme = Preferences::Theme(m_theme->currentData().toInt());
    return p;
}

void PreferencesDialog::setPreferences(const Preferences &p)
{
    m_downloadDir->setText(p.downloadDir);
    m_catalogFile->setText(p.catalogFile);
    m_connections->setValue(p.maxConnections);
    m_perHost->setValue(p.perHost);
    m_timeout->setValue(p.timeoutSeconds);
    m_retries->setValue(p.retries);
    m_maxImage->setValue(p.maxImageMB);
    m_decodeBudget->setValue(p.decodeBudgetMB);
    m_thumbnailCache->setValue(p.thumbnailCacheMB);
    m_thumbnailWidth->setValue(p.thumbnailWidth);
    m_freedesktop->setChecked(p.freedesktopThumbnails);
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(int(p.theme))));
}

void PreferencesDialog::apply()
{
    const Preferences p = preferences();
    p.save(m_settings);
    m_settings.sync();   // a few keys: written now, so a crash later loses nothing chosen here
    Q_EMIT applied(p);
}

void PreferencesDialog::browseFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Downloads folder"), m_downloadDir->text());
    if (!dir.isEmpty())
        m_downloadDir->setText(dir);
}

void PreferencesDialog::browseCatalog()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Catalog file"), m_catalogFile->text(),
                                                      tr("Catalog (*.sqlite);;All files (*)"), nullptr,
                                                      QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        m_catalogFile->setText(file);
}

} // namespace glint
