"""Disassembler of pyrs bytecode (pyrs's own `dis`, shadowing Lib's dis.py).

pyrs instructions are 32-bit units (opcode in the low byte, argument above), so offsets
count 4 bytes an instruction, as co_code, f_lasti and tb_lasti do. The API follows
CPython 3.11's dis module; the instruction set is pyrs's (see crates/compiler/src/
bytecode.rs)."""

import sys
import _pyrs_dis

__all__ = ["code_info", "dis", "disassemble", "distb", "disco",
           "findlinestarts", "findlabels", "show_code",
           "get_instructions", "Instruction", "Bytecode", "Positions",
           "opname", "opmap", "cmp_op", "hasconst", "hasname", "hasjrel",
           "hasjabs", "haslocal", "hascompare", "hasfree", "HAVE_ARGUMENT",
           "EXTENDED_ARG", "stack_effect", "pretty_flags", "COMPILER_FLAG_NAMES"]

_have_code = (type(lambda: 0), type(_pyrs_dis.sample_code), classmethod, staticmethod, type)

opname = _pyrs_dis.opnames()
opmap = {name: op for op, name in enumerate(opname) if not name.startswith("<")}
# Every pyrs instruction carries an argument.
HAVE_ARGUMENT = 0
EXTENDED_ARG = opmap["EXTENDED_ARG"]
cmp_op = ('<', '<=', '==', '!=', '>', '>=')

hasconst = [opmap[n] for n in ("LOAD_CONST", "KW_NAMES")]
hasname = [opmap[n] for n in ("LOAD_NAME", "STORE_NAME", "DELETE_NAME", "LOAD_ATTR",
                              "STORE_ATTR", "DELETE_ATTR", "LOAD_METHOD", "IMPORT_NAME",
                              "IMPORT_FROM", "LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL")]
hasjrel = []
hasjabs = [opmap[n] for n in _pyrs_dis.jump_opnames()]
haslocal = [opmap[n] for n in ("LOAD_FAST", "STORE_FAST", "DELETE_FAST")]
hasfree = [opmap[n] for n in ("MAKE_CELL", "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF",
                              "DELETE_DEREF", "LOAD_CLASSDEREF")]
hascompare = [opmap["COMPARE_OP"]]

COMPILER_FLAG_NAMES = {
    1: "OPTIMIZED",
    2: "NEWLOCALS",
    4: "VARARGS",
    8: "VARKEYWORDS",
    16: "NESTED",
    32: "GENERATOR",
    64: "NOFREE",
    128: "COROUTINE",
    256: "ITERABLE_COROUTINE",
    512: "ASYNC_GENERATOR",
}

_nb_ops = [
    ("NB_ADD", "+"), ("NB_AND", "&"), ("NB_FLOOR_DIVIDE", "//"), ("NB_LSHIFT", "<<"),
    ("NB_MATRIX_MULTIPLY", "@"), ("NB_MULTIPLY", "*"), ("NB_REMAINDER", "%"),
    ("NB_OR", "|"), ("NB_POWER", "**"), ("NB_RSHIFT", ">>"), ("NB_SUBTRACT", "-"),
    ("NB_TRUE_DIVIDE", "/"), ("NB_XOR", "^"),
    ("NB_INPLACE_ADD", "+="), ("NB_INPLACE_AND", "&="), ("NB_INPLACE_FLOOR_DIVIDE", "//="),
    ("NB_INPLACE_LSHIFT", "<<="), ("NB_INPLACE_MATRIX_MULTIPLY", "@="),
    ("NB_INPLACE_MULTIPLY", "*="), ("NB_INPLACE_REMAINDER", "%="), ("NB_INPLACE_OR", "|="),
    ("NB_INPLACE_POWER", "**="), ("NB_INPLACE_RSHIFT", ">>="), ("NB_INPLACE_SUBTRACT", "-="),
    ("NB_INPLACE_TRUE_DIVIDE", "/="), ("NB_INPLACE_XOR", "^="),
]
FORMAT_VALUE_CONVERTERS = ('', 'str', 'repr', 'ascii')

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5


class _Record(tuple):
    """A small named tuple (Lib's collections is not needed to import dis)."""
    __slots__ = ()
    _fields = ()

    def __new__(cls, *args, **kwargs):
        values = list(args)
        for name in cls._fields[len(values):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in cls._defaults:
                values.append(cls._defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() missing required argument: '{name}'")
        if kwargs or len(values) != len(cls._fields):
            raise TypeError(f"{cls.__name__}() takes {len(cls._fields)} arguments")
        return tuple.__new__(cls, values)

    def __getattr__(self, name):
        try:
            return self[type(self)._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __repr__(self):
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(self._fields, self))
        return f"{type(self).__name__}({inner})"

    def _replace(self, **kwargs):
        return type(self)(*[kwargs.pop(n, v) for n, v in zip(self._fields, self)])

    def _asdict(self):
        return dict(zip(self._fields, self))


class Positions(_Record):
    __slots__ = ()
    _fields = ('lineno', 'end_lineno', 'col_offset', 'end_col_offset')
    _defaults = {'lineno': None, 'end_lineno': None, 'col_offset': None,
                 'end_col_offset': None}


class _ExceptionTableEntry(_Record):
    __slots__ = ()
    _fields = ('start', 'end', 'target', 'depth', 'lasti')
    _defaults = {}


class Instruction(_Record):
    """Details for a bytecode operation (offsets in bytes, 4 an instruction)."""
    __slots__ = ()
    _fields = ('opname', 'opcode', 'arg', 'argval', 'argrepr', 'offset',
               'starts_line', 'is_jump_target', 'positions')
    _defaults = {'positions': None}

    def _disassemble(self, lineno_width=3, mark_as_current=False, offset_width=4):
        fields = []
        if lineno_width:
            if self.starts_line is not None:
                lineno_fmt = "%%%dd" % lineno_width
                fields.append(lineno_fmt % self.starts_line)
            else:
                fields.append(' ' * lineno_width)
        fields.append('-->' if mark_as_current else '   ')
        fields.append('>>' if self.is_jump_target else '  ')
        fields.append(repr(self.offset).rjust(offset_width))
        fields.append(self.opname.ljust(_OPNAME_WIDTH))
        if self.arg is not None:
            fields.append(repr(self.arg).rjust(_OPARG_WIDTH))
            if self.argrepr:
                fields.append('(' + self.argrepr + ')')
        return ' '.join(fields).rstrip()


def pretty_flags(flags):
    """Return pretty representation of code flags."""
    names = []
    for i in range(32):
        flag = 1 << i
        if flags & flag:
            names.append(COMPILER_FLAG_NAMES.get(flag, hex(flag)))
            flags ^= flag
            if not flags:
                break
    else:
        names.append(hex(flags))
    return ", ".join(names)


def _try_compile(source, name):
    try:
        c = compile(source, name, 'eval')
    except SyntaxError:
        c = compile(source, name, 'exec')
    return c


def _get_code_object(x):
    if hasattr(x, '__func__'):
        x = x.__func__
    if hasattr(x, '__code__'):
        x = x.__code__
    elif hasattr(x, 'gi_code'):
        x = x.gi_code
    elif hasattr(x, 'ag_code'):
        x = x.ag_code
    elif hasattr(x, 'cr_code'):
        x = x.cr_code
    if isinstance(x, str):
        x = _try_compile(x, "<disassembly>")
    if hasattr(x, 'co_code'):
        return x
    raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def _format_code_info(co):
    lines = []
    lines.append("Name:              %s" % co.co_name)
    lines.append("Filename:          %s" % co.co_filename)
    lines.append("Argument count:    %s" % co.co_argcount)
    lines.append("Positional-only arguments: %s" % co.co_posonlyargcount)
    lines.append("Kw-only arguments: %s" % co.co_kwonlyargcount)
    lines.append("Number of locals:  %s" % co.co_nlocals)
    lines.append("Stack size:        %s" % co.co_stacksize)
    lines.append("Flags:             %s" % pretty_flags(co.co_flags))
    if co.co_consts:
        lines.append("Constants:")
        for i_c in enumerate(co.co_consts):
            lines.append("%4d: %r" % i_c)
    if co.co_names:
        lines.append("Names:")
        for i_n in enumerate(co.co_names):
            lines.append("%4d: %s" % i_n)
    if co.co_varnames:
        lines.append("Variable names:")
        for i_n in enumerate(co.co_varnames):
            lines.append("%4d: %s" % i_n)
    if co.co_freevars:
        lines.append("Free variables:")
        for i_n in enumerate(co.co_freevars):
            lines.append("%4d: %s" % i_n)
    if co.co_cellvars:
        lines.append("Cell variables:")
        for i_n in enumerate(co.co_cellvars):
            lines.append("%4d: %s" % i_n)
    return "\n".join(lines)


def code_info(x):
    """Formatted details of methods, functions, or code."""
    return _format_code_info(_get_code_object(x))


def show_code(co, *, file=None):
    """Print details of methods, functions, or code to *file*."""
    print(code_info(co), file=file)


def _read_varint(data, i):
    value = 0
    shift = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7f) << shift
        shift += 7
        if not b & 0x80:
            return value, i


def _parse_exception_table(code):
    data = code.co_exceptiontable
    entries = []
    i = 0
    while i < len(data):
        start, i = _read_varint(data, i)
        end, i = _read_varint(data, i)
        target, i = _read_varint(data, i)
        dl, i = _read_varint(data, i)
        entries.append(_ExceptionTableEntry(start * 4, end * 4, target * 4, dl >> 1,
                                            bool(dl & 1)))
    return entries


def findlinestarts(code):
    """Find the offsets in a byte code which are start of lines in the source."""
    lastline = None
    for start, end, line in code.co_lines():
        if line is not None and line != lastline:
            lastline = line
            yield start, line


def _unpack(code):
    raw = code.co_code
    for i in range(0, len(raw), 4):
        word = raw[i] | (raw[i + 1] << 8) | (raw[i + 2] << 16) | (raw[i + 3] << 24)
        yield i, word & 0xff, word >> 8


def findlabels(code):
    """Detect all offsets in a byte code which are jump targets."""
    labels = []
    for offset, op, arg in _unpack(code):
        if op in hasjabs:
            label = arg * 4
            if label not in labels:
                labels.append(label)
    return labels


def _get_instructions_bytes(code, linestarts, line_offset=0):
    labels = set(findlabels(code))
    for entry in _parse_exception_table(code):
        labels.add(entry.target)
    slot_names = _pyrs_dis.slot_names(code)
    positions = list(code.co_positions())
    ext = 0
    for offset, op, arg in _unpack(code):
        if op == EXTENDED_ARG:
            ext = (ext | arg) << 24
        full = ext | arg if op != EXTENDED_ARG else arg
        if op != EXTENDED_ARG:
            ext = 0
        name = opname[op]
        argval = full
        argrepr = ''
        if op in hasconst:
            argval = code.co_consts[full]
            argrepr = repr(argval)
        elif name == "LOAD_GLOBAL":
            argval = code.co_names[full >> 1]
            argrepr = ("NULL + " if full & 1 else "") + argval
        elif op in hasname:
            argval = code.co_names[full]
            argrepr = argval
        elif op in haslocal or op in hasfree:
            argval = slot_names[full]
            argrepr = argval
        elif op in hasjabs:
            argval = full * 4
            argrepr = "to " + repr(argval)
        elif op in hascompare:
            argval = cmp_op[full]
            argrepr = argval
        elif name == "BINARY_OP" and full < len(_nb_ops):
            argrepr = _nb_ops[full][1]
        elif name == "FORMAT_VALUE":
            argval = (FORMAT_VALUE_CONVERTERS[full & 0x3], bool(full & 0x4))
            argrepr = argval[0]
            if argval[1]:
                argrepr = argrepr + ', with format' if argrepr else 'with format'
        elif name in ("IS_OP", "CONTAINS_OP"):
            argrepr = ''
        starts_line = linestarts.get(offset)
        if starts_line is not None:
            starts_line += line_offset
        pos = positions[offset // 2] if offset // 2 < len(positions) else (None,) * 4
        yield Instruction(name, op, full, argval, argrepr, offset, starts_line,
                          offset in labels, Positions(*pos))


def get_instructions(x, *, first_line=None, show_caches=False, adaptive=False):
    """Iterator for the opcodes in methods, functions or code."""
    co = _get_code_object(x)
    linestarts = dict(findlinestarts(co))
    line_offset = first_line - co.co_firstlineno if first_line is not None else 0
    return _get_instructions_bytes(co, linestarts, line_offset)


def _disassemble_bytes(co, lasti=-1, linestarts=None, *, file=None, line_offset=0):
    if linestarts is None:
        linestarts = dict(findlinestarts(co))
    show_lineno = bool(linestarts)
    if show_lineno:
        maxlineno = max(linestarts.values()) + line_offset
        lineno_width = max(3, len(str(maxlineno)))
    else:
        lineno_width = 0
    maxoffset = len(co.co_code) - 4
    offset_width = max(4, len(str(maxoffset)))
    for instr in _get_instructions_bytes(co, linestarts, line_offset):
        new_source_line = (show_lineno and instr.starts_line is not None
                           and instr.offset > 0)
        if new_source_line:
            print(file=file)
        is_current_instr = instr.offset == lasti
        print(instr._disassemble(lineno_width, is_current_instr, offset_width), file=file)
    table = _parse_exception_table(co)
    if table:
        print("ExceptionTable:", file=file)
        for entry in table:
            lasti_s = " lasti" if entry.lasti else ""
            end = entry.end - 4
            print(f"  {entry.start} to {end} -> {entry.target} [{entry.depth}]{lasti_s}",
                  file=file)


def _disassemble_recursive(co, *, file=None, depth=None):
    disassemble(co, file=file)
    if depth is None or depth > 0:
        if depth is not None:
            depth = depth - 1
        for x in co.co_consts:
            if hasattr(x, 'co_code'):
                print(file=file)
                print("Disassembly of %r:" % (x,), file=file)
                _disassemble_recursive(x, file=file, depth=depth)


def disassemble(co, lasti=-1, *, file=None, show_caches=False, adaptive=False):
    """Disassemble a code object."""
    _disassemble_bytes(co, lasti, file=file)


disco = disassemble


def distb(tb=None, *, file=None, show_caches=False, adaptive=False):
    """Disassemble a traceback (default: last traceback)."""
    if tb is None:
        try:
            tb = sys.last_traceback
        except AttributeError:
            raise RuntimeError("no last traceback to disassemble") from None
        while tb.tb_next:
            tb = tb.tb_next
    disassemble(tb.tb_frame.f_code, tb.tb_lasti, file=file)


def dis(x=None, *, file=None, depth=None, show_caches=False, adaptive=False):
    """Disassemble classes, methods, functions, generators, code, strings or tracebacks."""
    if x is None:
        distb(file=file)
        return
    if hasattr(x, '__func__'):
        x = x.__func__
    if hasattr(x, '__code__'):
        x = x.__code__
    elif hasattr(x, 'gi_code'):
        x = x.gi_code
    elif hasattr(x, 'ag_code'):
        x = x.ag_code
    elif hasattr(x, 'cr_code'):
        x = x.cr_code
    if hasattr(x, '__dict__'):
        items = sorted(x.__dict__.items())
        for name, x1 in items:
            if isinstance(x1, _have_code):
                print("Disassembly of %s:" % name, file=file)
                try:
                    dis(x1, file=file, depth=depth)
                except TypeError as msg:
                    print("Sorry:", msg, file=file)
                print(file=file)
    elif hasattr(x, 'co_code'):
        _disassemble_recursive(x, file=file, depth=depth)
    elif isinstance(x, (bytes, bytearray)):
        raise TypeError("pyrs: dis of raw bytes is not supported (pass a code object)")
    elif isinstance(x, str):
        _disassemble_recursive(_try_compile(x, "<dis>"), file=file, depth=depth)
    elif hasattr(x, 'tb_frame'):
        distb(x, file=file)
    else:
        raise TypeError("don't know how to disassemble %s objects" % type(x).__name__)


def stack_effect(opcode, oparg=None, *, jump=None):
    raise NotImplementedError("pyrs: dis.stack_effect is not supported yet")


class Bytecode:
    """The bytecode operations of a piece of code."""

    def __init__(self, x, *, first_line=None, current_offset=None, show_caches=False,
                 adaptive=False):
        self.codeobj = co = _get_code_object(x)
        if first_line is None:
            self.first_line = co.co_firstlineno
            self._line_offset = 0
        else:
            self.first_line = first_line
            self._line_offset = first_line - co.co_firstlineno
        self._linestarts = dict(findlinestarts(co))
        self._original_object = x
        self.current_offset = current_offset
        self.exception_entries = _parse_exception_table(co)

    def __iter__(self):
        return _get_instructions_bytes(self.codeobj, self._linestarts, self._line_offset)

    def __repr__(self):
        return "{}({!r})".format(self.__class__.__name__, self._original_object)

    @classmethod
    def from_traceback(cls, tb, *, show_caches=False, adaptive=False):
        while tb.tb_next:
            tb = tb.tb_next
        return cls(tb.tb_frame.f_code, current_offset=tb.tb_lasti)

    def info(self):
        return _format_code_info(self.codeobj)

    def dis(self):
        import io
        offset = self.current_offset if self.current_offset is not None else -1
        output = io.StringIO()
        _disassemble_bytes(self.codeobj, offset, self._linestarts, file=output,
                           line_offset=self._line_offset)
        return output.getvalue()
