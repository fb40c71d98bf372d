//! The memory layer end to end: reference counting, the trashcan, the cycle collector,
//! weak references, finalizers and generator finalization, driven by Python programs
//! that assert what they see (status 0 when every assertion holds). Small enough to run
//! under valgrind's memcheck:
//! `valgrind --error-exitcode=1 target/debug/deps/memory_layer-*`.

use pyrs_vm::{Config, Interpreter};

fn run(src: &str) {
    let config = Config {
        no_site: true,
        ..Config::default()
    };
    let mut interp = Interpreter::new(config);
    let status = interp.run_source(src, "<memory_layer>");
    assert_eq!(status, 0, "program failed:\n{src}");
    // The interpreter is kept until the process exits (its built-in types, interned
    // names and modules are immortal, never freed), so that memcheck's "definitely
    // lost" reports only objects nothing refers to: leaked reference counts.
    KEEP.lock()
        .unwrap()
        .push(Box::into_raw(Box::new(interp)) as usize);
}

static KEEP: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

#[test]
fn refcounts_free_at_once() {
    run(r#"
import sys
log = []
class D:
    def __init__(self, n): self.n = n
    def __del__(self): log.append(self.n)
a = D(1)
del a
assert log == [1], log
b = D(2); b = D(3)
assert log == [1, 2], log
l = [D(4), D(5), D(6)]
del l
assert log == [1, 2, 6, 5, 4], log
x = D(7)
assert sys.getrefcount(x) == 2
d = {"k": x}
assert sys.getrefcount(x) == 3
d.clear(); del x
assert log[-1] == 7
"#);
}

#[test]
fn trashcan_frees_deep_structures() {
    run(r#"
class Node:
    __slots__ = ("next",)
    def __init__(self, n): self.next = n
head = None
for i in range(200000):
    head = Node(head)
del head
l = []
for i in range(200000):
    l = [l]
del l
t = ()
for i in range(100000):
    t = (t,)
del t
"#);
}

#[test]
fn collector_finds_cycles() {
    run(r#"
import gc, _weakref
gc.collect()
l = []; l.append(l); del l
assert gc.collect() == 1
class C: pass
refs = []
for i in range(1000):
    c = C(); c.me = c
    refs.append(_weakref.ref(c))
del c
gc.collect()
assert all(r() is None for r in refs)
gc.disable()
a = []; a.append(a); del a
assert gc.collect() == 1
gc.enable()
"#);
}

#[test]
fn finalizers_and_resurrection() {
    run(r#"
import gc
gc.collect()
saved = []
calls = []
class R:
    def __del__(self):
        calls.append(1)
        saved.append(self)
r = R(); del r
assert len(saved) == 1 and len(calls) == 1
saved.clear()
assert len(calls) == 1
a = R(); b = R(); a.b = b; b.a = a
del a, b
gc.collect()
assert len(calls) == 3 and len(saved) == 2
saved.clear()
gc.collect()
assert len(calls) == 3
"#);
}

#[test]
fn weak_references_and_callbacks() {
    run(r#"
import _weakref, gc
class C: pass
log = []
c = C()
r1 = _weakref.ref(c, lambda r: log.append("r1"))
r2 = _weakref.ref(c, lambda r: log.append("r2"))
p = _weakref.proxy(c)
assert _weakref.getweakrefcount(c) == 3
del c
assert log == ["r2", "r1"], log
assert r1() is None
try:
    p.x
except ReferenceError:
    pass
else:
    raise AssertionError
gc.collect()
d = C(); d.me = d
keep = _weakref.ref(d, lambda r: log.append("cycle"))
del d
gc.collect()
assert log[-1] == "cycle"
"#);
}

#[test]
fn generators_are_closed_when_they_die() {
    run(r#"
import gc
log = []
def gen(name):
    try:
        yield 1
    finally:
        log.append(name)
g = gen("refcount"); next(g); del g
assert log == ["refcount"], log
box = []
g = gen("cycle"); box.append(g); g.gi_frame.f_locals
next(g)
def holder(b):
    try:
        yield b
    finally:
        log.append("holder")
h = holder(box); box.append(h); next(h)
del g, h, box
gc.collect()
assert sorted(log) == ["cycle", "holder", "refcount"], log
"#);
}

#[test]
fn classes_are_collected() {
    run(r#"
import gc, _weakref
gc.collect()
class Base: pass
def make():
    class T(Base):
        def m(self): return 1
    return _weakref.ref(T)
r = make()
assert r() is not None
gc.collect()
assert r() is None
assert Base.__subclasses__() == []
"#);
}

#[test]
fn instance_attributes_inline_and_materialized() {
    // Attributes kept in the instance (no dict object), dicts made from them on demand,
    // cycles through both collected, every value released exactly once.
    run(r#"
import gc, _weakref as weakref, sys
log = []
class V:
    def __del__(self): log.append("V")
class Pt:
    def __init__(self, x, y):
        self.x = x
        self.y = y
def cycle():
    a = Pt(V(), None)
    b = Pt(V(), a)
    a.y = b
    return weakref.ref(a)
gc.collect()
r = cycle()
assert r() is not None
assert gc.collect() >= 2
assert r() is None and log == ["V", "V"], log
# A dict made while the cycle is alive, then the cycle collected.
log.clear()
a = Pt(V(), None); a.y = a
d = a.__dict__
assert list(d) == ["x", "y"] and d["y"] is a
r = weakref.ref(a)
del a, d
gc.collect()
assert r() is None and log == ["V"], log
# Values replaced, deleted and restored through every path are released once.
log.clear()
p = Pt(V(), V())
p.x = 1
assert log == ["V"], log
del p.y
assert log == ["V", "V"], log
p.y = V(); p.z = V(); p.w = V(); p.v = V()
vars(p)
p.__dict__ = {}
assert log == ["V"] * 6, log
x = V()
assert sys.getrefcount(x) == 2
q = Pt(x, x)
assert sys.getrefcount(x) == 4
q.__class__ = type("Other", (), {})
assert sys.getrefcount(x) == 4
del q
assert sys.getrefcount(x) == 2
# Many instances, freed with their values.
keep = [Pt(V(), i) for i in range(1000)]
log.clear()
del keep
assert len(log) == 1000
del x, p, r
"#);
}

#[test]
fn generation_lists_keep_tracking_order() {
    // An object freed at the end of its generation list, or just before the last
    // entry, leaves no hole (the last entry moves into its place); the order of the
    // tracked objects, as gc.get_objects() lists them, stays the order of tracking.
    run(r#"
import gc
class C:
    def __init__(self, n): self.n = n
def names():
    return [o.n for o in gc.get_objects() if type(o) is C]
gc.collect()
gc.disable()
a = C("a"); b = C("b"); c = C("c"); d = C("d")
del c                      # the entry just before the last: the last moves into it
assert names() == ["a", "b", "d"], names()
e = C("e")
del e                      # the last entry: removed
f = C("f")
assert names() == ["a", "b", "d", "f"], names()
del a                      # an entry further back: a hole
assert names() == ["b", "d", "f"], names()
# Made-then-freed objects in a loop, with survivors kept in between.
keep = []
t = None
for i in range(5000):
    t = (C(i), [i])
    if i % 7 == 0:
        keep.append(C("k%d" % i))
assert names() == ["b", "d", "f"] + ["k%d" % i for i in range(0, 5000, 7)] + [4999], names()[:5]
del t
assert names() == ["b", "d", "f"] + ["k%d" % i for i in range(0, 5000, 7)]
gc.enable()
gc.collect()
assert names() == ["b", "d", "f"] + ["k%d" % i for i in range(0, 5000, 7)]
assert all(gc.is_tracked(o) for o in keep)
"#);
}
