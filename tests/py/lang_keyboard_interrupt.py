# An uncaught KeyboardInterrupt: traceback, then death by SIGINT (status -2 / 130).
def work():
    raise KeyboardInterrupt
print("working")
work()
