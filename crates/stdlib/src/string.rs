//! The `_string` module: `formatter_parser` and `formatter_field_name_split`, the
//! parsers behind `string.Formatter`, with CPython's MarkupIterator and
//! FieldNameIterator rules and messages.

use std::cell::{Cell, RefCell};

use num_bigint::BigInt;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{one_arg, stop, this};

struct Markup {
    chars: Vec<u32>,
    pos: Cell<usize>,
}

impl NativeData for Markup {}

struct FieldNames {
    chars: Vec<u32>,
    pos: Cell<usize>,
}

impl NativeData for FieldNames {}

thread_local! {
    static TYPES: RefCell<Option<(ObjRef, ObjRef)>> = const { RefCell::new(None) };
}

fn str_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<Vec<u32>> {
    match v {
        Value::Obj(o) => match o.payload.as_str() {
            Some(s) => Ok(s.code_points().collect()),
            None => Err(vm.type_error(format!(
                "{what} argument must be str, not {}",
                vm.type_name(v)
            ))),
        },
        _ => Err(vm.type_error(format!(
            "{what} argument must be str, not {}",
            vm.type_name(v)
        ))),
    }
}

fn substr(vm: &Vm, chars: &[u32]) -> Value {
    vm.new_pystr(PyStr::from_code_points(chars))
}

const LBRACE: u32 = '{' as u32;
const RBRACE: u32 = '}' as u32;

fn formatter_parser(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = one_arg(vm, "formatter_parser", &args)?;
    let chars = str_arg(vm, s, "formatter_parser()")?;
    let t = TYPES.with(|t| t.borrow().clone());
    let (mt, _) = t.ok_or_else(|| vm.runtime_error("_string is not initialised"))?;
    Ok(Value::Obj(vm.new_native_object(
        &mt,
        Markup {
            chars,
            pos: Cell::new(0),
        },
    )))
}

/// Parse one field after its '{': (field_name, format_spec, conversion).
fn parse_field(vm: &Vm, s: &[u32], pos: &mut usize) -> PyResult<(Vec<u32>, Vec<u32>, Option<u32>)> {
    let end = s.len();
    let name_start = *pos;
    let mut c = 0u32;
    while *pos < end {
        c = s[*pos];
        *pos += 1;
        match char::from_u32(c) {
            Some('{') => return Err(vm.value_error("unexpected '{' in field name")),
            Some('[') => {
                while *pos < end && s[*pos] != ']' as u32 {
                    *pos += 1;
                }
                continue;
            }
            Some('}') | Some(':') | Some('!') => break,
            _ => continue,
        }
    }
    let is_term = matches!(char::from_u32(c), Some('}') | Some(':') | Some('!'));
    let name_end = if is_term { *pos - 1 } else { *pos };
    let name = s[name_start..name_end].to_vec();
    if is_term && (c == '!' as u32 || c == ':' as u32) {
        let mut conversion = None;
        if c == '!' as u32 {
            if *pos >= end {
                return Err(vm.value_error("end of string while looking for conversion specifier"));
            }
            conversion = Some(s[*pos]);
            *pos += 1;
            if *pos < end {
                let c2 = s[*pos];
                *pos += 1;
                if c2 == RBRACE {
                    return Ok((name, vec![], conversion));
                }
                if c2 != ':' as u32 {
                    return Err(vm.value_error("expected ':' after conversion specifier"));
                }
            }
        }
        let spec_start = *pos;
        let mut count = 1;
        while *pos < end {
            let c3 = s[*pos];
            *pos += 1;
            if c3 == LBRACE {
                count += 1;
            } else if c3 == RBRACE {
                count -= 1;
                if count == 0 {
                    return Ok((name, s[spec_start..*pos - 1].to_vec(), conversion));
                }
            }
        }
        return Err(vm.value_error("unmatched '{' in format spec"));
    }
    if !(is_term && c == RBRACE) {
        return Err(vm.value_error("expected '}' before end of string"));
    }
    Ok((name, vec![], None))
}

fn markup_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let m: &Markup = this(vm, &args, "formatteriterator")?;
    let s = &m.chars;
    let mut pos = m.pos.get();
    let end = s.len();
    if pos >= end {
        return Err(stop(vm));
    }
    let start = pos;
    let mut c = 0u32;
    let mut markup_follows = false;
    while pos < end {
        c = s[pos];
        pos += 1;
        if c == LBRACE || c == RBRACE {
            markup_follows = true;
            break;
        }
    }
    let at_end = pos >= end;
    let mut len = pos - start;
    if c == RBRACE && (at_end || c != s[pos]) {
        m.pos.set(end);
        return Err(vm.value_error("Single '}' encountered in format string"));
    }
    if at_end && c == LBRACE {
        m.pos.set(end);
        return Err(vm.value_error("Single '{' encountered in format string"));
    }
    if !at_end {
        if c == s[pos] {
            pos += 1;
            markup_follows = false;
        } else {
            len -= 1;
        }
    }
    let literal = substr(vm, &s[start..start + len]);
    if !markup_follows {
        m.pos.set(pos);
        return Ok(vm.new_tuple(vec![literal, Value::None, Value::None, Value::None]));
    }
    let r = parse_field(vm, s, &mut pos);
    m.pos.set(pos);
    let (name, spec, conv) = match r {
        Ok(x) => x,
        Err(e) => {
            m.pos.set(end);
            return Err(e);
        }
    };
    let conv = match conv {
        Some(c) => substr(vm, &[c]),
        None => Value::None,
    };
    Ok(vm.new_tuple(vec![literal, substr(vm, &name), substr(vm, &spec), conv]))
}

/// CPython's get_integer: an int for all-decimal-digit text, else the text.
fn int_or_str(vm: &Vm, chars: &[u32]) -> PyResult<Value> {
    if chars.is_empty()
        || !chars
            .iter()
            .all(|&c| (('0' as u32)..=('9' as u32)).contains(&c))
    {
        return Ok(substr(vm, chars));
    }
    let text: String = chars.iter().filter_map(|&c| char::from_u32(c)).collect();
    match text.parse::<i64>() {
        Ok(i) => Ok(Value::Int(i)),
        Err(_) => {
            let _ = BigInt::default();
            Err(vm.value_error("Too many decimal digits in format string"))
        }
    }
}

fn field_name_split(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = one_arg(vm, "formatter_field_name_split", &args)?;
    let chars = str_arg(vm, s, "formatter_field_name_split()")?;
    let mut i = 0;
    while i < chars.len() && chars[i] != '.' as u32 && chars[i] != '[' as u32 {
        i += 1;
    }
    let first = int_or_str(vm, &chars[..i])?;
    let t = TYPES.with(|t| t.borrow().clone());
    let (_, ft) = t.ok_or_else(|| vm.runtime_error("_string is not initialised"))?;
    let it = vm.new_native_object(
        &ft,
        FieldNames {
            chars,
            pos: Cell::new(i),
        },
    );
    Ok(vm.new_tuple(vec![first, Value::Obj(it)]))
}

fn fieldname_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let f: &FieldNames = this(vm, &args, "fieldnameiterator")?;
    let s = &f.chars;
    let mut pos = f.pos.get();
    if pos >= s.len() {
        return Err(stop(vm));
    }
    let c = s[pos];
    pos += 1;
    let (is_attr, name): (bool, Vec<u32>);
    if c == '.' as u32 {
        let start = pos;
        while pos < s.len() && s[pos] != '.' as u32 && s[pos] != '[' as u32 {
            pos += 1;
        }
        is_attr = true;
        name = s[start..pos].to_vec();
    } else if c == '[' as u32 {
        let start = pos;
        while pos < s.len() && s[pos] != ']' as u32 {
            pos += 1;
        }
        if pos >= s.len() {
            f.pos.set(s.len());
            return Err(vm.value_error("Missing ']' in format string"));
        }
        name = s[start..pos].to_vec();
        pos += 1;
        is_attr = false;
    } else {
        f.pos.set(s.len());
        return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
    }
    f.pos.set(pos);
    if name.is_empty() {
        f.pos.set(s.len());
        return Err(vm.value_error("Empty attribute in format string"));
    }
    let key = if is_attr {
        substr(vm, &name)
    } else {
        int_or_str(vm, &name)?
    };
    Ok(vm.new_tuple(vec![Value::Bool(is_attr), key]))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_string");
    let mt = vm.new_native_type("builtins", "formatteriterator", None, false, false);
    vm.add_method(&mt, "__iter__", |_vm, a| Ok(a.args[0].clone()));
    vm.add_method(&mt, "__next__", markup_next);
    let ft = vm.new_native_type("builtins", "fieldnameiterator", None, false, false);
    vm.add_method(&ft, "__iter__", |_vm, a| Ok(a.args[0].clone()));
    vm.add_method(&ft, "__next__", fieldname_next);
    TYPES.with(|t| *t.borrow_mut() = Some((mt, ft)));
    vm.add_module_fn(&m, "formatter_parser", formatter_parser);
    vm.add_module_fn(&m, "formatter_field_name_split", field_name_split);
    Ok(m)
}
