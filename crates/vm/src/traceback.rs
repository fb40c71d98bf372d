//! Printing an uncaught exception as CPython 3.11 does: chained sections, the traceback
//! entries with their source lines and `^^^^` markers, and the final `Type: message`.

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::exceptions::exc_data;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::Vm;

fn source_line(vm: &Vm, filename: &str, lineno: u32) -> Option<String> {
    // Code from -c, stdin or exec() has no file to read lines from (CPython's
    // linecache finds none either).
    if filename.starts_with('<') && filename.ends_with('>') {
        return None;
    }
    let from_cache = vm.sources.borrow().get(filename).cloned();
    let text = match from_cache {
        Some(t) => t,
        None => std::fs::read_to_string(filename).ok()?,
    };
    text.lines()
        .nth(lineno.checked_sub(1)? as usize)
        .map(str::to_string)
}

/// `sys.tracebacklimit` as CPython's PyTraceBack_Print reads it: None when unset or not
/// an int; otherwise the limit (0 or less prints no traceback at all).
fn traceback_limit(vm: &Vm) -> Option<i64> {
    let v = crate::sys::get_sys_attr(vm, "tracebacklimit").ok()?;
    match &v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(i) => Some(if num_traits::Signed::is_negative(i) {
                i64::MIN
            } else {
                i64::MAX
            }),
            _ => None,
        },
        _ => None,
    }
}

fn format_tb(vm: &Vm, tb: &Value, out: &mut String) {
    let mut cur = tb.clone();
    // With sys.tracebacklimit, only the last `limit` entries are shown.
    if let Some(limit) = traceback_limit(vm) {
        let mut depth: i64 = 0;
        let mut c = tb.clone();
        while let Value::Obj(t) = c {
            let Payload::Traceback(td) = &t.payload else {
                break;
            };
            depth += 1;
            c = td.next.get();
        }
        let mut skip = depth.saturating_sub(limit.max(0));
        while skip > 0 {
            let next = match &cur {
                Value::Obj(t) => match &t.payload {
                    Payload::Traceback(td) => td.next.get(),
                    _ => break,
                },
                _ => break,
            };
            cur = next;
            skip -= 1;
        }
    }
    while let Value::Obj(t) = cur {
        let Payload::Traceback(td) = &t.payload else {
            break;
        };
        let (filename, name, loc) = match &td.frame.payload {
            Payload::Frame(fd) => match fd.code.payload.as_code() {
                Some(cd) => (
                    cd.code.filename.clone(),
                    cd.code.name.clone(),
                    cd.code.locations.get(td.lasti as usize).copied(),
                ),
                None => ("?".into(), "?".into(), None),
            },
            _ => ("?".into(), "?".into(), None),
        };
        out.push_str(&format!(
            "  File \"{filename}\", line {}, in {name}\n",
            td.lineno
        ));
        if let Some(line) = source_line(vm, &filename, td.lineno) {
            let stripped = line.trim_start();
            let indent = line.len() - stripped.len();
            let stripped = stripped.trim_end();
            out.push_str(&format!("    {stripped}\n"));
            if let Some(l) = loc {
                if l.lineno == td.lineno && l.col != u32::MAX && l.end_col != u32::MAX {
                    let end_col = if l.end_lineno == l.lineno {
                        l.end_col as usize
                    } else {
                        line.trim_end().len()
                    };
                    let start = (l.col as usize).saturating_sub(indent);
                    let end = end_col.saturating_sub(indent).min(stripped.len());
                    if end > start
                        && stripped.is_char_boundary(start)
                        && stripped.is_char_boundary(end)
                    {
                        let segment = &stripped[start..end];
                        let anchors = if l.end_lineno == l.lineno {
                            caret_anchors(segment)
                        } else {
                            None
                        };
                        let whole = start == 0 && end >= stripped.len();
                        // As CPython 3.11: no markers when they would underline the whole
                        // line, unless anchors single out an operator or subscript.
                        if !whole || anchors.is_some_and(|(a, b)| b > a) {
                            let pre = stripped[..start].chars().count();
                            let mut marks = " ".repeat(pre);
                            match anchors {
                                Some((left, right)) => {
                                    for (i, _) in segment.char_indices() {
                                        marks.push(if i >= left && i < right { '^' } else { '~' });
                                    }
                                }
                                None => marks.push_str(&"^".repeat(segment.chars().count())),
                            }
                            out.push_str(&format!("    {marks}\n"));
                        }
                    }
                }
            }
        }
        cur = td.next.get();
    }
}

/// State of one uncaught-exception report (CPython's `exception_print_context`).
struct PrintCtx {
    out: String,
    /// Exceptions already printed or queued (chains are cut where they come back).
    seen: Vec<ObjRef>,
    group_depth: usize,
    need_close: bool,
}

const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

impl PrintCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.group_depth)
    }
    fn margin(&self) -> &'static str {
        if self.group_depth > 0 {
            "| "
        } else {
            ""
        }
    }
    /// Write `text` (one or more lines) with the indent and margin before each line.
    fn emit_lines(&mut self, text: &str) {
        let prefix = format!("{}{}", self.indent(), self.margin());
        for line in text.split_inclusive('\n') {
            self.out.push_str(&prefix);
            self.out.push_str(line);
        }
    }
    fn seen(&self, e: &ObjRef) -> bool {
        self.seen.iter().any(|s| s.is(e))
    }
}

fn exc_type_name(vm: &Vm, e: &ObjRef) -> String {
    let ty = e.class();
    let mut name = tdata(ty).qualname.borrow().clone();
    if let Some(m) = crate::objects::object::type_module_name(vm, ty) {
        if m != "builtins" && m != "__main__" {
            name = format!("{m}.{name}");
        }
    }
    name
}

/// The `Type: message` line and the notes.
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_STRING_SIZE: usize = 40;
const MAX_CANDIDATE_ITEMS: usize = 750;

/// CPython's suggestions.c substitution cost: 0 for equal bytes, CASE_COST for a case
/// flip of an ASCII letter, MOVE_COST otherwise.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return CASE_COST;
    }
    MOVE_COST
}

/// CPython's levenshtein_distance over UTF-8 bytes, giving up above `max_cost`.
fn levenshtein_distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let mut a = a;
    let mut b = b;
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// CPython's calculate_suggestions: the closest candidate to `name`, if close enough.
fn calculate_suggestions(candidates: &[String], name: &str) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<&String> = None;
    let mut best_distance = usize::MAX;
    for item in candidates {
        if item == name {
            continue;
        }
        let max_distance =
            ((name.len() + item.len() + 3) * MOVE_COST / 6).min(best_distance.saturating_sub(1));
        let d = levenshtein_distance(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(item);
            best_distance = d;
        }
    }
    best.cloned()
}

/// The str items of a list/tuple/dict-keys value.
fn str_items(vm: &Vm, v: &Value) -> Option<Vec<String>> {
    let items = vm.collect(v).ok()?;
    items
        .iter()
        .map(|i| match i {
            Value::Obj(o) if o.payload.as_str().is_some() => {
                Some(crate::objects::str::as_rust_str(o))
            }
            _ => None,
        })
        .collect()
}

/// CPython 3.11's _Py_Offer_Suggestions: for an AttributeError (its `obj`'s dir()) or a
/// NameError (the locals, globals and builtins of the frame where it was raised).
fn offer_suggestions(vm: &Vm, e: &ObjRef) -> Option<String> {
    let saved = vm.exc_info.get();
    let r = offer_suggestions_inner(vm, e);
    vm.exc_info.set(saved);
    r
}

fn offer_suggestions_inner(vm: &Vm, e: &ObjRef) -> Option<String> {
    let cls = e.class();
    let name = vm.get_exc_attr(e, &vm.intern("name"))?;
    let name = match &name {
        Value::Obj(o) if o.class().is(&vm.types.str_) => crate::objects::str::as_rust_str(o),
        _ => return None,
    };
    if cls.is(&vm.exc.attribute_error) {
        let obj = vm.get_exc_attr(e, &vm.intern("obj"))?;
        if obj.is_null() {
            return None;
        }
        let dir = vm.call_special(&obj, &vm.names.__dir__, &[]).ok()??;
        // dir() is sorted.
        let mut dir = str_items(vm, &dir)?;
        dir.sort();
        return calculate_suggestions(&dir, &name);
    }
    if !cls.is(&vm.exc.name_error) {
        return None;
    }
    let mut tb = exc_data(e)?.traceback.get();
    loop {
        let next = match &tb {
            Value::Obj(t) => match &t.payload {
                Payload::Traceback(td) => td.next.get(),
                _ => return None,
            },
            _ => return None,
        };
        if !matches!(&next, Value::Obj(n) if matches!(n.payload, Payload::Traceback(_))) {
            break;
        }
        tb = next;
    }
    let frame = match &tb {
        Value::Obj(t) => match &t.payload {
            Payload::Traceback(td) => td.frame.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let fv = Value::Obj(frame);
    let code = vm.get_attr_str(&fv, "f_code").ok()?;
    let varnames = vm.get_attr_str(&code, "co_varnames").ok()?;
    if let Some(s) = calculate_suggestions(&str_items(vm, &varnames)?, &name) {
        return Some(s);
    }
    let globals = vm.get_attr_str(&fv, "f_globals").ok()?;
    if let Some(s) = calculate_suggestions(&str_items(vm, &globals)?, &name) {
        return Some(s);
    }
    let builtins = vm.get_attr_str(&fv, "f_builtins").ok()?;
    calculate_suggestions(&str_items(vm, &builtins)?, &name)
}

fn print_message_and_notes(vm: &Vm, ctx: &mut PrintCtx, e: &ObjRef) {
    let name = exc_type_name(vm, e);
    let prefix = format!("{}{}", ctx.indent(), ctx.margin());
    let syntax_msg = if vm.isinstance(&Value::Obj(e.clone()), &vm.exc.syntax_error) {
        print_syntax_error_location(vm, ctx, e, &prefix)
    } else {
        None
    };
    let msg = match syntax_msg {
        Some(m) => m,
        None => match vm.str(&Value::Obj(e.clone())) {
            Ok(s) => crate::objects::str::as_rust_str(&s),
            Err(_) => "<exception str() failed>".into(),
        },
    };
    ctx.out.push_str(&prefix);
    let suggestion = offer_suggestions(vm, e)
        .map(|s| format!(". Did you mean: '{s}'?"))
        .unwrap_or_default();
    if msg.is_empty() {
        ctx.out.push_str(&format!("{name}{suggestion}\n"));
    } else {
        ctx.out.push_str(&format!("{name}: {msg}{suggestion}\n"));
    }
    let notes = match vm.get_attr_opt(&Value::Obj(e.clone()), &vm.names.__notes__) {
        Ok(Some(n)) => n,
        _ => return,
    };
    let is_seq = match &notes {
        Value::Obj(o) => matches!(o.payload, Payload::List(_) | Payload::Tuple(_)),
        _ => false,
    };
    if !is_seq {
        ctx.out.push_str(&prefix);
        match vm.repr_string(&notes) {
            Ok(r) => ctx.out.push_str(&r),
            Err(_) => ctx.out.push_str("<__notes__ repr() failed>"),
        }
        ctx.out.push('\n');
        return;
    }
    let items = vm.collect(&notes).unwrap_or_default();
    for n in items {
        match vm.str(&n) {
            Ok(s) => {
                let text = crate::objects::str::as_rust_str(&s);
                for line in text.split_inclusive('\n') {
                    ctx.out.push_str(&prefix);
                    ctx.out.push_str(line);
                }
            }
            Err(_) => ctx.out.push_str("<note str() failed>"),
        }
        ctx.out.push('\n');
    }
}

/// For a SyntaxError: `  File "x", line N`, the offending line and its carets, from the
/// exception's attributes, as CPython's `print_exception` does; returns the message to
/// print (its `msg`), or `None` when the attributes are unusable.
fn print_syntax_error_location(
    vm: &Vm,
    ctx: &mut PrintCtx,
    e: &ObjRef,
    prefix: &str,
) -> Option<String> {
    let v = Value::Obj(e.clone());
    let attr = |name: &str| vm.get_attr_opt(&v, &vm.intern(name)).ok().flatten();
    let int_attr = |name: &str, default: i64| match attr(name) {
        Some(Value::Int(i)) => Some(i),
        Some(Value::Bool(b)) => Some(i64::from(b)),
        Some(Value::None) | None => Some(default),
        Some(_) => None,
    };
    let msg = vm.str(&attr("msg")?).ok()?;
    let filename = match attr("filename") {
        None | Some(Value::None) => "<string>".to_string(),
        Some(f) => crate::objects::str::as_rust_str(&vm.str(&f).ok()?).to_string(),
    };
    let lineno = match attr("lineno") {
        Some(Value::Int(i)) => i,
        Some(Value::Bool(b)) => i64::from(b),
        _ => return None,
    };
    let offset = int_attr("offset", -1)?;
    let end_lineno = int_attr("end_lineno", lineno)?;
    let mut end_offset = int_attr("end_offset", -1)?;
    ctx.out.push_str(prefix);
    ctx.out
        .push_str(&format!("  File \"{filename}\", line {lineno}\n"));
    if let Some(Value::Obj(t)) = attr("text") {
        if t.payload.as_str().is_some() {
            let text = crate::objects::str::as_rust_str(&t).to_string();
            if end_lineno > lineno {
                end_offset = text.len() as i64;
            }
            end_offset = end_offset.min(text.len() as i64 + 1);
            for line in pyrs_parser::error::render_error_text(offset, end_offset, &text).lines() {
                ctx.out.push_str(prefix);
                ctx.out.push_str(line);
                ctx.out.push('\n');
            }
        }
    }
    Some(crate::objects::str::as_rust_str(&msg).to_string())
}

fn print_traceback(vm: &Vm, ctx: &mut PrintCtx, e: &ObjRef, is_group: bool) {
    let tb = match exc_data(e) {
        Some(d) => d.traceback.get(),
        None => return,
    };
    if tb.is_none() {
        return;
    }
    if traceback_limit(vm).is_some_and(|l| l <= 0) {
        return;
    }
    let (header, header_margin) = if is_group {
        (
            "Exception Group Traceback (most recent call last):\n",
            if ctx.group_depth == 1 {
                "+ "
            } else {
                ctx.margin()
            },
        )
    } else {
        ("Traceback (most recent call last):\n", ctx.margin())
    };
    let indent = ctx.indent();
    ctx.out
        .push_str(&format!("{indent}{header_margin}{header}"));
    let mut body = String::new();
    format_tb(vm, &tb, &mut body);
    ctx.emit_lines(&body);
}

fn print_group(vm: &Vm, ctx: &mut PrintCtx, e: &ObjRef) {
    if ctx.group_depth > MAX_GROUP_DEPTH {
        ctx.emit_lines(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
        return;
    }
    let toplevel = ctx.group_depth == 0;
    if toplevel {
        ctx.group_depth += 1;
    }
    print_traceback(vm, ctx, e, true);
    print_message_and_notes(vm, ctx, e);
    let excs = crate::objects::exceptions::group_exceptions(vm, e);
    let num = excs.len();
    let n = if num <= MAX_GROUP_WIDTH {
        num
    } else {
        MAX_GROUP_WIDTH + 1
    };
    ctx.need_close = false;
    for (i, sub) in excs.iter().take(n).enumerate() {
        let last = i == n - 1;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        let indent = ctx.indent();
        ctx.out.push_str(&format!(
            "{indent}{}+---------------- {title} ----------------\n",
            if i == 0 { "+-" } else { "  " }
        ));
        ctx.group_depth += 1;
        if !truncated {
            if let Value::Obj(so) = sub {
                print_recursive(vm, ctx, so);
            }
        } else {
            let remaining = num - MAX_GROUP_WIDTH;
            ctx.emit_lines(&format!(
                "and {remaining} more exception{}\n",
                if remaining > 1 { "s" } else { "" }
            ));
        }
        if last && ctx.need_close {
            let indent = ctx.indent();
            ctx.out
                .push_str(&format!("{indent}+------------------------------------\n"));
            ctx.need_close = false;
        }
        ctx.group_depth -= 1;
    }
    if toplevel {
        ctx.group_depth = 0;
    }
}

fn print_single(vm: &Vm, ctx: &mut PrintCtx, e: &ObjRef) {
    if crate::objects::exceptions::is_group(vm, &Value::Obj(e.clone())) {
        print_group(vm, ctx, e);
    } else {
        print_traceback(vm, ctx, e, false);
        print_message_and_notes(vm, ctx, e);
    }
}

/// One exception with its chain of causes and contexts (oldest first), as CPython's
/// `print_exception_recursive`.
fn print_recursive(vm: &Vm, ctx: &mut PrintCtx, e: &ObjRef) {
    let mut chain: Vec<(ObjRef, &str)> = Vec::new();
    let mut cur = Some(e.clone());
    let mut link = "";
    while let Some(x) = cur {
        ctx.seen.push(x.clone());
        chain.push((x.clone(), link));
        cur = None;
        if let Some(d) = exc_data(&x) {
            if let Value::Obj(c) = d.cause.get() {
                if !ctx.seen(&c) {
                    cur = Some(c);
                    link = "\nThe above exception was the direct cause of the following exception:\n\n";
                }
            } else if !d.suppress_context.get() {
                if let Value::Obj(c) = d.context.get() {
                    if !ctx.seen(&c) {
                        cur = Some(c);
                        link = "\nDuring handling of the above exception, another exception occurred:\n\n";
                    }
                }
            }
        }
    }
    for (x, link) in chain.iter().rev() {
        print_single(vm, ctx, x);
        if !link.is_empty() {
            ctx.emit_lines(link);
        }
    }
}

/// The full report for an uncaught exception, chained causes and contexts first, groups
/// drawn as CPython 3.11 draws them.
pub fn format_exception(vm: &Vm, e: &ObjRef) -> String {
    let mut ctx = PrintCtx {
        out: String::new(),
        seen: Vec::new(),
        group_depth: 0,
        need_close: false,
    };
    print_recursive(vm, &mut ctx, e);
    ctx.out
}

/// CPython 3.11's caret anchors for a one-line expression segment: for a binary
/// operation the operator, for a subscript the `[...]` part, as byte offsets into the
/// segment (`^` inside, `~` outside). `None` for other expressions.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    use pyrs_parser::ast::{ExprKind, Mod};
    let module = pyrs_parser::parse_expression(segment, "<segment>").ok()?;
    let Mod::Expression { body } = module else {
        return None;
    };
    let bytes = segment.as_bytes();
    match &body.kind {
        ExprKind::BinOp { left, right, .. } => {
            let op_start = left.range.end_col_offset as usize;
            let op_end = (right.range.col_offset as usize).min(segment.len());
            let op_text = segment.get(op_start..op_end)?;
            let offset = op_text.len() - op_text.trim_start().len();
            let mut left_anchor = op_start + offset;
            let mut right_anchor = left_anchor + 1;
            if offset + 1 < op_text.len() && !op_text.as_bytes()[offset + 1].is_ascii_whitespace() {
                right_anchor += 1;
            }
            while left_anchor < bytes.len()
                && (bytes[left_anchor].is_ascii_whitespace()
                    || matches!(bytes[left_anchor], b')' | b'#'))
            {
                left_anchor += 1;
                right_anchor += 1;
            }
            Some((left_anchor, right_anchor.min(segment.len())))
        }
        ExprKind::Subscript { value, slice, .. } => {
            let mut left_anchor = value.range.end_col_offset as usize;
            let mut right_anchor = slice.range.end_col_offset as usize + 1;
            while left_anchor < bytes.len() && bytes[left_anchor] != b'[' {
                left_anchor += 1;
            }
            while right_anchor < bytes.len() && bytes[right_anchor] != b']' {
                right_anchor += 1;
            }
            if right_anchor < bytes.len() {
                right_anchor += 1;
            }
            Some((left_anchor, right_anchor.min(segment.len())))
        }
        _ => None,
    }
}

// ----- the traceback type -----------------------------------------------------------------

use crate::object::TracebackData;
use crate::vm::{Args, PyResult};

fn tbdata<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TracebackData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Traceback(t) => Ok(t),
            _ => Err(vm.type_error("expected a traceback object")),
        },
        _ => Err(vm.type_error("expected a traceback object")),
    }
}

fn tb_frame(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(tbdata(vm, v)?.frame.clone()))
}
fn tb_lineno(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(tbdata(vm, v)?.lineno as i64))
}
/// The byte offset of the instruction, in `co_code` units (4 bytes an instruction).
fn tb_lasti(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(tbdata(vm, v)?.lasti as i64 * 4))
}
fn tb_next(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(tbdata(vm, v)?.next.get())
}
fn tb_set_next(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let td = tbdata(vm, v)?;
    let val = val.ok_or_else(|| vm.type_error("can't delete tb_next attribute"))?;
    if !val.is_none() {
        if !vm.isinstance(&val, &vm.types.traceback) {
            return Err(vm.type_error(format!(
                "expected traceback object, got '{}'",
                vm.type_name(&val)
            )));
        }
        // No loops.
        let mut cur = val.clone();
        while let Value::Obj(t) = cur {
            if Value::Obj(t.clone()).is(v) {
                return Err(vm.value_error("traceback loop detected"));
            }
            cur = match &t.payload {
                Payload::Traceback(d) => d.next.get(),
                _ => Value::None,
            };
        }
    }
    td.next.set(val);
    Ok(())
}

/// `types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`.
fn tb_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if args.has_kw() || p.len() != 5 {
        return Err(vm.type_error(format!(
            "traceback() takes exactly 4 arguments ({} given)",
            p.len().saturating_sub(1) + args.kwnames.len()
        )));
    }
    let next = p[1].clone();
    if !next.is_none() && !vm.isinstance(&next, &vm.types.traceback) {
        return Err(vm.type_error(format!(
            "expected traceback object or None, got '{}'",
            vm.type_name(&next)
        )));
    }
    let frame = match &p[2] {
        Value::Obj(o) if matches!(o.payload, Payload::Frame(_)) => o.clone(),
        other => {
            return Err(vm.type_error(format!(
                "TracebackType() argument 'tb_frame' must be frame, not {}",
                vm.type_name(other)
            )))
        }
    };
    let lasti = vm.to_index(&p[3])?;
    let lineno = vm.to_index(&p[4])?;
    Ok(Value::Obj(ObjRef::new(
        &vm.types.traceback,
        Payload::Traceback(TracebackData {
            next: crate::memory::ValueCell::new(next),
            frame,
            lasti: (lasti.max(0) / 4) as u32,
            lineno: lineno.clamp(0, u32::MAX as i64) as u32,
        }),
    )))
}

pub fn init(vm: &Vm) {
    let t = &vm.types.traceback;
    vm.add_static(t, "__new__", tb_new);
    vm.add_getset(t, "tb_frame", tb_frame, None);
    vm.add_getset(t, "tb_lineno", tb_lineno, None);
    vm.add_getset(t, "tb_lasti", tb_lasti, None);
    vm.add_getset(t, "tb_next", tb_next, Some(tb_set_next));
}

// ----- sys.excepthook and the end of an uncaught exception -------------------------------

/// Write text to `sys.stderr` (the Python object, so redirections are honoured), or to
/// the process's stderr when sys.stderr is missing or fails.
pub fn write_stderr(vm: &Vm, text: &str) {
    let stream = crate::objects::dict::get_str(&vm.sys_dict, &vm.intern("stderr"));
    if let Some(s) = stream {
        if !s.is_none() {
            let saved = vm.exc_info.get();
            let ok = vm.call_method(&s, "write", &[vm.new_str(text)]).is_ok();
            let _ = vm.call_method(&s, "flush", &[]);
            vm.exc_info.set(saved);
            if ok {
                return;
            }
        }
    }
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Print an exception the way the default `sys.excepthook` does.
pub fn display_exception(vm: &Vm, value: &Value) {
    match value {
        Value::Obj(e) if exc_data(e).is_some() => {
            let text = format_exception(vm, e);
            write_stderr(vm, &text);
        }
        other => write_stderr(
            vm,
            &format!(
                "TypeError: print_exception(): Exception expected for value, {} found\n",
                vm.type_name(other)
            ),
        ),
    }
}

/// `sys.excepthook(type, value, traceback)` / `sys.__excepthook__`.
pub fn sys_excepthook(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 3 {
        return Err(vm.type_error(format!("excepthook expected 3 arguments, got {}", p.len())));
    }
    if let (Value::Obj(e), Value::Obj(tb)) = (&p[1], &p[2]) {
        if let Some(d) = exc_data(e) {
            if d.traceback.get().is_none() && matches!(tb.payload, Payload::Traceback(_)) {
                d.traceback.set(p[2].clone());
            }
        }
    }
    display_exception(vm, &p[1]);
    Ok(Value::None)
}

/// The exit status for an uncaught SystemExit, printing a non-integer code to stderr
/// (CPython's `_Py_HandleSystemExit`).
pub fn system_exit_status(vm: &Vm, e: &ObjRef) -> i32 {
    let code = vm.get_exc_attr(e, &vm.names.code).unwrap_or(Value::None);
    match &code {
        Value::None => 0,
        Value::Int(i) => *i as i32,
        Value::Bool(b) => *b as i32,
        Value::Obj(o) if matches!(o.payload, Payload::Int(_)) => {
            use num_traits::ToPrimitive;
            match &o.payload {
                Payload::Int(b) => b.to_i64().map_or(-1, |i| i as i32),
                _ => -1,
            }
        }
        other => {
            // The str object itself goes to sys.stderr, whose error handler
            // (backslashreplace) deals with lone surrogates.
            let stream = crate::objects::dict::get_str(&vm.sys_dict, &vm.intern("stderr"));
            let written = match (vm.str(other), stream) {
                (Ok(s), Some(stream)) if !stream.is_none() => {
                    let saved = vm.exc_info.get();
                    let ok = vm.call_method(&stream, "write", &[Value::Obj(s)]).is_ok()
                        && vm
                            .call_method(&stream, "write", &[vm.new_str("\n")])
                            .is_ok();
                    let _ = vm.call_method(&stream, "flush", &[]);
                    vm.exc_info.set(saved);
                    ok
                }
                _ => false,
            };
            if !written {
                let s = match vm.str(other) {
                    Ok(s) => crate::objects::str::as_rust_str(&s),
                    Err(_) => String::new(),
                };
                write_stderr(vm, &format!("{s}\n"));
            }
            1
        }
    }
}

/// Report an uncaught exception as CPython's `PyErr_Print`: SystemExit gives its status;
/// anything else goes through `sys.excepthook` (its own failure reported too). Returns
/// the exit status.
pub fn report_uncaught(vm: &Vm, e: &ObjRef) -> i32 {
    if vm.exc_matches(e, &vm.exc.system_exit) {
        return system_exit_status(vm, e);
    }
    print_exception_via_hook(vm, e)
}

/// Print `e` through `sys.excepthook` (or directly when it is missing or fails), as
/// CPython's PyErr_Print; 1, or the status of a SystemExit the hook raised.
pub fn print_exception_via_hook(vm: &Vm, e: &ObjRef) -> i32 {
    let value = Value::Obj(e.clone());
    let ty = Value::Obj(e.class().clone());
    let tb = exc_data(e).map_or(Value::None, |d| d.traceback.get());
    let hook = crate::objects::dict::get_str(&vm.sys_dict, &vm.intern("excepthook"));
    match hook {
        None => {
            write_stderr(vm, "sys.excepthook is missing\n");
            display_exception(vm, &value);
        }
        Some(h) => {
            if let Err(he) = vm.call(&h, Args::new(&[ty, value.clone(), tb])) {
                if vm.exc_matches(&he, &vm.exc.system_exit) {
                    return system_exit_status(vm, &he);
                }
                write_stderr(vm, "Error in sys.excepthook:\n");
                display_exception(vm, &Value::Obj(he));
                write_stderr(vm, "\nOriginal exception was:\n");
                display_exception(vm, &value);
            }
        }
    }
    1
}
