# SystemExit(None) and exit from a nested function: status 0, nothing printed.
def inner():
    raise SystemExit(None)
try:
    inner()
finally:
    print("finally runs")
