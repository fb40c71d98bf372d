# Suspended generators still alive at exit are closed (their finally blocks run).
def gen(name):
    try:
        yield 1
    finally:
        print("finally", name)

g = gen("global")
next(g)
holder = [gen("in list")]
next(holder[0])
print("end of script")
