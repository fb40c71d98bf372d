# Pattern matching: compile-time checks (unreachable alternatives, literal keys and
# values, repeated class attributes), collection flags of abc subclasses and
# registered classes, __match_args__ checks and duplicate mapping keys at run time.
import collections.abc


def compile_error(src):
    try:
        compile(src, "<test>", "exec")
    except SyntaxError as e:
        return f"SyntaxError: {e.msg}"
    return "compiled"


for src in [
    "match x:\n case _ | _:\n  pass",
    "match x:\n case (_ as y) | [y]:\n  pass",
    "match x:\n case _ | _ if c():\n  pass",
    "match x:\n case (None | _) | _:\n  pass",
    "match x:\n case x | [_ as x] if x:\n  pass",
    "match x:\n case y:\n  pass\n case z:\n  pass",
    "match x:\n case y if y:\n  pass\n case z:\n  pass",
    "match x:\n case [y, _] | (1 | y):\n  pass",
    "match x:\n case Class(a=_, a=_):\n  pass",
    "match x:\n case {f'': _}:\n  pass",
    "match x:\n case f'{x}':\n  pass",
    "match x:\n case {0: _, False: _}:\n  pass",
    "match x:\n case {0: _, 0.0: _}:\n  pass",
    "match x:\n case {0: _, -0: _}:\n  pass",
    "match x:\n case {0: _, 0j: _}:\n  pass",
    "match x:\n case {'a': _, 'a': _}:\n  pass",
    "match x:\n case {1: _, -1: _, 1+2j: _, a.b: _}:\n  pass",
    "match x:\n case -1 | 1.5 | 2-3j | 'a' | b'b' | None | a.b:\n  pass",
]:
    print(compile_error(src))


def kind(x):
    match x:
        case {}:
            return "map"
        case [*_]:
            return "seq"
    return "neither"


class Seq(collections.abc.Sequence):
    def __getitem__(self, i):
        return i

    def __len__(self):
        return 5


class C:
    pass


class M1(collections.UserDict, collections.abc.Sequence):
    pass


class S1(collections.UserList, collections.abc.Mapping):
    pass


class Parent:
    pass


class ChildPre(Parent):
    pass


collections.abc.Mapping.register(Parent)


class ChildPost(Parent):
    pass


print([kind(v) for v in ([], (), {}, "ab", b"ab", Seq(), M1(), S1(), C(), Parent(),
                         ChildPre(), ChildPost(), range(3), collections.deque(),
                         collections.OrderedDict(), memoryview(b"")) ])
match Seq():
    case [a, *_, b]:
        print(a, b)
match collections.UserDict({0: 1, 2: 3}):
    case {2: 3, **rest}:
        print(rest)


class Point:
    __match_args__ = "xy"


class Twice:
    __match_args__ = ("a", "a")
    a = 1


class NotStr:
    __match_args__ = (1,)


for subject, case in [(Point(), 1), (Twice(), 2), (NotStr(), 3), ({"C": 0}, 4)]:
    try:
        match subject:
            case Point(y) if case == 1:
                pass
            case Twice(y, z) if case == 2:
                pass
            case NotStr(y) if case == 3:
                pass
            case {C.__name__: y, "C": z} if case == 4:
                pass
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
