#include "app/sessionremover.h"

#include "app/confirmation.h"

#include "app/galleryproxy.h"
#include "app/galleryview.h"
#include "app/plural.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/util/whenready.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSet>
#include <QtConcurrent>

namespace glint {

SessionRemover::SessionRemover(GalleryView *view, GalleryProxy *proxy, Pipeline *pipeline, QThreadPool *pool, QWidget *window)
    : QObject(window), m_view(view), m_proxy(proxy), m_pipeline(pipeline), m_pool(pool), m_window(window)
{
    // Shortcuts for the gallery alone: the downloads panel keeps Delete for Cancel, the catalog's
    // view for its own Remove.
    m_remove = new QAction(tr("Remove from Session"), view);
    m_remove->setShortcut(QKeySequence::Delete);
    m_remove->setShortcutContext(Qt::WidgetShortcut);
    connect(m_remove, &QAction::triggered, this, [this] { ask(false); });
    m_removeAndDelete = new QAction(tr("Remove and Delete Files"), view);
    m_removeAndDelete->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    m_removeAndDelete->setShortcutContext(Qt::WidgetShortcut);
    m_removeAndDelete->setToolTip(tr("Deletes only the files Glint downloaded in this session; your own files are kept"));
    connect(m_removeAndDelete, &QAction::triggered, this, [this] { ask(true); });
    view->addAction(m_remove);
    view->addAction(m_removeAndDelete);
}

void SessionRemover::ask(bool deleteFiles)
{
    if (m_box)
        return;   // already asking
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            rows << source.row();
    }
    if (rows.isEmpty())
        return;
    int own = 0;
    for (int row : std::as_const(rows)) {
        const Item &item = m_pipeline->items().at(row);
        own += item.fileCreated && !item.file.isEmpty() ? 1 : 0;
    }
    const int count = int(rows.size());
    Confirmation question;
    question.objectName = QStringLiteral("removeFromSession");
    if (deleteFiles) {
        question.title = tr("Remove and delete files");
        question.text = plural(count, tr("Remove 1 image from this session and delete its file?"),
                               tr("Remove %L1 images from this session and delete their files?"));
        const QString never = tr("Glint never deletes a file it did not create: opened, dropped and earlier files are kept.");
        question.informativeText = own == 0 ? tr("None of them was downloaded by Glint, so no file will be deleted. %1").arg(never)
            : plural(own, tr("1 file was downloaded by Glint and will be deleted, and the catalog forgets it. %1"),
                     tr("%L1 files were downloaded by Glint and will be deleted, and the catalog forgets them. %2")).arg(never);
        question.acceptText = tr("Remove and Delete");
    } else {
        question.title = tr("Remove from the session");
        question.text = plural(count, tr("Remove 1 image from this session?"), tr("Remove %L1 images from this session?"));
        question.informativeText = tr("The files stay where they are, and the catalog keeps the images.");
        question.acceptText = tr("Remove");
    }
    m_box = askToConfirm(m_window, question, this, [this, rows, deleteFiles] { remove(rows, deleteFiles); });
}

void SessionRemover::remove(const QList<int> &rows, bool deleteFiles)
{
    const Pipeline::Items &items = m_pipeline->items();
    QSet<int> removing;
    QList<int> unfinished;          // removed: nothing more to fetch for them
    QHash<QString, qint64> files;   // Glint's own files among them → the size it saved
    int notOwned = 0;
    for (int row : rows) {
        if (row < 0 || row >= items.size() || m_proxy->isHidden(row) || removing.contains(row))
            continue;
        removing.insert(row);
        const Item &item = items.at(row);
        if (!item.isFinished())
            unfinished << row;
        if (!deleteFiles || item.file.isEmpty())
            continue;
        if (item.fileCreated && item.state == Item::State::Done)
            files.insert(item.file, item.bytes);
        else
            ++notOwned;
    }
    if (removing.isEmpty())
        return;
    m_pipeline->cancel(unfinished);   // at once, not a change through every model per row
    // A file another tile still shows stays (one pass over the session, once per removal).
    int shared = 0;
    if (!files.isEmpty()) {
        for (int row = 0; row < items.size(); ++row) {
            if (removing.contains(row) || m_proxy->isHidden(row))
                continue;
            if (files.remove(items.at(row).file) > 0)
                ++shared;
        }
    }
    const QList<int> removed = removing.values();
    m_proxy->hideRows(removed);
    Q_EMIT this->removed(removed);
    QString message = plural(removing.size(), tr("Removed 1 image from the session"), tr("Removed %L1 images from the session"));
    if (notOwned > 0)
        message += plural(notOwned, tr("; kept 1 file Glint did not download"), tr("; kept %L1 files Glint did not download"));
    if (shared > 0)
        message += plural(shared, tr("; kept 1 file another image still uses"), tr("; kept %L1 files other images still use"));
    if (files.isEmpty()) {
        Q_EMIT finished(message);
        return;
    }
    QList<FileToDelete> toDelete;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        toDelete << FileToDelete{it.key(), it.value()};
    const QFuture<Outcome> done = QtConcurrent::run(m_pool, [toDelete] { return deleteOwnedFiles(toDelete); });
    whenReady(done, this, [this, message](const QFuture<Outcome> &future) {
        const Outcome outcome = resultOr(future, Outcome{});
        QString text = message + plural(outcome.deleted, tr("; deleted 1 file"), tr("; deleted %L1 files"));
        if (outcome.changed > 0)
            text += plural(outcome.changed, tr("; kept 1 file changed or moved since Glint saved it"),
                           tr("; kept %L1 files changed or moved since Glint saved them"));
        Q_EMIT finished(text);
        if (!outcome.deletedFiles.isEmpty())
            Q_EMIT filesDeleted(outcome.deletedFiles);
    });
}

SessionRemover::Outcome SessionRemover::deleteOwnedFiles(const QList<FileToDelete> &files)
{
    GuiThreadWork::note(GuiThreadWork::Kind::FileWrite);
    Outcome outcome;
    for (const FileToDelete &file : files) {
        // Only the file as Glint left it: not a link put in its place, not one of another size.
        const QFileInfo info(file.path);
        if (!info.exists() || info.isSymLink() || !info.isFile() || info.size() != file.bytes || !QFile::remove(file.path))
            ++outcome.changed;
        else
            outcome.deletedFiles << file.path;
    }
    outcome.deleted = int(outcome.deletedFiles.size());
    return outcome;
}

} // namespace glint
