#include "app/viewer/viewerpage.h"

#include "app/gallerymodel.h"
#include "app/plural.h"
#include "app/viewer/imagecanvas.h"
#include "app/viewer/vieweranimation.h"
#include "app/viewer/viewerloader.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/pipeline/item.h"
#include "core/util/failure.h"

#include <QAbstractItemModel>
#include <QtMath>
#include <cmath>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QFileInfo>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace glint {
namespace {

QString overlayStyle()
{
    return QStringLiteral("background: rgba(0, 0, 0, 170); color: #eeeeee; border-radius: 6px; padding: 8px;");
}

} // namespace

ViewerPage::ViewerPage(QThreadPool *decodePool, QWidget *parent)
    : QWidget(parent), m_canvas(new ImageCanvas(this)), m_loader(new ViewerLoader(decodePool, &m_cache, this)),
      m_animation(new ViewerAnimation(decodePool, this)),
      m_statusBox(new QWidget(this)), m_statusText(new QLabel(m_statusBox)), m_progress(new QProgressBar(m_statusBox)),
      m_retry(new QPushButton(tr("Retry"), m_statusBox)), m_info(new QLabel(this)), m_flash(new QLabel(this))
{
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_canvas);

    m_statusBox->setObjectName(QStringLiteral("viewerStatus"));
    m_statusBox->setAttribute(Qt::WA_StyledBackground);
    m_statusBox->setStyleSheet(QStringLiteral("#viewerStatus { %1 } QLabel { color: #eeeeee; }").arg(overlayStyle()));
    auto *statusLayout = new QVBoxLayout(m_statusBox);
    m_statusText->setWordWrap(true);
    m_statusText->setAlignment(Qt::AlignCenter);
    m_progress->setRange(0, 100);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    statusLayout->addWidget(m_statusText);
    statusLayout->addWidget(m_progress);
    statusLayout->addWidget(m_retry, 0, Qt::AlignHCenter);
    m_retry->setFocusPolicy(Qt::NoFocus);   // keys stay with the viewer
    m_statusBox->hide();
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_current.isValid())
            return;
        if (m_current.data(GalleryModel::StateRole).toInt() == int(Item::State::Failed)) {
            Q_EMIT retryRequested(m_current);
            return;
        }
        m_decodeFailure.clear();   // a decode that failed: try it again
        updateStatus();
        requestDecodes();
    });

    m_info->setStyleSheet(overlayStyle());
    m_info->setTextFormat(Qt::RichText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->hide();
    m_flash->setStyleSheet(overlayStyle());
    m_flash->hide();
    m_flashTimer.setSingleShot(true);
    m_flashTimer.setInterval(2500);
    connect(&m_flashTimer, &QTimer::timeout, m_flash, &QWidget::hide);

    connect(m_canvas, &ImageCanvas::painted, this, [this] {
        Q_EMIT framePainted(m_current.isValid() ? m_current.row() : -1, m_canvas->isSharp());
    });
    connect(m_canvas, &ImageCanvas::viewChanged, this, [this] {
        updateInfo();
        requestDecodes();
    });
    connect(m_canvas, &ImageCanvas::panned, this, [this] {
        if (m_canvas->hasDetail() || !m_regionKey.isEmpty())
            requestDecodes();   // a very large image: the part now on screen
    });
    connect(m_canvas, &ImageCanvas::resizedBox, this, [this] {
        if (!isOpen())
            return;
        // The sizes decoded for the old window no longer fit: the one on screen stays until the new one comes.
        m_fullFailure.clear();
        requestDecodes();
    });
    connect(m_loader, &ViewerLoader::ready, this, &ViewerPage::onReady);
    connect(m_animation, &ViewerAnimation::frame, this, [this](const QPixmap &frame) {
        if (!m_canvas->isZoomedIn())   // zoomed in, the still full-resolution frame stays
            m_canvas->setPixmap(frame, false);
    });
    connect(m_loader, &ViewerLoader::failed, this, &ViewerPage::onFailed);
    m_prefetchAfterPause.setSingleShot(true);
    m_prefetchAfterPause.setInterval(kHeldKeyMs);
    connect(&m_prefetchAfterPause, &QTimer::timeout, this, &ViewerPage::requestDecodes);
    connect(&m_slideshow, &QTimer::timeout, this, [this] {
        if (!m_model || m_current.row() + 1 >= m_model->rowCount()) {
            m_slideshow.stop();
            flash(tr("Slideshow ended"));
            return;
        }
        step(+1);
    });
}

ViewerPage::~ViewerPage() = default;

void ViewerPage::setModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    m_model = model;
    if (!model)
        return;
    m_modelConnections << connect(model, &QAbstractItemModel::dataChanged, this, &ViewerPage::onDataChanged);
    // Filtered away or removed: back to the gallery, as there is nothing left to show.
    const auto closeIfGone = [this] {
        if (!m_current.isValid()) {
            close();
        } else {
            requestDecodes();
            updateCaption();   // its place and the count may have changed
            updateInfo();      // the overlay's "5 / 41" too, when shown
        }
    };
    m_modelConnections << connect(model, &QAbstractItemModel::rowsRemoved, this, closeIfGone);
    m_modelConnections << connect(model, &QAbstractItemModel::layoutChanged, this, closeIfGone);
    m_modelConnections << connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        requestDecodes();
        updateCaption();   // "5 of 41" becomes "5 of 60" as a page's images keep arriving
        updateInfo();
    });
    m_modelConnections << connect(model, &QAbstractItemModel::modelReset, this, [this] { close(); });
    m_modelConnections << connect(model, &QObject::destroyed, this, [this] { close(); });
}

void ViewerPage::open(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    if (index.model() != m_model)
        setModel(const_cast<QAbstractItemModel *>(index.model()));
    m_direction = 1;
    m_current = index;
    m_loader->resetPeak();
    showCurrent();
    setFocus(Qt::OtherFocusReason);
}

void ViewerPage::close()
{
    if (!isOpen())
        return;
    const QModelIndex index = m_current;
    m_slideshow.stop();
    setModel(nullptr);
    m_current = QPersistentModelIndex();
    m_currentFile.clear();
    m_animation->stop();
    m_prefetchAfterPause.stop();
    m_loader->setWanted({});
    m_canvas->clear();
    m_info->hide();
    m_statusBox->hide();
    updateCaption();
    Q_EMIT closed(index);
}

void ViewerPage::goToRow(int row)
{
    if (!m_model || m_model->rowCount() == 0)
        return;
    row = qBound(0, row, m_model->rowCount() - 1);
    if (row == m_current.row())
        return;
    m_direction = row > m_current.row() ? 1 : -1;
    m_current = m_model->index(row, 0);
    // A held key: the neighbours wait until the steps pause (requestDecodes asks the timer).
    const bool held = m_sinceStep.isValid() && m_sinceStep.elapsed() < kHeldKeyMs;
    m_sinceStep.start();
    if (held)
        m_prefetchAfterPause.start();
    showCurrent();
}

void ViewerPage::step(int delta)
{
    if (!m_model || !m_current.isValid())
        return;
    const int row = m_current.row() + delta;
    if (row >= m_model->rowCount() && m_model->canFetchMore({})) {
        m_model->fetchMore({});   // a paged model (the catalog): the next page comes, then the step works
        if (row >= m_model->rowCount()) {
            flash(tr("Loading more images…"));
            return;
        }
    }
    if (row < 0 || row >= m_model->rowCount()) {
        flash(delta > 0 ? tr("The last image") : tr("The first image"));
        return;
    }
    goToRow(row);
}

bool ViewerPage::isDone(const QModelIndex &index) const
{
    return index.isValid() && index.data(GalleryModel::StateRole).toInt() == int(Item::State::Done)
        && !index.data(GalleryModel::FileRole).toString().isEmpty();
}

QString ViewerPage::fileOf(const QModelIndex &index) const
{
    return index.data(GalleryModel::FileRole).toString();
}

QString ViewerPage::screenKey() const
{
    return ViewerCache::keyOf(m_currentFile, m_canvas->deviceBox());
}

QString ViewerPage::fullKey() const
{
    return ViewerCache::keyOf(m_currentFile, QSize());
}

void ViewerPage::showCurrent()
{
    const QModelIndex index = m_current;
    m_shownState = index.data(GalleryModel::StateRole).toInt();
    m_currentFile = isDone(index) ? fileOf(index) : QString();
    m_format = index.data(GalleryModel::FormatRole).toByteArray();
    m_fullFailure.clear();
    m_decodeFailure.clear();
    m_regionKey.clear();
    m_canvas->setImage(index.data(GalleryModel::SizeRole).toSize());
    m_animation->stop();
    // Instant: the sharp image if it was prefetched, else the tile's thumbnail scaled up.
    const QPixmap sharp = m_currentFile.isEmpty() ? QPixmap() : m_cache.find(screenKey());
    if (!sharp.isNull()) {
        m_canvas->setFullSize(m_decodedSizes.value(m_currentFile));
        m_canvas->setPixmap(sharp, false);
        if (m_animatedFiles.contains(m_currentFile))
            m_animation->start(m_currentFile, m_canvas->deviceBox());
    } else {
        const QPixmap thumbnail = index.data(Qt::DecorationRole).value<QPixmap>();
        if (!thumbnail.isNull())
            m_canvas->setPixmap(thumbnail, true);
    }
    updateStatus();
    updateInfo();
    updateCaption();
    requestDecodes();
}

void ViewerPage::requestDecodes()
{
    if (!m_model || !m_current.isValid()) {
        m_loader->setWanted({});
        return;
    }
    const QSize box = m_canvas->deviceBox();
    QList<ViewerLoader::Request> wanted;
    if (!m_currentFile.isEmpty() && !m_canvas->isSharp()) {
        // Prefetched at this size already (the window changed size since the image was shown).
        const QPixmap cached = m_cache.find(screenKey());
        if (!cached.isNull() && (m_canvas->isPreview() || cached.width() > m_canvas->pixmap().width())) {
            m_canvas->setFullSize(m_decodedSizes.value(m_currentFile));
            m_canvas->setPixmap(cached, false);
        }
    }
    if (!m_currentFile.isEmpty() && m_decodeFailure.isEmpty() && !m_canvas->isSharp()) {
        const QSize full = m_canvas->fullSize();
        const QSize fitted = full.isValid() ? ThumbnailDecoder::fitted(full, box) : box;
        const QSize needed = m_canvas->neededSize();
        const bool beyondScreen = full.isValid() && (needed.width() > fitted.width() + 2 || needed.height() > fitted.height() + 2);
        if (!m_cache.contains(screenKey()) && (m_canvas->isPreview() || !beyondScreen))
            wanted << ViewerLoader::Request{m_currentFile, box, {}};
        // Zoomed past the window's size: the full resolution, within the decode budget — or, for a
        // very large image, the part on screen (and a quarter around it) at the scale shown.
        if (beyondScreen && m_fullFailure.isEmpty()) {
            if (qint64(full.width()) * full.height() * 4 > kRegionAboveBytes) {
                const QRectF visible = m_canvas->visibleRegion();
                const QRect region = visible.adjusted(-visible.width() / 4, -visible.height() / 4, visible.width() / 4,
                                                      visible.height() / 4).toAlignedRect() & QRect(QPoint(0, 0), full);
                const double s = qMin(1.0, m_canvas->scale());
                const QSize size(qMax(1, qCeil(region.width() * s)), qMax(1, qCeil(region.height() * s)));
                m_regionKey = ViewerCache::keyOf(m_currentFile, region, size);
                const QPixmap cached = m_cache.find(m_regionKey);
                if (!cached.isNull())
                    m_canvas->setDetail(cached, region);
                else
                    wanted << ViewerLoader::Request{m_currentFile, size, region};
            } else {
                wanted << ViewerLoader::Request{m_currentFile, QSize(), {}};
            }
        }
    }
    if (m_prefetchAfterPause.isActive()) {   // a held key: the image on screen only, for now
        m_loader->setWanted(wanted);
        return;
    }
    // Near the end of a paged model (the catalog): ask for the next page before the user gets there.
    if (m_direction > 0 && m_current.row() + kAhead >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    // The neighbours, nearest first in the direction of travel, then the one behind.
    QList<int> rows;
    for (int i = 1; i <= kAhead; ++i)
        rows << m_current.row() + i * m_direction;
    for (int i = 1; i <= kBehind; ++i)
        rows << m_current.row() - i * m_direction;
    for (int row : std::as_const(rows)) {
        if (row < 0 || row >= m_model->rowCount())
            continue;
        const QModelIndex neighbour = m_model->index(row, 0);
        if (isDone(neighbour))
            wanted << ViewerLoader::Request{fileOf(neighbour), box, {}};
    }
    m_loader->setWanted(wanted);
}

void ViewerPage::onReady(const QString &key, const QPixmap &pixmap, QSize fullSize, const QByteArray &format, bool animated,
                         QRect region)
{
    const QString file = key.section(QLatin1Char('|'), 0, -2);
    if (animated)
        m_animatedFiles.insert(file);
    if (fullSize.isValid() && !key.endsWith(QLatin1String("|full")))
        m_decodedSizes.insert(file, fullSize);
    if (!m_currentFile.isEmpty() && key == m_regionKey && region.isValid()) {
        m_canvas->setDetail(pixmap, region);   // the part on screen of a very large image
        return;
    }
    if (m_currentFile.isEmpty() || (key != screenKey() && key != fullKey() && key != m_regionKey))
        return;   // a neighbour: it waits in the cache
    m_canvas->setFullSize(fullSize);
    if (!format.isEmpty())
        m_format = format;
    if (m_canvas->isPreview() || pixmap.width() > m_canvas->pixmap().width())
        m_canvas->setPixmap(pixmap, false);
    if (animated && key == screenKey() && !m_animation->isPlaying())
        m_animation->start(m_currentFile, m_canvas->deviceBox());
    updateInfo();
    requestDecodes();   // the size may have told us more is needed (fill, zoom)
}

void ViewerPage::onFailed(const QString &key, const Failure &failure)
{
    if (m_currentFile.isEmpty())
        return;
    if (key == fullKey()) {
        m_fullFailure = failure.describe();
        flash(tr("The full resolution cannot be shown: %1").arg(m_fullFailure));
    } else if (key == m_regionKey) {
        m_fullFailure = failure.describe();
        flash(tr("This part cannot be shown sharper: %1").arg(m_fullFailure));
    } else if (key == screenKey()) {
        m_decodeFailure = failure.describe();
        updateStatus();
    }
}

void ViewerPage::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!m_current.isValid())
        return;
    const int row = m_current.row();
    if (row >= topLeft.row() && row <= bottomRight.row()) {
        const int state = m_current.data(GalleryModel::StateRole).toInt();
        if (state != m_shownState) {
            showCurrent();   // downloaded, failed or retried: show what it is now
            return;
        }
        if (!m_canvas->hasPixmap()) {
            const QPixmap thumbnail = m_current.data(Qt::DecorationRole).value<QPixmap>();
            if (!thumbnail.isNull())
                m_canvas->setPixmap(thumbnail, true);
        }
        updateStatus();
    }
    // A neighbour that just finished downloading is worth prefetching.
    if (bottomRight.row() >= row - kAhead && topLeft.row() <= row + kAhead)
        requestDecodes();
}

void ViewerPage::updateStatus()
{
    if (!m_current.isValid()) {
        m_statusBox->hide();
        return;
    }
    const auto state = Item::State(m_current.data(GalleryModel::StateRole).toInt());
    QString text;
    bool retry = false;
    double progress = -2;   // no bar
    switch (state) {
    case Item::State::Queued:
        text = tr("Waiting to download…");
        progress = -1;
        break;
    case Item::State::Downloading: {
        progress = m_current.data(GalleryModel::ProgressRole).toDouble();
        text = progress >= 0 ? tr("Downloading… %1 %").arg(qRound(progress * 100)) : tr("Downloading…");
        break;
    }
    case Item::State::Decoding:
        text = tr("Reading the image…");
        progress = -1;
        break;
    case Item::State::Failed:
        text = m_current.data(GalleryModel::ErrorRole).toString();
        retry = true;
        break;
    case Item::State::Done:
        if (!m_decodeFailure.isEmpty()) {
            text = m_decodeFailure;
            retry = true;
        } else if (fileOf(m_current).isEmpty()) {
            text = tr("The original is not on this computer.");
        }
        break;
    }
    if (text.isEmpty()) {
        m_statusBox->hide();
        return;
    }
    m_statusText->setText(text);
    m_retry->setVisible(retry);
    m_progress->setVisible(progress > -2);
    if (progress >= 0) {
        m_progress->setRange(0, 100);
        m_progress->setValue(qRound(progress * 100));
    } else {
        m_progress->setRange(0, 0);   // busy
    }
    m_statusBox->show();
    m_statusBox->raise();
    layoutOverlays();
}

QString ViewerPage::statusText() const
{
    return m_statusBox->isHidden() ? QString() : m_statusText->text();
}

bool ViewerPage::isRetryVisible() const
{
    return !m_statusBox->isHidden() && !m_retry->isHidden();
}

QString ViewerPage::caption() const
{
    if (!m_model || !m_current.isValid())
        return {};
    return tr("%1 — %2 of %3").arg(m_current.data(Qt::DisplayRole).toString()).arg(m_current.row() + 1).arg(m_model->rowCount());
}

QString ViewerPage::keyHint()
{
    return tr("← → browse · I info · Esc back to the gallery");
}

void ViewerPage::updateCaption()
{
    QString text = caption();
    if (text == m_caption)
        return;
    m_caption = std::move(text);
    Q_EMIT captionChanged(m_caption);
}

bool ViewerPage::isInfoVisible() const
{
    return !m_info->isHidden();
}

void ViewerPage::updateInfo()
{
    if (m_info->isHidden() || !m_current.isValid())
        return;
    const QModelIndex index = m_current;
    const QSize size = m_canvas->fullSize();
    const QString name = index.data(Qt::DisplayRole).toString().toHtmlEscaped();
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> &nbsp; %2 / %3").arg(name).arg(index.row() + 1).arg(m_model ? m_model->rowCount() : 0);
    const auto line = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines << QStringLiteral("%1: %2").arg(label, value.toHtmlEscaped());
    };
    if (size.isValid())
        line(tr("Dimensions"), tr("%1 × %2 pixels (%3 MP)").arg(size.width()).arg(size.height())
                                   .arg(QLocale().toString(size.width() * double(size.height()) / 1e6, 'f', 1)));
    line(tr("Format"), QString::fromLatin1(m_format).toUpper());
    const qint64 bytes = index.data(GalleryModel::BytesRole).toLongLong();
    if (bytes > 0)
        line(tr("Size"), GalleryModel::formatBytes(bytes));
    line(tr("Address"), index.data(GalleryModel::UrlRole).toUrl().toDisplayString());
    line(tr("Page"), index.data(GalleryModel::PageRole).toUrl().toDisplayString());
    line(tr("Saved as"), fileOf(index));
    const QDateTime fetched = index.data(GalleryModel::FetchedRole).toDateTime();
    if (fetched.isValid())
        line(tr("Fetched"), QLocale().toString(fetched.toLocalTime(), QLocale::ShortFormat));
    line(tr("Zoom"), QStringLiteral("%1 %").arg(qRound(m_canvas->scale() / devicePixelRatioF() * 100)));
    m_info->setText(lines.join(QStringLiteral("<br>")));
    m_info->adjustSize();
    layoutOverlays();
}

void ViewerPage::layoutOverlays()
{
    const int margin = 12;
    m_info->move(margin, margin);
    if (!m_statusBox->isHidden()) {
        m_statusBox->setFixedWidth(qMin(width() - 2 * margin, 480));
        m_statusBox->adjustSize();
        m_statusBox->move((width() - m_statusBox->width()) / 2, (height() - m_statusBox->height()) / 2);
    }
    if (!m_flash->isHidden()) {
        m_flash->adjustSize();
        m_flash->move((width() - m_flash->width()) / 2, height() - m_flash->height() - 2 * margin);
    }
}

void ViewerPage::flash(const QString &message)
{
    m_flash->setText(message);
    m_flash->show();
    m_flash->raise();
    layoutOverlays();
    m_flashTimer.start();
}

void ViewerPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutOverlays();
}

bool ViewerPage::event(QEvent *event)
{
    // The window's shortcuts (Esc cancels every download there) must not take the viewer's keys.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
        if (mods == Qt::NoModifier || key->matches(QKeySequence::Copy)
            || (key->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier) && key->key() == Qt::Key_C)) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void ViewerPage::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const bool zoomed = m_canvas->isZoomedIn();
    const double panStep = 80;
    if (ctrl && event->key() == Qt::Key_C) {
        if (event->modifiers() & Qt::ShiftModifier)
            copyAddress();
        else
            copyImage();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Escape:
        if (window()->isFullScreen())
            Q_EMIT fullScreenRequested(false);
        else
            close();
        return;
    case Qt::Key_Right:
        zoomed ? m_canvas->panBy({-panStep, 0}) : step(+1);
        return;
    case Qt::Key_Left:
        zoomed ? m_canvas->panBy({panStep, 0}) : step(-1);
        return;
    case Qt::Key_Up:
        if (zoomed)
            m_canvas->panBy({0, panStep});
        return;
    case Qt::Key_Down:
        if (zoomed)
            m_canvas->panBy({0, -panStep});
        return;
    case Qt::Key_Space:
    case Qt::Key_PageDown:
        step(+1);
        return;
    case Qt::Key_Backspace:
    case Qt::Key_PageUp:
        step(-1);
        return;
    case Qt::Key_Home:
        goToRow(0);
        return;
    case Qt::Key_End:
        if (m_model)
            goToRow(m_model->rowCount() - 1);
        return;
    case Qt::Key_1:
        m_canvas->setMode(ImageCanvas::Mode::Actual);
        return;
    case Qt::Key_F:
        m_canvas->setMode(m_canvas->mode() == ImageCanvas::Mode::Fill ? ImageCanvas::Mode::Fit : ImageCanvas::Mode::Fill);
        return;
    case Qt::Key_0:
    case Qt::Key_W:
        m_canvas->setMode(ImageCanvas::Mode::Fit);
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_canvas->zoomBy(1.25);
        return;
    case Qt::Key_Minus:
        m_canvas->zoomBy(0.8);
        return;
    case Qt::Key_I:
        m_info->setVisible(m_info->isHidden());
        m_info->raise();
        updateInfo();
        return;
    case Qt::Key_Delete:
        if (m_deleteEnabled && m_current.isValid())
            Q_EMIT deleteRequested(m_current);
        return;
    case Qt::Key_F11:
        Q_EMIT fullScreenRequested(!window()->isFullScreen());
        return;
    case Qt::Key_S:
        if (m_slideshow.isActive()) {
            m_slideshow.stop();
            flash(tr("Slideshow stopped"));
        } else {
            startSlideshow(m_slideshowSeconds);
        }
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void ViewerPage::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const double notches = event->angleDelta().y() / 120.0;
        m_canvas->zoomBy(std::pow(1.25, notches), m_canvas->mapFrom(this, event->position()));
        event->accept();
        return;
    }
    // A notch (or a touchpad's worth of small deltas) is one image.
    m_wheelDelta += event->angleDelta().y();
    while (qAbs(m_wheelDelta) >= 120) {
        step(m_wheelDelta > 0 ? -1 : +1);
        m_wheelDelta += m_wheelDelta > 0 ? -120 : 120;
    }
    event->accept();
}

void ViewerPage::mouseDoubleClickEvent(QMouseEvent *event)
{
    // As in most viewers: double-click toggles between fit and 1:1.
    m_canvas->setMode(m_canvas->mode() == ImageCanvas::Mode::Fit ? ImageCanvas::Mode::Actual : ImageCanvas::Mode::Fit);
    event->accept();
}

void ViewerPage::startSlideshow(int seconds)
{
    m_slideshowSeconds = seconds;
    m_slideshow.start(seconds * 1000);
    flash(plural(seconds, tr("Slideshow: every second — S stops it"), tr("Slideshow: every %L1 seconds — S stops it")));
}

void ViewerPage::copyImage()
{
    // The best pixels decoded so far: the full resolution when it was decoded, else the window's size.
    const QPixmap full = m_cache.find(fullKey());
    const QPixmap pixmap = !full.isNull() ? full : m_canvas->pixmap();
    if (pixmap.isNull())
        return;
    QApplication::clipboard()->setPixmap(pixmap);
    flash(tr("Image copied"));
}

void ViewerPage::copyAddress()
{
    const QUrl url = m_current.data(GalleryModel::UrlRole).toUrl();
    if (url.isEmpty())
        return;
    QApplication::clipboard()->setText(url.toString());
    flash(tr("Address copied"));
}

void ViewerPage::openFolder()
{
    const QString file = fileOf(m_current);
    if (file.isEmpty())
        return;
    // absolutePath() works on the string: no file-system access on this thread.
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absolutePath())))
        flash(tr("No program is set up to open folders"));
}

void ViewerPage::openExternally()
{
    const QString file = fileOf(m_current);
    if (file.isEmpty())
        return;
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(file)))
        flash(tr("No program is set up to open this kind of image"));
}

void ViewerPage::contextMenuEvent(QContextMenuEvent *event)
{
    if (!isOpen())
        return;
    QMenu menu(this);
    const bool hasFile = !fileOf(m_current).isEmpty();
    menu.addAction(tr("Copy Image"), QKeySequence::Copy, this, &ViewerPage::copyImage)->setEnabled(m_canvas->hasPixmap());
    menu.addAction(tr("Copy Address"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this, &ViewerPage::copyAddress);
    menu.addAction(tr("Open Containing Folder"), this, &ViewerPage::openFolder)->setEnabled(hasFile);
    menu.addAction(tr("Open with the System's Viewer"), this, &ViewerPage::openExternally)->setEnabled(hasFile);
    if (m_deleteEnabled) {
        menu.addAction(tr("Delete File…"), QKeySequence::Delete, this, [this] {
            if (m_current.isValid())
                Q_EMIT deleteRequested(m_current);
        })->setEnabled(hasFile);
    }
    menu.addSeparator();
    menu.addAction(tr("Fit"), QKeySequence(Qt::Key_0), this, [this] { m_canvas->setMode(ImageCanvas::Mode::Fit); });
    menu.addAction(tr("Fill"), QKeySequence(Qt::Key_F), this, [this] { m_canvas->setMode(ImageCanvas::Mode::Fill); });
    menu.addAction(tr("Actual Size (1:1)"), QKeySequence(Qt::Key_1), this, [this] { m_canvas->setMode(ImageCanvas::Mode::Actual); });
    menu.addAction(tr("Zoom In"), QKeySequence(Qt::Key_Plus), this, [this] { m_canvas->zoomBy(1.25); });
    menu.addAction(tr("Zoom Out"), QKeySequence(Qt::Key_Minus), this, [this] { m_canvas->zoomBy(0.8); });
    menu.addSeparator();
    QAction *info = menu.addAction(tr("Information"), QKeySequence(Qt::Key_I), this, [this] {
        m_info->setVisible(m_info->isHidden());
        m_info->raise();
        updateInfo();
    });
    info->setCheckable(true);
    info->setChecked(!m_info->isHidden());
    QAction *full = menu.addAction(tr("Full Screen"), QKeySequence(Qt::Key_F11), this,
                                   [this] { Q_EMIT fullScreenRequested(!window()->isFullScreen()); });
    full->setCheckable(true);
    full->setChecked(window()->isFullScreen());
    QMenu *slideshow = menu.addMenu(tr("Slideshow"));
    if (m_slideshow.isActive())
        slideshow->addAction(tr("Stop"), QKeySequence(Qt::Key_S), this, [this] { m_slideshow.stop(); });
    for (int seconds : {2, 3, 5, 10, 30})
        slideshow->addAction(plural(seconds, tr("Every Second"), tr("Every %L1 Seconds")), this,
                             [this, seconds] { startSlideshow(seconds); });
    menu.addSeparator();
    menu.addAction(tr("Back to the Gallery"), QKeySequence(Qt::Key_Escape), this, &ViewerPage::close);
    menu.exec(event->globalPos());
}

} // namespace glint
