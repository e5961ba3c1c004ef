// Linked into the test executables of a ThreadSanitizer build only (GLINT_SANITIZE=thread).
//
// Debian's Qt is not built with TSan, so TSan cannot see the synchronisation that Qt does inside its
// own libraries: the posted-event queue, QThreadPool's queue and QFutureInterface's continuation
// list are guarded by QMutexes locked in libQt6Core (futexes TSan does not know). Every value that a
// queued call, a pool task or a continuation carries to another thread then looks like a race.
// Rather than suppress every report that passes through Qt's event loop — which would hide real
// races in Glint's slots as well — this file tells TSan about exactly those hand-overs, at the
// points where Glint's own code (instrumented) calls into Qt, or where Qt calls out to glib:
//
//   posting an event: glib's g_main_context_wakeup(ctx) (Qt calls it after queueing the event)
//       and QMetaObject::invokeMethodImpl (a queued functor, also before the receiver's thread has
//       an event dispatcher)                                    release
//   delivering any event (QInternal::EventNotifyCallback, in the receiving thread)     acquire
//   QtConcurrent::run: QFutureInterfaceBase::reportStarted (before QThreadPool::start) release,
//       QFutureInterfaceBase::isCanceled (the first thing the pool thread does)         acquire
//   QThreadPool::start(std::function): the caller                                      release,
//       the function, wrapped, on the pool thread before it runs                        acquire
//   QFuture::then: the continuation, wrapped, when QFutureInterfaceBase::setContinuation
//       stores it                                                                       release,
//       the wrapper, when the finishing thread runs it                                  acquire
//   QFutureInterfaceBase::reportFinished                                      acquire + release
//   a QThread's end: glib's g_main_context_pop_thread_default (Qt calls it when it deletes the
//       thread's event dispatcher, after the last event)                                release,
//       QThread::wait                                                                   acquire
//   pool work done: every task's end (reportFinished, a QThreadPool function's return)  release,
//       QThreadPool::waitForDone                                                        acquire
//   QFuture's shared state: QFutureInterfaceBase::derefT (results freed by the last owner)
//                                                                               release + acquire
//
// Each is the very edge Qt's mutex provides, so nothing is ordered that Qt does not order. What is
// left for scripts/suppressions/tsan.supp is small and named there: a queued signal's argument
// copy is made inside QMetaObject::activate, after any point this file can release and before the
// wake-up, so an awake receiver can take the event before the edge exists.
#include <QCoreApplication>
#include <QFutureInterfaceBase>
#include <QObject>
#include <QDeadlineTimer>
#include <QThread>

#include <dlfcn.h>
#include <pthread.h>

#include <functional>

extern "C" {
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
}

namespace {

template <typename F>
F real(const char *name)
{
    void *symbol = dlsym(RTLD_NEXT, name);
    if (!symbol)
        qFatal("qthappensbefore: %s not found", name);
    return reinterpret_cast<F>(symbol);
}

// QFutureInterfaceBase is { vptr, QFutureInterfaceBasePrivate *d }: the shared state every copy of
// a future, its promise and its continuation point to.
void *futureState(const void *futureInterface)
{
    return *reinterpret_cast<void *const *>(static_cast<const char *>(futureInterface) + sizeof(void *));
}

using GetContext = void *(*)();
void *currentGlibContext()
{
    static const GetContext threadDefault = real<GetContext>("g_main_context_get_thread_default");
    static const GetContext globalDefault = real<GetContext>("g_main_context_default");
    void *context = threadDefault();
    return context ? context : globalDefault();
}

bool onEventDelivered(void **data)
{
    auto *receiver = static_cast<QObject *>(data[0]);
    __tsan_acquire(currentGlibContext());
    __tsan_acquire(receiver->thread());
    return false;   // deliver it as usual
}

// Everything a pool thread did in a task, for QThreadPool::waitForDone (which may return without
// waiting, on a counter behind Qt's mutex, when the tasks are already done).
char g_poolWorkDone;

const bool registered = [] {
    QInternal::registerCallback(QInternal::EventNotifyCallback, onEventDelivered);
    return true;
}();

} // namespace

extern "C" {

// glib: wakes the thread that owns `context` after Qt queued an event for it.
void g_main_context_wakeup(void *context)
{
    using Fn = void (*)(void *);
    static const Fn next = real<Fn>("g_main_context_wakeup");
    __tsan_release(context);
    next(context);
}

// glib: Qt pops the thread's main context when it deletes the event dispatcher of a finishing thread.
void g_main_context_pop_thread_default(void *context)
{
    using Fn = void (*)(void *);
    static const Fn next = real<Fn>("g_main_context_pop_thread_default");
    __tsan_release(QThread::currentThread());
    next(context);
}

// bool QThread::wait(QDeadlineTimer): returns at once, without a lock TSan sees, for a thread that
// has already finished.
bool _ZN7QThread4waitE14QDeadlineTimer(QThread *self, QDeadlineTimer deadline)
{
    using Fn = bool (*)(QThread *, QDeadlineTimer);
    static const Fn next = real<Fn>("_ZN7QThread4waitE14QDeadlineTimer");
    const bool done = next(self, deadline);
    if (done)
        __tsan_acquire(self);
    return done;
}

// bool QThreadPool::waitForDone(int msecs)
bool _ZN11QThreadPool11waitForDoneEi(void *self, int msecs)
{
    using Fn = bool (*)(void *, int);
    static const Fn next = real<Fn>("_ZN11QThreadPool11waitForDoneEi");
    const bool done = next(self, msecs);
    if (done)
        __tsan_acquire(&g_poolWorkDone);
    return done;
}

// bool QMetaObject::invokeMethodImpl(QObject *, QtPrivate::QSlotObjectBase *, Qt::ConnectionType, void *)
bool _ZN11QMetaObject16invokeMethodImplEP7QObjectPN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv(
    QObject *object, void *slot, int type, void *ret)
{
    using Fn = bool (*)(QObject *, void *, int, void *);
    static const Fn next = real<Fn>("_ZN11QMetaObject16invokeMethodImplEP7QObjectPN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv");
    if (object)
        __tsan_release(object->thread());
    return next(object, slot, type, ret);
}

// void QThreadPool::start(std::function<void()>, int): the function is passed by invisible reference
// (a non-trivial class by value), so this wraps it in a new one and hands that on. The wrapper's own
// address is the key: it is on the heap and stays put while Qt moves the std::function around.
struct HandedOver {
    std::function<void()> inner;
    void operator()() const
    {
        __tsan_acquire(const_cast<HandedOver *>(this));
        inner();
        __tsan_release(&g_poolWorkDone);
    }
};

void _ZN11QThreadPool5startESt8functionIFvvEEi(void *self, std::function<void()> *function, int priority)
{
    using Fn = void (*)(void *, std::function<void()> *, int);
    static const Fn next = real<Fn>("_ZN11QThreadPool5startESt8functionIFvvEEi");
    std::function<void()> wrapped = HandedOver{std::move(*function)};
    __tsan_release(wrapped.target<HandedOver>());
    next(self, &wrapped, priority);
}

// void QFutureInterfaceBase::reportStarted()
void _ZN20QFutureInterfaceBase13reportStartedEv(void *self)
{
    using Fn = void (*)(void *);
    static const Fn next = real<Fn>("_ZN20QFutureInterfaceBase13reportStartedEv");
    __tsan_release(futureState(self));
    next(self);
}

// bool QFutureInterfaceBase::isCanceled() const
bool _ZNK20QFutureInterfaceBase10isCanceledEv(const void *self)
{
    using Fn = bool (*)(const void *);
    static const Fn next = real<Fn>("_ZNK20QFutureInterfaceBase10isCanceledEv");
    __tsan_acquire(futureState(self));
    return next(self);
}

// QFuture::then(): the continuation is stored by setContinuation() and run by whichever thread
// finishes the future, possibly while setContinuation() is still returning. So, like the pool's
// functions, it is wrapped: released when stored, acquired by the wrapper when it runs.
struct Continued {
    std::function<void(const QFutureInterfaceBase &)> inner;
    void operator()(const QFutureInterfaceBase &parent) const
    {
        __tsan_acquire(const_cast<Continued *>(this));
        inner(parent);
    }
};
using ContinuationFn = std::function<void(const QFutureInterfaceBase &)>;

// void QFutureInterfaceBase::setContinuation(std::function<void(const QFutureInterfaceBase &)>)
void _ZN20QFutureInterfaceBase15setContinuationESt8functionIFvRKS_EE(void *self, ContinuationFn *function)
{
    using Fn = void (*)(void *, ContinuationFn *);
    static const Fn next = real<Fn>("_ZN20QFutureInterfaceBase15setContinuationESt8functionIFvRKS_EE");
    ContinuationFn wrapped = Continued{std::move(*function)};
    __tsan_release(wrapped.target<Continued>());
    next(self, &wrapped);
}

// void QFutureInterfaceBase::setContinuation(std::function<…>, QFutureInterfaceBasePrivate *)
void _ZN20QFutureInterfaceBase15setContinuationESt8functionIFvRKS_EEP27QFutureInterfaceBasePrivate(
    void *self, ContinuationFn *function, void *continuationFuture)
{
    using Fn = void (*)(void *, ContinuationFn *, void *);
    static const Fn next = real<Fn>("_ZN20QFutureInterfaceBase15setContinuationESt8functionIFvRKS_EEP27QFutureInterfaceBasePrivate");
    ContinuationFn wrapped = Continued{std::move(*function)};
    __tsan_release(wrapped.target<Continued>());
    next(self, &wrapped, continuationFuture);
}

// void QFutureInterfaceBase::reportFinished()
void _ZN20QFutureInterfaceBase14reportFinishedEv(void *self)
{
    using Fn = void (*)(void *);
    static const Fn next = real<Fn>("_ZN20QFutureInterfaceBase14reportFinishedEv");
    __tsan_acquire(futureState(self));
    __tsan_release(futureState(self));
    __tsan_release(&g_poolWorkDone);
    next(self);
}

// bool QFutureInterfaceBase::derefT() const: the reference count of the results.
bool _ZNK20QFutureInterfaceBase6derefTEv(const void *self)
{
    using Fn = bool (*)(const void *);
    static const Fn next = real<Fn>("_ZNK20QFutureInterfaceBase6derefTEv");
    void *state = futureState(self);
    __tsan_release(state);
    const bool alive = next(self);
    __tsan_acquire(state);
    return alive;
}

// With ignore_noninstrumented_modules=1 (scripts/sanitize), TSan skips what uninstrumented code
// does through its interceptors: Qt's own mallocs, frees and memcpys, which it cannot order, stop
// being reported. But that would also skip Qt's pthread locks and condition variables (QThread::wait,
// QWaitCondition, QSemaphore), which are real synchronisation. Calling them through these
// forwarders makes the caller instrumented code, so TSan keeps seeing them.
#define GLINT_FORWARD(ret, name, params, args)                                                      \
    ret name params                                                                                 \
    {                                                                                               \
        using Fn = ret(*) params;                                                                   \
        static const Fn next = real<Fn>(#name);                                                     \
        return next args;                                                                           \
    }
GLINT_FORWARD(int, pthread_mutex_lock, (pthread_mutex_t *m), (m))
GLINT_FORWARD(int, pthread_mutex_trylock, (pthread_mutex_t *m), (m))
GLINT_FORWARD(int, pthread_mutex_unlock, (pthread_mutex_t *m), (m))
GLINT_FORWARD(int, pthread_cond_signal, (pthread_cond_t *c), (c))
GLINT_FORWARD(int, pthread_cond_broadcast, (pthread_cond_t *c), (c))
GLINT_FORWARD(int, pthread_cond_wait, (pthread_cond_t *c, pthread_mutex_t *m), (c, m))
GLINT_FORWARD(int, pthread_cond_timedwait, (pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t), (c, m, t))
GLINT_FORWARD(int, pthread_cond_clockwait, (pthread_cond_t *c, pthread_mutex_t *m, clockid_t k, const struct timespec *t), (c, m, k, t))
#undef GLINT_FORWARD

} // extern "C"
