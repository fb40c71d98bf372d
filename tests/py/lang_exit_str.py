# SystemExit with a string code: printed to stderr, status 1.
import sys
print("before")
sys.exit("fatal: something went wrong")
