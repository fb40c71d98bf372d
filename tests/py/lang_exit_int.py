# SystemExit with an int code gives that exit status, even through excepthook.
import sys
sys.excepthook = lambda *a: print("not called")
print("exiting")
sys.exit(42)
