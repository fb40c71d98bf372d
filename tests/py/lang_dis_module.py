# pyrs's own dis module: the API Lib (inspect, traceback) relies on, with output that
# does not depend on the exact bytecode.
import dis


class Sink:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)

    def text(self):
        return "".join(self.parts)


def f(x, y=2):
    total = 0
    for i in range(x):
        total += i * y
    print(total)
    return total


print(sorted(dis.COMPILER_FLAG_NAMES.items()))
print(dis.pretty_flags(3), "|", dis.pretty_flags(0x23), "|", dis.pretty_flags(0x100000))
print(len(dis.opname), dis.opname[dis.opmap["RETURN_VALUE"]], dis.cmp_op)
print(all(dis.opname[v] == k for k, v in dis.opmap.items()))
instrs = list(dis.get_instructions(f))
print(instrs[-1].opname, type(instrs[0]).__name__)
glob = [i for i in instrs if i.opname == "LOAD_GLOBAL"]
print([(i.argval, i.argrepr) for i in glob])
print(sorted({i.argval for i in instrs if i.opname in ("LOAD_FAST", "STORE_FAST")}))
print(all(isinstance(i.offset, int) and i.offset % 2 == 0 for i in instrs))
print(instrs[0].positions.lineno is None or instrs[0].positions.lineno >= f.__code__.co_firstlineno)
out = Sink()
dis.dis(f, file=out)
text = out.text()
print("RETURN_VALUE" in text, "(NULL + print)" in text, "(total)" in text)
out = Sink()
dis.dis("a = b + 1", file=out)
print("STORE_NAME" in out.text(), "(a)" in out.text())
print(dis.Positions(1, 2, 3, 4), dis.Positions(lineno=5).lineno)
bc = dis.Bytecode(f)
print(bc.codeobj is f.__code__, bc.first_line == f.__code__.co_firstlineno)
print([i.opname for i in bc][-1])
print(dis.Bytecode(f, first_line=100).first_line)
info = dis.code_info(f)
print(info.splitlines()[0], "|", info.splitlines()[2])
print("Variable names:" in info)
try:
    dis.dis(42)
except TypeError as e:
    print("TypeError", e)
try:
    dis.code_info(3)
except TypeError as e:
    print("TypeError", e)


class K:
    def meth(self):
        return 1


out = Sink()
dis.dis(K, file=out)
print(out.text().startswith("Disassembly of meth:"))
