# RuntimeWarning for a coroutine that dies without being awaited.
async def job():
    print("never printed")

job()
print("after 1")

c = job()
del c
print("after 2")

def make():
    c = job()
    return 1
make()
print("after 3")

# awaited coroutines do not warn
async def main():
    await job()
try:
    main().send(None)
except StopIteration:
    print("main finished")

# closed coroutines do not warn
c = job()
c.close()
del c
print("end")
