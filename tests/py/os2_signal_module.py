# _signal and signal: handlers run between bytecodes on the main thread, getsignal,
# SIG_DFL/SIG_IGN, strsignal, valid_signals, masks, timers, and CPython's errors.
import _signal
import posix

s = _signal
print(s.NSIG, s.SIG_DFL, s.SIG_IGN, s.SIGINT, s.SIGTERM, s.SIGUSR1, s.SIGRTMIN, s.SIGRTMAX)
print(s.default_int_handler)
print(s.getsignal(s.SIGINT) is s.default_int_handler)
print(s.getsignal(s.SIGPIPE), s.getsignal(s.SIGXFSZ), s.getsignal(s.SIGTERM))
print(sorted(s.valid_signals()) == [i for i in range(1, 65) if i not in (32, 33)])
print(s.strsignal(s.SIGINT), s.strsignal(s.SIGSEGV), s.strsignal(40))
for args in [(0,), (65,), (-1,)]:
    try:
        s.strsignal(*args)
    except ValueError as e:
        print("ValueError:", e)

for args in [(s.SIGKILL, s.SIG_IGN), (s.SIGUSR1, 3), (0, s.SIG_IGN), (65, s.SIG_DFL),
             ("x", 1), (s.SIGUSR1,)]:
    try:
        s.signal(*args)
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    s.default_int_handler(2, None)
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", repr(e))
try:
    s.default_int_handler()
except TypeError as e:
    print("TypeError:", e)

got = []


def handler(n, frame):
    got.append(n)
    print("handler", n, type(frame).__name__)


print(s.signal(s.SIGUSR1, handler))
print(s.getsignal(s.SIGUSR1) is handler)
s.raise_signal(s.SIGUSR1)
print("after raise_signal", got)
posix.kill(posix.getpid(), s.SIGUSR1)
print("after kill", got)
print(s.signal(s.SIGUSR1, s.SIG_IGN) is handler)
posix.kill(posix.getpid(), s.SIGUSR1)
print("ignored", got)
s.signal(s.SIGUSR1, s.SIG_DFL)


def raising(n, frame):
    raise ZeroDivisionError("raised in the handler")


s.signal(s.SIGUSR2, raising)
try:
    s.raise_signal(s.SIGUSR2)
except ZeroDivisionError as e:
    print("caught:", e)

# A timer's signal interrupts a busy loop.
fired = []
s.signal(s.SIGALRM, lambda n, f: fired.append(n))
print(s.setitimer(s.ITIMER_REAL, 0.05))
n = 0
while not fired:
    n += 1
print("timer fired", fired)
print(s.getitimer(s.ITIMER_REAL))
print(s.alarm(0))


class Stop(Exception):
    pass


def stop(n, f):
    raise Stop(n)


s.signal(s.SIGALRM, stop)
s.setitimer(s.ITIMER_REAL, 0.02)
try:
    while True:
        pass
except Stop as e:
    print("loop interrupted by", e)

# Masks.
old = s.pthread_sigmask(s.SIG_BLOCK, [s.SIGUSR1])
print("old mask", sorted(old))
s.signal(s.SIGUSR1, handler)
got.clear()
posix.kill(posix.getpid(), s.SIGUSR1)
print("pending", sorted(s.sigpending()), got)
s.pthread_sigmask(s.SIG_UNBLOCK, [s.SIGUSR1])
print("unblocked", got)
for bad in [[0], [99], ["x"], 5]:
    try:
        s.pthread_sigmask(s.SIG_BLOCK, bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(s.set_wakeup_fd(-1))
r, w = posix.pipe()
try:
    s.set_wakeup_fd(w)
except ValueError as e:
    print("ValueError:", e.args[0].replace(str(w), "N"))
print(s.ItimerError.__name__, s.ItimerError.__mro__[1].__name__)
try:
    s.setitimer(99, 1.0)
except s.ItimerError as e:
    print("ItimerError", e.errno)
