//! Calls of Python functions: binding arguments to a new frame's locals with CPython's
//! errors for bad calls, and running the frame.

use super::*;

/// Call a Python function.
pub fn call_function(vm: &Vm, func: &ObjRef, args: Args) -> PyResult<Value> {
    let f = match func.payload.as_function() {
        Some(f) => f,
        None => return Err(vm.type_error("not a function")),
    };
    let fcode = f.code.get();
    let flags = code_data(&fcode).code.flags;
    let frame = function_frame(func, f, fcode);
    bind_args(vm, f, code_data(&frame.code), &frame.shared.fast, args)?;
    let mut frame = frame;
    if flags & GENERATOR_FLAGS != 0 && starts_with_return_generator(code_data(&frame.code)) {
        return new_generator_of(vm, frame, flags);
    }
    // The frame lives on the Rust stack while it runs; only a generator's frame moves to
    // the heap (when `ReturnGenerator` ran).
    let exit = run_frame_in_place(vm, &mut frame, None, None)?;
    match exit {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        FrameExit::Generator => {
            let mut frame = Box::new(frame);
            frame.lasti = 0;
            Ok(crate::objects::generator::new_generator(
                vm,
                frame,
                generator_kind(flags),
            ))
        }
    }
}

/// A new frame to run `func` (whose data is `f`) with code `fcode`.
#[inline(always)]
fn function_frame(func: &ObjRef, f: &FunctionData, fcode: ObjRef) -> Frame {
    let cd = code_data(&fcode);
    let (nlocals, stacksize) = (cd.nlocalsplus, cd.code.stacksize as usize);
    Frame::new(
        fcode,
        f.globals.clone(),
        f.builtins.clone(),
        Value::Null,
        Some(func.clone()),
        nlocals,
        stacksize,
    )
}

/// The code flags that make a function's call return a generator, coroutine or async
/// generator.
const GENERATOR_FLAGS: u32 =
    code_flags::GENERATOR | code_flags::COROUTINE | code_flags::ASYNC_GENERATOR;

/// The kind of generator a call of code with `flags` makes.
fn generator_kind(flags: u32) -> GenKind {
    if flags & code_flags::COROUTINE != 0 {
        GenKind::Coroutine
    } else if flags & code_flags::ASYNC_GENERATOR != 0 {
        GenKind::AsyncGenerator
    } else {
        GenKind::Generator
    }
}

/// The generator of a call whose frame (arguments bound) would only execute its first
/// instruction, `ReturnGenerator` (no cells to make first): do what that run does,
/// without running it.
fn new_generator_of(vm: &Vm, mut frame: Frame, flags: u32) -> PyResult<Value> {
    crate::signals::check(vm)?;
    vm.enter_recursion("")?;
    vm.leave_recursion();
    crate::gc::maybe_collect(vm);
    frame.pc = 1;
    frame.lasti = 0;
    frame.shared.lasti.set(0);
    Ok(crate::objects::generator::new_generator(
        vm,
        Box::new(frame),
        generator_kind(flags),
    ))
}

/// CALL's way into a Python function: as `call_function`, but the arguments are moved
/// out of the caller's value stack (`args` is left unbound) when they bind one to one to
/// the function's parameters, which spares a count up and down per argument.
pub(super) fn call_function_moving(vm: &Vm, func: &ObjRef, args: &mut [Value]) -> PyResult<Value> {
    let Some(f) = func.payload.as_function() else {
        return call_function(vm, func, Args::new(args));
    };
    let fcode = f.code.get();
    let cd = code_data(&fcode);
    let co = &cd.code;
    const NOT_SIMPLE: u32 = code_flags::VARARGS | code_flags::VARKEYWORDS | GENERATOR_FLAGS;
    if co.argcount as usize != args.len() || co.kwonlyargcount != 0 || co.flags & NOT_SIMPLE != 0 {
        return generator_moving(vm, func, f, fcode, args);
    }
    let starts_with_resume = co
        .instructions
        .first()
        .is_some_and(|i| i.op_byte() == op::RESUME);
    let mut frame = function_frame(func, f, fcode);
    for (s, v) in frame.shared.fast.iter().zip(args.iter_mut()) {
        s.set(std::mem::replace(v, Value::Null));
    }
    // The frame's first instruction, RESUME, does nothing for a function frame run
    // untraced (it marks where a generator has got to): start after it. Traced, it runs,
    // for the events it may report.
    if starts_with_resume && !crate::trace::is_on() {
        frame.pc = 1;
    }
    crate::signals::check(vm)?;
    match enter_and_execute(vm, &mut frame, None, None)? {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        // Not generator code (checked above): it never stops at `ReturnGenerator`.
        FrameExit::Generator => Err(vm.new_exception_msg(
            &vm.exc.system_error,
            "plain function frame returned a generator",
        )),
    }
}

/// `call_function_moving` of anything but a plain function taking exactly its positional
/// arguments: a generator, coroutine or async generator function whose code starts with
/// `ReturnGenerator` and takes exactly its positional arguments gets them moved into its
/// new frame; the rest go through `call_function`.
#[inline(never)]
fn generator_moving(
    vm: &Vm,
    func: &ObjRef,
    f: &FunctionData,
    fcode: ObjRef,
    args: &mut [Value],
) -> PyResult<Value> {
    let cd = code_data(&fcode);
    let co = &cd.code;
    const NOT_SIMPLE: u32 = code_flags::VARARGS | code_flags::VARKEYWORDS;
    if co.argcount as usize != args.len()
        || co.kwonlyargcount != 0
        || co.flags & NOT_SIMPLE != 0
        || co.flags & GENERATOR_FLAGS == 0
        || !starts_with_return_generator(cd)
    {
        return call_function(vm, func, Args::new(args));
    }
    let flags = co.flags;
    let frame = function_frame(func, f, fcode);
    for (s, v) in frame.shared.fast.iter().zip(args.iter_mut()) {
        s.set(std::mem::replace(v, Value::Null));
    }
    new_generator_of(vm, frame, flags)
}

pub(super) fn qualname_of(f: &FunctionData) -> String {
    match f.qualname.get() {
        Value::Obj(o) => pystr::as_rust_str(&o),
        _ => "?".into(),
    }
}

pub(super) fn bind_args(
    vm: &Vm,
    f: &FunctionData,
    cd: &CodeData,
    slots: &[ValueCell<Value>],
    args: Args,
) -> PyResult<()> {
    let co = &cd.code;
    let ct = cd.tables(vm);
    let argcount = co.argcount as usize;
    let posonly = co.posonlyargcount as usize;
    let kwonly = co.kwonlyargcount as usize;
    let has_varargs = co.flags & code_flags::VARARGS != 0;
    let has_varkw = co.flags & code_flags::VARKEYWORDS != 0;
    let pos = args.pos();
    // Fast path: exact positional arguments.
    if args.kwnames.is_empty() && pos.len() == argcount && kwonly == 0 && !has_varargs && !has_varkw
    {
        for (s, v) in slots.iter().zip(pos) {
            s.set(v.clone());
        }
        return Ok(());
    }
    let n = pos.len().min(argcount);
    for (s, v) in slots.iter().zip(&pos[..n]) {
        s.set(v.clone());
    }
    let mut idx = argcount + kwonly;
    if has_varargs {
        slots[idx].set(vm.new_tuple(if pos.len() > argcount {
            pos[argcount..].to_vec()
        } else {
            vec![]
        }));
        idx += 1;
    } else if pos.len() > argcount {
        let defaults = match f.defaults.get() {
            Value::Obj(t) => t.payload.as_tuple().map(|t| t.len()).unwrap_or(0),
            _ => 0,
        };
        let given = pos.len();
        let kwgiven = args.kwnames.len();
        let takes = if defaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argcount - defaults,
                argcount
            )
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let extra = if kwgiven > 0 {
            format!(
                " positional argument{} (and {} keyword-only argument{})",
                if given == 1 { "" } else { "s" },
                kwgiven,
                if kwgiven == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        let name = qualname_of(f);
        return Err(vm.type_error(if kwgiven > 0 {
            format!("{name}() takes {takes} but {given}{extra} were given")
        } else {
            format!(
                "{name}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )
        }));
    }
    let kwdict = if has_varkw {
        let d = vm.new_dict_obj();
        slots[idx].set(Value::Obj(d.clone()));
        Some(d)
    } else {
        None
    };
    let nk = args.kwnames.len();
    let kwvals = &args.args[args.args.len() - nk..];
    let mut posonly_passed_as_kw: Vec<String> = Vec::new();
    for (k, v) in args.kwnames.iter().zip(kwvals) {
        let kname = match k {
            Value::Obj(o) => o.clone(),
            _ => continue,
        };
        let found = keyword_slot(ct, &kname, posonly, argcount + kwonly);
        match found {
            Some(i) => {
                if !slots[i].get().is_null() {
                    return Err(vm.type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        qualname_of(f),
                        pystr::as_rust_str(&kname)
                    )));
                }
                slots[i].set(v.clone());
            }
            None => match &kwdict {
                Some(d) => dict::set(vm, d, k.clone(), v.clone())?,
                None => {
                    let kstr = pystr::as_rust_str(&kname);
                    if co.varnames[..posonly].iter().any(|v| **v == *kstr) {
                        posonly_passed_as_kw.push(kstr);
                        continue;
                    }
                    return Err(vm.type_error(format!(
                        "{}() got an unexpected keyword argument '{kstr}'",
                        qualname_of(f)
                    )));
                }
            },
        }
    }
    if !posonly_passed_as_kw.is_empty() {
        return Err(vm.type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            qualname_of(f),
            posonly_passed_as_kw.join(", ")
        )));
    }
    // Defaults for positional parameters.
    let defaults_obj = f.defaults.get();
    let defaults: &[Value] = match &defaults_obj {
        Value::Obj(t) => t.payload.as_tuple().unwrap_or(&[]),
        _ => &[],
    };
    let first_default = argcount - defaults.len().min(argcount);
    let mut missing: Vec<String> = Vec::new();
    for i in 0..argcount {
        if slots[i].get().is_null() {
            if i >= first_default {
                slots[i].set(defaults[i - first_default].clone());
            } else {
                missing.push(co.varnames[i].to_string());
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(vm, &qualname_of(f), "positional", &missing));
    }
    let kwdefaults = f.kwdefaults.get();
    for (i, slot) in slots
        .iter()
        .enumerate()
        .take(argcount + kwonly)
        .skip(argcount)
    {
        if slot.get().is_null() {
            let d = match &kwdefaults {
                Value::Obj(d) if d.payload.as_dict().is_some() => {
                    dict::get_str(d, &ct.slot_names[i])
                }
                _ => None,
            };
            match d {
                Some(v) => slot.set(v),
                None => missing.push(co.varnames[i].to_string()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(vm, &qualname_of(f), "keyword-only", &missing));
    }
    Ok(())
}

/// The slot in `lo..hi` of the parameter named `name` (a keyword argument): by identity
/// first (names are interned, so this is the usual hit), then by value.
pub(super) fn keyword_slot(ct: &CodeTables, name: &ObjRef, lo: usize, hi: usize) -> Option<usize> {
    let names = ct.slot_names.get(lo..hi)?;
    if let Some(i) = names.iter().position(|s| s.is(name)) {
        return Some(lo + i);
    }
    let key = name.payload.as_str()?;
    names
        .iter()
        .position(|s| {
            s.payload
                .as_str()
                .is_some_and(|s| s.as_bytes() == key.as_bytes())
        })
        .map(|i| lo + i)
}

pub(super) fn missing_error(vm: &Vm, name: &str, kind: &str, missing: &[String]) -> ObjRef {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!(
            "{}, and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    };
    vm.type_error(format!(
        "{name}() missing {} required {kind} argument{}: {list}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" }
    ))
}
