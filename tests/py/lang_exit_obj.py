# SystemExit with other objects: str() printed to stderr, status 1; int codes are the status.
class Code:
    def __str__(self):
        return "custom code object"


try:
    raise SystemExit(3)
except SystemExit as e:
    print(e.code, e.args)
try:
    raise SystemExit(1, 2)
except SystemExit as e:
    print(e.code, e.args)
try:
    raise SystemExit
except SystemExit as e:
    print(e.code, e.args)
raise SystemExit(Code())
