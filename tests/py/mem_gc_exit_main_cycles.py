# At exit, cycles that only __main__'s globals kept alive are collected after the
# globals are cleared, and their finalizers run; so are cycles made by finalizers
# while the globals are cleared. Each case runs in a child process; the finalizers
# write with os.write, which they hold (the globals are None by then).
import subprocess
import sys

NODE = """
import gc, os, sys
class Node:
    def __init__(self, name):
        self.name = name
        self.me = self
    def __del__(self, write=os.write):
        write(1, f"del {self.name}\\n".encode())
"""

CASES = {
    "a global": "a = Node('a global')",
    "a private global": "_a = Node('a private global')",
    "in a list in a dict": "holder = {'x': [Node('in a list in a dict')]}",
    "in a tuple": "pair = (Node('in a tuple'), 1)",
    "a default": "def f(default=Node('a default')):\n    return default",
    "a class attribute": "class Cls:\n    attr = Node('a class attribute')",
    "an instance attribute": "class C:\n    pass\ninst = C()\ninst.node = Node('an instance attribute')",
    "a closure": "def outer():\n    n = Node('a closure')\n    return lambda: n\ng = outer()",
    "two in a chain": "a = Node('first'); a.next = Node('second')",
    "made while clearing": (
        "class Late:\n"
        "    def __del__(self, Node=Node, write=os.write):\n"
        "        Node('made while clearing')\n"
        "        write(1, b'late del\\n')\n"
        "late = Late()"
    ),
    "with gc disabled": "gc.disable()\na = Node('with gc disabled')",
    "after gc.freeze()": "a = Node('after gc.freeze()')\ngc.freeze()",
    "resurrected": (
        "class R:\n"
        "    def __init__(self):\n"
        "        self.me = self\n"
        "    def __del__(self, write=os.write, keep=[]):\n"
        "        keep.append(self)\n"
        "        write(1, b'resurrected\\n')\n"
        "r = R()"
    ),
}

for name, body in CASES.items():
    code = NODE + body + "\ngc.collect()\nprint('end', flush=True)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    print(f"{name}: {out.stdout!r} {out.stderr!r} {out.returncode}")
