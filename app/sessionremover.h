#pragma once
// Remove from the session gallery: Delete (or the tile menu's "Remove from Session") hides the
// selected tiles and cancels what is still downloading; Shift+Delete ("Remove and Delete Files")
// also deletes the files — only those Glint created itself in this session (Item::fileCreated: a
// download FileSink saved), still of the size it saved, and not used by a tile that stays. Opened,
// dropped and folder files, and catalogue hits, are never Glint's to delete (data rule 1); the
// status bar says what was kept. Deleted files are announced (filesDeleted) so that the catalog
// drops the rows that pointed at them.
//
// Asks once, in a window-modal box opened with open() (no nested event loop: downloads keep
// running); a second Delete while it is open does not open another.
//
// Threads: GUI thread; the files are checked and deleted on the pool it is given (rule 1), and the
// answer comes back through whenReady with this object as context. Ownership: a QObject child of
// the window; the view, proxy and pipeline outlive it.
#include <QMessageBox>
#include <QObject>
#include <QPointer>

class QAction;
class QThreadPool;
class QWidget;

namespace glint {

class GalleryProxy;
class GalleryView;
class Pipeline;

class SessionRemover final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionRemover)
public:
    SessionRemover(GalleryView *view, GalleryProxy *proxy, Pipeline *pipeline, QThreadPool *pool, QWidget *window);

    QAction *removeAction() const { return m_remove; }
    QAction *removeAndDeleteAction() const { return m_removeAndDelete; }
    // Asks about the selected tiles; nothing happens until the user says yes.
    void ask(bool deleteFiles);
    // The open question, if any (tests answer it).
    QMessageBox *question() const { return m_box; }

    struct FileToDelete {
        QString path;
        qint64 bytes = 0;   // as Glint saved it
    };
    struct Outcome {
        int deleted = 0;
        int changed = 0;    // gone, replaced, or not the size Glint saved: kept
        QStringList deletedFiles;
    };
    // Worker thread. Deletes each file that is still a regular file of the size Glint saved.
    static Outcome deleteOwnedFiles(const QList<FileToDelete> &files);

Q_SIGNALS:
    void finished(const QString &message);   // for the status bar
    void removed(const QList<int> &pipelineRows);   // hidden from the gallery: the downloads panel follows
    void filesDeleted(const QStringList &files);    // gone from disk: the catalog forgets their rows

private:
    void remove(const QList<int> &rows, bool deleteFiles);

    GalleryView *m_view;
    GalleryProxy *m_proxy;
    Pipeline *m_pipeline;
    QThreadPool *m_pool;
    QWidget *m_window;
    QAction *m_remove;
    QAction *m_removeAndDelete;
    QPointer<QMessageBox> m_box;
};

} // namespace glint
