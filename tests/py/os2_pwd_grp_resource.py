# pwd, grp and resource: struct sequences, lookups, CPython's errors.
import grp
import posix
import pwd
import resource

root = pwd.getpwuid(0)
print(root, root.pw_name, root[2], type(root).__name__, pwd.struct_passwd.n_fields)
print(pwd.getpwnam("root") == root, root in pwd.getpwall())
for f, arg in [(pwd.getpwnam, "no_such_user_x"), (pwd.getpwuid, 4000000), (grp.getgrnam, "no_such_group_x"),
               (grp.getgrgid, 4000000), (pwd.getpwuid, "x"), (pwd.getpwnam, 5)]:
    try:
        f(arg)
    except (KeyError, TypeError) as e:
        print(type(e).__name__, e)
g = grp.getgrgid(0)
print(g.gr_name, g.gr_gid, type(g.gr_mem).__name__, grp.getgrnam(g.gr_name) == g, g in grp.getgrall())
print(grp.struct_group.n_fields, grp.struct_group.__module__)

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
print(type(soft).__name__, soft <= hard or hard == resource.RLIM_INFINITY)
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
print(resource.getrlimit(resource.RLIMIT_NOFILE) == (soft, hard))
for args in [(99,), (resource.RLIMIT_NOFILE, (1, 2, 3)), (resource.RLIMIT_NOFILE, 5)]:
    try:
        if len(args) == 1:
            resource.getrlimit(*args)
        else:
            resource.setrlimit(*args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(type(ru).__name__, len(ru), ru.ru_utime >= 0, ru.ru_maxrss > 0, resource.struct_rusage.n_fields)
try:
    resource.getrusage(99)
except ValueError as e:
    print("ValueError:", e)
print(resource.getpagesize() % 4096 == 0, resource.error is OSError, resource.RLIM_INFINITY)
for f, a in [(grp.getgrgid, "x"), (pwd.getpwuid, 1.5), (grp.getgrgid, -5), (pwd.getpwuid, -5),
             (pwd.getpwuid, 2**40), (grp.getgrgid, 2**40)]:
    try:
        f(a)
    except (TypeError, KeyError, OverflowError) as e:
        print(type(e).__name__, e)
