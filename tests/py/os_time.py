# time: conversions, formatting, struct_time and errors (deterministic parts only).
import time

g = time.gmtime(0)
print(g)
print(type(g).__name__, type(g).__module__, len(g), g.tm_year, g[0], g.tm_zone, g.tm_gmtoff)
print(time.struct_time.n_fields, time.struct_time.n_sequence_fields, time.struct_time.n_unnamed_fields)
print(time.gmtime(1234567890.75), time.gmtime(-1))
print(time.gmtime(86400 * 365.25 * 30)[:6])
print(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1700000000)))
print(time.strftime("%a %A %b %B %d %j %U %w %y %p %I %%", (2024, 2, 29, 13, 5, 9, 3, 60, 0)))
print(time.strftime("", (2024, 2, 29, 13, 5, 9, 3, 60, 0)) == "")
print(time.strftime("%Y %m %d", (2000, 0, 0, 0, 0, 0, 0, 0, 0)))
print(time.asctime(time.gmtime(0)), "|", time.asctime((2001, 11, 5, 4, 3, 2, 0, 309, 0)))
print(time.struct_time((2000, 1, 1, 0, 0, 0, 0, 1, 0)))
s = time.struct_time((2000, 1, 1, 0, 0, 0, 0, 1, 0, "ABC", 3600))
print(s, s.tm_zone, s.tm_gmtoff, s.__reduce__())
print(time.struct_time([1, 2, 3, 4, 5, 6, 7, 8, 9], {"tm_zone": "Z"}).tm_zone)
print(g == (1970, 1, 1, 0, 0, 0, 3, 1, 0), g[-1], g[2:5], list(g)[:3], hash(g) == hash(tuple(g)))
lt = time.localtime(1700000000)
print(time.mktime(lt) == 1700000000.0, time.mktime(time.localtime(0)) == 0.0)
print(time.ctime(0) == time.asctime(time.localtime(0)))
print(isinstance(time.timezone, int), isinstance(time.altzone, int), time.daylight in (0, 1), len(time.tzname))
for name in ["time", "monotonic", "perf_counter", "process_time", "thread_time"]:
    info = time.get_clock_info(name)
    print(name, info.implementation, info.monotonic, info.adjustable, info.resolution)
t0 = time.monotonic()
time.sleep(0.02)
print(time.monotonic() - t0 >= 0.02, time.time() > 1.6e9, abs(time.time_ns() / 1e9 - time.time()) < 1)
print(type(time.time_ns()).__name__, type(time.perf_counter()).__name__, time.process_time_ns() >= 0)
print(time.clock_gettime(time.CLOCK_REALTIME) > 1.6e9, time.clock_getres(time.CLOCK_MONOTONIC))
for f in [
    lambda: time.strftime("%Y", (1, 2)),
    lambda: time.strftime("%Y", 5),
    lambda: time.strftime(5),
    lambda: time.mktime((1, 2)),
    lambda: time.gmtime("a"),
    lambda: time.gmtime(float("nan")),
    lambda: time.gmtime(1e30),
    lambda: time.strftime("%Y", (2000, 13, 1, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 32, 0, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 24, 0, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 60, 0, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 62, 0, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0, -2, 1, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0, 0, 367, 0)),
    lambda: time.strftime("%Y", (2000, 1, 1, 0, 0, 0.5, 0, 1, 0)),
    lambda: time.sleep(-1),
    lambda: time.sleep("a"),
    lambda: time.asctime((2000, 1, 1, 0, 0, 0, 0, 1, 0, 5)),
    lambda: time.get_clock_info("nope"),
    lambda: time.struct_time((1, 2)),
    lambda: time.struct_time(range(12)),
    lambda: time.struct_time(1),
]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
