//! The abstract object protocols: attributes and descriptors, calls, truth, hashing,
//! comparison, repr/str, length, iteration, subscription and the number operators.
//!
//! Built-in types dispatch natively (a match on the payload); instances of classes
//! defined in Python go through their dunder methods, found along the MRO.

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::memory::ObjRef;
use crate::object::{BuiltinData, Payload};
use crate::objects::typeobj::{self, flags, lookup, tdata, Layout};
use crate::objects::{dict, float, int, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// How a type implements one operator.
enum OpImpl {
    Native,
    Python(Value),
    Missing,
}

pub const BINOP_NAMES: [(&str, &str, &str, &str); 13] = [
    ("__add__", "__radd__", "__iadd__", "+"),
    ("__and__", "__rand__", "__iand__", "&"),
    ("__floordiv__", "__rfloordiv__", "__ifloordiv__", "//"),
    ("__lshift__", "__rlshift__", "__ilshift__", "<<"),
    ("__matmul__", "__rmatmul__", "__imatmul__", "@"),
    ("__mul__", "__rmul__", "__imul__", "*"),
    ("__mod__", "__rmod__", "__imod__", "%"),
    ("__or__", "__ror__", "__ior__", "|"),
    ("__pow__", "__rpow__", "__ipow__", "**"),
    ("__rshift__", "__rrshift__", "__irshift__", ">>"),
    ("__sub__", "__rsub__", "__isub__", "-"),
    ("__truediv__", "__rtruediv__", "__itruediv__", "/"),
    ("__xor__", "__rxor__", "__ixor__", "^"),
];

pub const CMP_NAMES: [(&str, &str, &str); 6] = [
    ("__lt__", "__gt__", "<"),
    ("__le__", "__ge__", "<="),
    ("__eq__", "__eq__", "=="),
    ("__ne__", "__ne__", "!="),
    ("__gt__", "__lt__", ">"),
    ("__ge__", "__le__", ">="),
];

pub fn binop_from_u32(arg: u32) -> Option<(BinaryOpArg, bool)> {
    use BinaryOpArg::*;
    const ALL: [BinaryOpArg; 13] = [
        Add,
        And,
        FloorDivide,
        Lshift,
        MatrixMultiply,
        Multiply,
        Remainder,
        Or,
        Power,
        Rshift,
        Subtract,
        TrueDivide,
        Xor,
    ];
    if arg < 13 {
        Some((ALL[arg as usize], false))
    } else if arg < 26 {
        Some((ALL[arg as usize - 13], true))
    } else {
        None
    }
}

pub fn cmp_from_u32(arg: u32) -> CompareOpArg {
    use CompareOpArg::*;
    match arg {
        0 => Lt,
        1 => Le,
        2 => Eq,
        3 => Ne,
        4 => Gt,
        _ => Ge,
    }
}

impl Vm {
    // ----- attributes ------------------------------------------------------------------

    /// `getattr(obj, name)`
    pub fn get_attr(&self, obj: &Value, name: &ObjRef) -> PyResult<Value> {
        let ty = self.type_of(obj);
        let td = tdata(ty);
        if td.flags.get() & (flags::HAS_GETATTRIBUTE | flags::HAS_GETATTR) != 0 {
            return self.get_attr_slow(obj, name);
        }
        if let Value::Obj(o) = obj {
            if let Payload::Type(_) = &o.payload {
                return self.type_getattro(o, name);
            }
            match &o.payload {
                Payload::Module(_) => return self.module_getattro(o, name),
                Payload::Super(_) => {
                    return crate::objects::function::super_getattr(self, obj, name);
                }
                Payload::BoundMethod(bm) => {
                    return match self.generic_getattr(obj, name) {
                        Err(e) if self.exc_matches(&e, &self.exc.attribute_error) => {
                            self.get_attr(&bm.0, name)
                        }
                        r => r,
                    };
                }
                _ => {}
            }
        }
        self.generic_getattr(obj, name)
    }

    #[cold]
    fn get_attr_slow(&self, obj: &Value, name: &ObjRef) -> PyResult<Value> {
        let ty = self.type_of(obj).clone();
        let td = tdata(&ty);
        let r = if td.has_flag(flags::HAS_GETATTRIBUTE) {
            match lookup(&ty, &self.names.__getattribute__) {
                Some(ga) => self.call(&ga, Args::new(&[obj.clone(), Value::Obj(name.clone())])),
                None => self.generic_getattr(obj, name),
            }
        } else if let Value::Obj(o) = obj {
            match &o.payload {
                Payload::Type(_) => self.type_getattro(o, name),
                Payload::Module(_) => self.module_getattro(o, name),
                _ => self.generic_getattr(obj, name),
            }
        } else {
            self.generic_getattr(obj, name)
        };
        let r = match r {
            Err(e)
                if td.has_flag(flags::HAS_GETATTR)
                    && self.exc_matches(&e, &self.exc.attribute_error) =>
            {
                match lookup(&ty, &self.names.__getattr__) {
                    Some(ga) => self.call(&ga, Args::new(&[obj.clone(), Value::Obj(name.clone())])),
                    None => Err(e),
                }
            }
            r => r,
        };
        // As CPython's set_attribute_error_context: an AttributeError raised by Python
        // code without a name or object gets them (for "Did you mean" suggestions).
        if let Err(e) = &r {
            if self.exc_matches(e, &self.exc.attribute_error) {
                let unset = |k: &str| {
                    self.get_exc_attr(e, &self.intern(k))
                        .is_none_or(|v| v.is_none())
                };
                if unset("name") && unset("obj") {
                    self.set_exc_attr(e, &self.intern("name"), Value::Obj(name.clone()));
                    self.set_exc_attr(e, &self.intern("obj"), obj.clone());
                }
            }
        }
        r
    }

    /// `object.__getattribute__`: data descriptors, then the instance dict, then
    /// non-data descriptors and class attributes.
    pub fn generic_getattr(&self, obj: &Value, name: &ObjRef) -> PyResult<Value> {
        let ty = self.type_of(obj);
        let descr = lookup(ty, name);
        if let Some(d) = &descr {
            // A data descriptor wins over the instance dict only when it has `__get__`.
            if self.is_data_descriptor(d) && self.descriptor_has_get(d) {
                return self.descr_get(d, Some(obj), ty);
            }
        }
        if let Value::Obj(o) = obj {
            if let Some(dict) = o.dict_for_read() {
                if let Some(v) = dict::get_str(&dict, name) {
                    return Ok(v);
                }
            }
        }
        if let Some(d) = descr {
            return self.descr_get(&d, Some(obj), ty);
        }
        // Built-in types whose instances carry a dict answer `__dict__` with it.
        if name.is(&self.names.__dict__) {
            if let Value::Obj(o) = obj {
                if o.dict().is_some() {
                    return crate::objects::object::instance_dict_attr(self, obj);
                }
            }
        }
        Err(self.no_attribute(obj, name))
    }

    #[cold]
    pub fn no_attribute(&self, obj: &Value, name: &ObjRef) -> ObjRef {
        let msg = format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            pystr::as_rust_str(name)
        );
        self.attribute_error(obj, name, msg)
    }

    fn type_getattro(&self, ty: &ObjRef, name: &ObjRef) -> PyResult<Value> {
        let meta = ty.class();
        let meta_attr = lookup(meta, name);
        if let Some(m) = &meta_attr {
            // A data descriptor without __get__ lets the class's own attribute through
            // (CPython's type_getattro calls only a tp_descr_get it finds).
            if self.is_data_descriptor(m) && self.descriptor_has_get(m) {
                return self.descr_get(m, Some(&Value::Obj(ty.clone())), meta);
            }
        }
        if let Some(a) = lookup(ty, name) {
            return self.descr_get(&a, None, ty);
        }
        if let Some(m) = meta_attr {
            return self.descr_get(&m, Some(&Value::Obj(ty.clone())), meta);
        }
        let obj = Value::Obj(ty.clone());
        Err(self.attribute_error(
            &obj,
            name,
            format!(
                "type object '{}' has no attribute '{}'",
                tdata(ty).name(),
                pystr::as_rust_str(name)
            ),
        ))
    }

    fn module_getattro(&self, m: &ObjRef, name: &ObjRef) -> PyResult<Value> {
        let obj = Value::Obj(m.clone());
        match self.generic_getattr(&obj, name) {
            Ok(v) => Ok(v),
            Err(e) if self.exc_matches(&e, &self.exc.attribute_error) => {
                let d = m.dict();
                if let Some(d) = &d {
                    if let Some(ga) = dict::get_str(d, &self.names.__getattr__) {
                        return self.call(&ga, Args::new(&[Value::Obj(name.clone())]));
                    }
                }
                let mname = d
                    .as_ref()
                    .and_then(|d| dict::get_str(d, &self.names.__name__))
                    .and_then(|n| n.as_obj().map(pystr::as_rust_str));
                let msg = match mname {
                    Some(mn)
                        if crate::import::module_initializing(
                            self,
                            &mn,
                            d.as_ref()
                                .and_then(|d| dict::get_str(d, &self.names.__spec__)),
                        ) =>
                    {
                        let name = pystr::as_rust_str(name);
                        format!(
                            "partially initialized module '{mn}' has no attribute '{name}' \
                             (most likely due to a circular import)"
                        )
                    }
                    Some(mn) => format!(
                        "module '{mn}' has no attribute '{}'",
                        pystr::as_rust_str(name)
                    ),
                    None => format!("module has no attribute '{}'", pystr::as_rust_str(name)),
                };
                Err(self.attribute_error(&obj, name, msg))
            }
            Err(e) => Err(e),
        }
    }

    /// `getattr(obj, name, None)`-like: `Ok(None)` when the attribute is missing.
    pub fn get_attr_opt(&self, obj: &Value, name: &ObjRef) -> PyResult<Option<Value>> {
        match self.get_attr(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_matches(&e, &self.exc.attribute_error) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn get_attr_str(&self, obj: &Value, name: &str) -> PyResult<Value> {
        self.get_attr(obj, &self.intern(name))
    }

    pub fn is_data_descriptor(&self, d: &Value) -> bool {
        match d {
            Value::Obj(o) => match &o.payload {
                Payload::GetSet(_) | Payload::Property(_) | Payload::Member(_) => true,
                Payload::Function(_)
                | Payload::MethodDescr(_)
                | Payload::Builtin(_)
                | Payload::Type(_) => false,
                _ => tdata(o.class()).has_flag(flags::HAS_SET),
            },
            _ => false,
        }
    }

    /// Whether the descriptor `d` has a `__get__` (built-in data descriptors all do).
    fn descriptor_has_get(&self, d: &Value) -> bool {
        match d {
            Value::Obj(o) => match &o.payload {
                Payload::GetSet(_) | Payload::Property(_) | Payload::Member(_) => true,
                _ => tdata(o.class()).has_flag(flags::HAS_GET),
            },
            _ => false,
        }
    }

    /// Apply the descriptor protocol: `d.__get__(obj, ty)`, obj None for class access.
    pub fn descr_get(&self, d: &Value, obj: Option<&Value>, ty: &ObjRef) -> PyResult<Value> {
        let o = match d {
            Value::Obj(o) => o,
            _ => return Ok(d.clone()),
        };
        match &o.payload {
            Payload::Function(_) => match obj {
                Some(inst) => Ok(self.new_bound_method(d.clone(), inst.clone())),
                None => Ok(d.clone()),
            },
            Payload::MethodDescr(m) => match obj {
                Some(inst) => {
                    if !self.isinstance(inst, &m.owner) {
                        return Err(self.type_error(format!(
                            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                            m.name,
                            tdata(&m.owner).name(),
                            self.type_name(inst)
                        )));
                    }
                    if crate::objects::slot_wrapper::is_wrapper_descr(self, o) {
                        return Ok(crate::objects::slot_wrapper::bind(self, m, inst.clone()));
                    }
                    Ok(self.bind_native(m.name, m.func, inst.clone()))
                }
                None => Ok(d.clone()),
            },
            Payload::ClassMethodDescr(m) => {
                Ok(self.bind_native(m.name, m.func, Value::Obj(ty.clone())))
            }
            Payload::GetSet(g) => match obj {
                Some(inst) => (g.get)(self, inst),
                None => Ok(d.clone()),
            },
            Payload::Member(m) => match obj {
                Some(inst) => crate::objects::object::member_get(self, m, inst),
                None => Ok(d.clone()),
            },
            Payload::Property(p) => match obj {
                Some(inst) => {
                    if p.fget.is_none() || p.fget.is_null() {
                        let msg = self.property_error(&p.name.get(), inst, "getter")?;
                        return Err(self.new_exception_msg(&self.exc.attribute_error, msg));
                    }
                    self.call(&p.fget, Args::new(std::slice::from_ref(inst)))
                }
                None => Ok(d.clone()),
            },
            Payload::ClassMethod(f) => {
                let f = f.get();
                let owner = match obj {
                    Some(_) | None => Value::Obj(ty.clone()),
                };
                Ok(self.new_bound_method(f, owner))
            }
            Payload::StaticMethod(f) => Ok(f.get()),
            Payload::Builtin(_) | Payload::Type(_) => Ok(d.clone()),
            _ => {
                let dt = o.class();
                if tdata(dt).has_flag(flags::HAS_GET) {
                    if let Some(get) = lookup(dt, &self.names.__get__) {
                        let inst = obj.cloned().unwrap_or(Value::None);
                        return self
                            .call(&get, Args::new(&[d.clone(), inst, Value::Obj(ty.clone())]));
                    }
                }
                Ok(d.clone())
            }
        }
    }

    /// CPython 3.11's message for a property without the needed function.
    pub(crate) fn property_error(&self, name: &Value, obj: &Value, what: &str) -> PyResult<String> {
        let qual = tdata(self.type_of(obj)).qualname.borrow().clone();
        Ok(if name.is_none() {
            format!("property of '{qual}' object has no {what}")
        } else {
            format!(
                "property {} of '{qual}' object has no {what}",
                self.repr_string(name)?
            )
        })
    }

    pub fn new_bound_method(&self, func: Value, self_: Value) -> Value {
        Value::Obj(ObjRef::new(
            &self.types.method,
            Payload::BoundMethod((func, self_)),
        ))
    }

    pub fn bind_native(
        &self,
        name: &'static str,
        func: crate::object::NativeFn,
        self_: Value,
    ) -> Value {
        Value::Obj(ObjRef::new(
            &self.types.builtin_function,
            Payload::Builtin(BuiltinData {
                name,
                func,
                self_,
                doc: None,
                new_of: None,
            }),
        ))
    }

    /// `setattr(obj, name, value)`
    pub fn set_attr(&self, obj: &Value, name: &ObjRef, value: Value) -> PyResult<()> {
        let ty = self.type_of(obj);
        if tdata(ty).has_flag(flags::HAS_SETATTR) {
            if let Some(sa) = lookup(ty, &self.names.__setattr__) {
                self.call(
                    &sa,
                    Args::new(&[obj.clone(), Value::Obj(name.clone()), value]),
                )?;
                return Ok(());
            }
        }
        self.generic_setattr(obj, name, Some(value))
    }

    pub fn del_attr(&self, obj: &Value, name: &ObjRef) -> PyResult<()> {
        let ty = self.type_of(obj);
        if tdata(ty).has_flag(flags::HAS_SETATTR) {
            if let Some(da) = lookup(ty, &self.names.__delattr__) {
                self.call(&da, Args::new(&[obj.clone(), Value::Obj(name.clone())]))?;
                return Ok(());
            }
        }
        self.generic_setattr(obj, name, None)
    }

    /// `object.__setattr__` / `object.__delattr__` (value None).
    pub fn generic_setattr(
        &self,
        obj: &Value,
        name: &ObjRef,
        mut value: Option<Value>,
    ) -> PyResult<()> {
        if let Value::Obj(o) = obj {
            if let Payload::Type(td) = &o.payload {
                return self.type_setattro(o, td, name, value);
            }
        }
        let ty = self.type_of(obj);
        if let Some(d) = lookup(ty, name) {
            value = match self.set_through_data_descriptor(&d, obj, value) {
                Ok(r) => return r,
                Err(v) => v,
            };
        }
        if let Value::Obj(o) = obj {
            if value.is_some() {
                crate::objects::function::ensure_function_dict(self, o);
            }
            if let Some(dict) = o.dict() {
                match value {
                    Some(v) => dict::set_str(&dict, name, v),
                    None => {
                        if dict::remove_str(&dict, name).is_none() {
                            return Err(self.no_attribute(obj, name));
                        }
                    }
                }
                return Ok(());
            }
        }
        if lookup(ty, name).is_some() {
            return Err(self.attribute_error(
                obj,
                name,
                format!(
                    "'{}' object attribute '{}' is read-only",
                    self.type_name(obj),
                    pystr::as_rust_str(name)
                ),
            ));
        }
        Err(self.no_attribute(obj, name))
    }

    /// Set (or delete, `value` None) an attribute of `obj` through `d`, what the
    /// attribute's name finds on `obj`'s type, when `d` is a data descriptor (a slot
    /// member, a getset, a property, or an object whose type has `__set__` or
    /// `__delete__`). `Err(value)`: `d` is not one (the value is handed back, for the
    /// instance's dict).
    fn set_through_data_descriptor(
        &self,
        d: &Value,
        obj: &Value,
        value: Option<Value>,
    ) -> Result<PyResult<()>, Option<Value>> {
        let Value::Obj(dobj) = d else {
            return Err(value);
        };
        let r = match &dobj.payload {
            Payload::Member(m) => crate::objects::object::member_set(self, m, obj, value),
            Payload::GetSet(g) => self.getset_store(g, obj, value),
            Payload::Property(p) => self.property_store(p, obj, value),
            _ if tdata(dobj.class()).has_flag(flags::HAS_SET) => {
                let dt = dobj.class();
                match value {
                    Some(v) => match lookup(dt, &self.names.__set__) {
                        Some(set) => self
                            .call(&set, Args::new(&[d.clone(), obj.clone(), v]))
                            .map(|_| ()),
                        None => Err(self.new_exception_msg(&self.exc.attribute_error, "__set__")),
                    },
                    None => match lookup(dt, &self.names.__delete__) {
                        Some(del) => self
                            .call(&del, Args::new(&[d.clone(), obj.clone()]))
                            .map(|_| ()),
                        None => {
                            Err(self.new_exception_msg(&self.exc.attribute_error, "__delete__"))
                        }
                    },
                }
            }
            _ => return Err(value),
        };
        Ok(r)
    }

    /// Set (or delete, `value` None) `obj`'s attribute through the getset descriptor `g`:
    /// its setter, or CPython's error when it has none.
    #[inline(never)]
    pub(crate) fn getset_store(
        &self,
        g: &crate::object::GetSetData,
        obj: &Value,
        value: Option<Value>,
    ) -> PyResult<()> {
        match g.set {
            Some(set) => set(self, obj, value),
            None => Err(self.new_exception_msg(
                &self.exc.attribute_error,
                format!(
                    "attribute '{}' of '{}' objects is not writable",
                    g.name,
                    tdata(&g.owner).name()
                ),
            )),
        }
    }

    /// Set (or delete, `value` None) `obj`'s attribute through the property `p`: its
    /// setter (deleter), or CPython 3.11's error when it has none.
    #[inline(never)]
    pub(crate) fn property_store(
        &self,
        p: &crate::object::PropertyData,
        obj: &Value,
        value: Option<Value>,
    ) -> PyResult<()> {
        let (f, what) = if value.is_some() {
            (&p.fset, "setter")
        } else {
            (&p.fdel, "deleter")
        };
        if f.is_none() || f.is_null() {
            let msg = self.property_error(&p.name.get(), obj, what)?;
            return Err(self.new_exception_msg(&self.exc.attribute_error, msg));
        }
        match value {
            Some(v) => self.call(f, Args::new(&[obj.clone(), v])),
            None => self.call(f, Args::new(std::slice::from_ref(obj))),
        }
        .map(|_| ())
    }

    fn type_setattro(
        &self,
        ty: &ObjRef,
        td: &typeobj::TypeData,
        name: &ObjRef,
        mut value: Option<Value>,
    ) -> PyResult<()> {
        // Data descriptors on the metaclass (type's __name__, __bases__, __mro__..., a
        // metaclass's properties) take the assignment.
        if let Some(d) = lookup(ty.class(), name) {
            // CPython's read-only members of type (getsets here).
            const MEMBERS: [&str; 3] = ["__base__", "__mro__", "__flags__"];
            if matches!(&d, Value::Obj(o) if matches!(o.payload, Payload::GetSet(_)))
                && MEMBERS.contains(&pystr::as_rust_str(name).as_str())
            {
                return Err(self.new_exception_msg(&self.exc.attribute_error, "readonly attribute"));
            }
            value = match self.set_through_data_descriptor(&d, &Value::Obj(ty.clone()), value) {
                Ok(r) => return r,
                Err(v) => v,
            };
        }
        if !td.is_heap() {
            return Err(self.type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                pystr::as_rust_str(name),
                td.name()
            )));
        }
        match value {
            Some(v) => {
                dict::set_str_in(&td.dict, name, v);
            }
            None => {
                if dict::remove_str_in(&td.dict, name).is_none() {
                    return Err(self.attribute_error(
                        &Value::Obj(ty.clone()),
                        name,
                        format!(
                            "type object '{}' has no attribute '{}'",
                            td.name(),
                            pystr::as_rust_str(name)
                        ),
                    ));
                }
            }
        }
        crate::objects::object::type_modified(self, ty);
        Ok(())
    }

    /// A dunder looked up on the type only (special method lookup).
    #[inline]
    pub fn lookup_special(&self, obj: &Value, name: &ObjRef) -> Option<Value> {
        lookup(self.type_of(obj), name)
    }

    /// Call the special method `name` of `obj` with `args`; `Ok(None)` when it has none.
    pub fn call_special(
        &self,
        obj: &Value,
        name: &ObjRef,
        args: &[Value],
    ) -> PyResult<Option<Value>> {
        let ty = self.type_of(obj);
        let f = match lookup(ty, name) {
            Some(f) => f,
            None => return Ok(None),
        };
        Ok(Some(self.call_unbound(&f, obj, ty, args)?))
    }

    /// Call a function found on a type as a method of `obj`.
    pub fn call_unbound(
        &self,
        f: &Value,
        obj: &Value,
        ty: &ObjRef,
        args: &[Value],
    ) -> PyResult<Value> {
        if let Value::Obj(fo) = f {
            match &fo.payload {
                Payload::Function(_) | Payload::MethodDescr(_) => {
                    let mut v = Vec::with_capacity(args.len() + 1);
                    v.push(obj.clone());
                    v.extend_from_slice(args);
                    return self.call(f, Args::new(&v));
                }
                _ => {}
            }
        }
        let bound = self.descr_get(f, Some(obj), ty)?;
        self.call(&bound, Args::new(args))
    }

    /// `obj.name(*args)`
    pub fn call_method(&self, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
        let m = self.get_attr(obj, &self.intern(name))?;
        self.call(&m, Args::new(args))
    }

    // ----- calls -----------------------------------------------------------------------

    pub fn call(&self, f: &Value, args: Args) -> PyResult<Value> {
        let o = match f {
            Value::Obj(o) => o,
            _ => return Err(self.not_callable(f)),
        };
        match &o.payload {
            Payload::Function(_) => crate::eval::call_function(self, o, args),
            Payload::Builtin(b) => {
                if let Some(owner) = &b.new_of {
                    crate::objects::typeobj::check_new_arg(self, owner, o, args.pos().first())?;
                }
                if b.self_.is_null() {
                    (b.func)(self, args)
                } else {
                    let mut v = Vec::with_capacity(args.args.len() + 1);
                    v.push(b.self_.clone());
                    v.extend_from_slice(args.args);
                    (b.func)(self, Args::with_kw(&v, args.kwnames))
                }
            }
            Payload::MethodDescr(m) => {
                match args.pos().first() {
                    Some(s) if self.isinstance(s, &m.owner) => {}
                    got if crate::objects::slot_wrapper::is_wrapper_descr(self, o) => {
                        return Err(crate::objects::slot_wrapper::self_error(self, m, got));
                    }
                    Some(s) => {
                        return Err(self.type_error(format!(
                            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                            m.name,
                            tdata(&m.owner).name(),
                            self.type_name(s)
                        )))
                    }
                    None => {
                        return Err(self.type_error(format!(
                            "unbound method {}.{}() needs an argument",
                            tdata(&m.owner).name(),
                            m.name
                        )))
                    }
                }
                (m.func)(self, args)
            }
            Payload::BoundMethod(bm) => {
                let mut v = Vec::with_capacity(args.args.len() + 1);
                v.push(bm.1.clone());
                v.extend_from_slice(args.args);
                self.call(&bm.0, Args::with_kw(&v, args.kwnames))
            }
            Payload::Type(_) => crate::objects::object::type_call(self, o, args),
            _ => {
                let ty = o.class();
                match lookup(ty, &self.names.__call__) {
                    Some(c) => {
                        let mut v = Vec::with_capacity(args.args.len() + 1);
                        v.push(f.clone());
                        v.extend_from_slice(args.args);
                        // __call__ may itself be an instance with __call__: count the
                        // depth so that such a chain ends in RecursionError.
                        self.enter_recursion(" while calling a Python object")?;
                        let r = self.call(&c, Args::with_kw(&v, args.kwnames));
                        self.leave_recursion();
                        r
                    }
                    None => Err(self.not_callable(f)),
                }
            }
        }
    }

    #[cold]
    fn not_callable(&self, f: &Value) -> ObjRef {
        self.type_error(format!("'{}' object is not callable", self.type_name(f)))
    }

    pub fn call0(&self, f: &Value) -> PyResult<Value> {
        self.call(f, Args::new(&[]))
    }
    pub fn call1(&self, f: &Value, a: Value) -> PyResult<Value> {
        self.call(f, Args::new(&[a]))
    }

    pub fn is_callable(&self, v: &Value) -> bool {
        match v {
            Value::Obj(o) => match &o.payload {
                Payload::Function(_)
                | Payload::Builtin(_)
                | Payload::MethodDescr(_)
                | Payload::BoundMethod(_)
                | Payload::Type(_) => true,
                _ => lookup(o.class(), &self.names.__call__).is_some(),
            },
            _ => false,
        }
    }

    // ----- truth, hash, repr, str ------------------------------------------------------

    #[inline]
    pub fn is_true(&self, v: &Value) -> PyResult<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::None => Ok(false),
            Value::Int(i) => Ok(*i != 0),
            Value::Float(f) => Ok(*f != 0.0),
            Value::Null => Ok(false),
            Value::Obj(o) => self.obj_is_true(v, o),
        }
    }

    fn obj_is_true(&self, v: &Value, o: &ObjRef) -> PyResult<bool> {
        if !tdata(o.class()).is_heap() {
            match &o.payload {
                Payload::Str(s) => return Ok(s.char_len() > 0),
                Payload::List(l) => return Ok(!l.borrow().is_empty()),
                Payload::Tuple(t) => return Ok(!t.is_empty()),
                Payload::Dict(d) => return Ok(!d.borrow().is_empty()),
                Payload::Set(s) => return Ok(!s.borrow().is_empty()),
                Payload::Int(i) => return Ok(!num_traits::Zero::is_zero(i)),
                Payload::Bytes(b) => return Ok(!b.is_empty()),
                Payload::Range(r) => return Ok(!crate::objects::range::is_empty(r)),
                Payload::Float(f) => return Ok(*f != 0.0),
                Payload::Complex(a, b) => return Ok(*a != 0.0 || *b != 0.0),
                Payload::ByteArray(b) => return Ok(!b.borrow().is_empty()),
                Payload::DictView(dv) => return Ok(!dict::table(&dv.0).borrow().is_empty()),
                Payload::MappingProxy(_) => {
                    let t = crate::objects::mapping::proxy_mapping(self, v)?;
                    return self.is_true(&t);
                }
                // Natively defined types answer through their `__bool__`/`__len__`.
                Payload::Native(_) => {}
                Payload::NotImplemented => return self.not_implemented_bool(),
                _ => return Ok(true),
            }
        }
        if let Some(r) = self.call_special(v, &self.names.__bool__, &[])? {
            return match r {
                Value::Bool(b) => Ok(b),
                _ => Err(self.type_error(format!(
                    "__bool__ should return bool, returned {}",
                    self.type_name(&r)
                ))),
            };
        }
        if let Some(r) = self.call_special(v, &self.names.__len__, &[])? {
            let n = self.len_result(r)?;
            return Ok(n > 0);
        }
        Ok(true)
    }

    /// `bool(NotImplemented)`: true, with CPython 3.9+'s DeprecationWarning.
    #[cold]
    pub fn not_implemented_bool(&self) -> PyResult<bool> {
        crate::objects::int::warn(
            self,
            &self.exc.deprecation_warning,
            "NotImplemented should not be used in a boolean context",
        )?;
        Ok(true)
    }

    #[inline]
    pub fn hash(&self, v: &Value) -> PyResult<i64> {
        // Machine ints and exact strs inline (the dict and set keys); the rest out of line.
        match v {
            Value::Int(i) => Ok(int::hash_i64(*i)),
            Value::Obj(o) => match &o.payload {
                Payload::Str(s) if !tdata(o.class()).is_heap() => Ok(s.hash()),
                _ => self.hash_other(v),
            },
            _ => self.hash_other(v),
        }
    }

    /// `hash(v)` for the values `hash` does not answer inline.
    #[inline(never)]
    fn hash_other(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(int::hash_i64(*i)),
            Value::Bool(b) => Ok(*b as i64),
            Value::Float(f) => Ok(float::hash_float(*f, v)),
            Value::None => Ok(0xFCA86420_i64 >> 4),
            Value::Null => Ok(0),
            Value::Obj(o) => {
                if let Payload::Str(s) = &o.payload {
                    if !tdata(o.class()).is_heap() {
                        return Ok(s.hash());
                    }
                }
                self.obj_hash(v, o)
            }
        }
    }

    fn obj_hash(&self, v: &Value, o: &ObjRef) -> PyResult<i64> {
        let ty = o.class();
        if !tdata(ty).is_heap() && !tdata(ty).has_flag(flags::NATIVE_MODULE) {
            return crate::objects::object::native_hash(self, v, o);
        }
        match lookup(ty, &self.names.__hash__) {
            Some(Value::None) | None => Err(self.unhashable(v)),
            Some(h) => {
                if let Value::Obj(ho) = &h {
                    if is_builtin_layout_descr(ho) {
                        return crate::objects::object::native_hash(self, v, o);
                    }
                }
                let r = self.call_unbound(&h, v, ty, &[])?;
                match r {
                    Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                    Value::Bool(b) => Ok(b as i64),
                    // An int subclass is hashed as an int (CPython's PyLong_Type.tp_hash),
                    // not through its own __hash__ again.
                    Value::Obj(ro) => match &ro.payload {
                        Payload::Int(i) => Ok(int::hash_big(i)),
                        _ => Err(self.type_error("__hash__ method should return an integer")),
                    },
                    _ => Err(self.type_error("__hash__ method should return an integer")),
                }
            }
        }
    }

    #[cold]
    pub fn unhashable(&self, v: &Value) -> ObjRef {
        self.type_error(format!("unhashable type: '{}'", self.type_name(v)))
    }

    /// `repr(v)` as a str object.
    pub fn repr(&self, v: &Value) -> PyResult<ObjRef> {
        match v {
            Value::None => return Ok(self.intern("None")),
            Value::Bool(true) => return Ok(self.intern("True")),
            Value::Bool(false) => return Ok(self.intern("False")),
            Value::Int(i) => return Ok(int::decimal_str_obj(self, *i)),
            Value::Float(f) => return Ok(self.new_str_obj(float::repr(*f))),
            Value::Null => return Ok(self.intern("<NULL>")),
            Value::Obj(o) => {
                if let (Some(s), true) = (o.payload.as_str(), o.class().is(&self.types.str_)) {
                    return Ok(pystr::repr_obj(self, s));
                }
            }
        }
        let ty = self.type_of(v);
        let f = lookup(ty, &self.names.__repr__);
        self.enter_recursion(" while getting the repr of an object")?;
        let r = match f {
            Some(f) => self.call_unbound(&f, v, ty, &[]),
            None => Ok(self.new_str(format!("<{} object>", tdata(ty).name()))),
        };
        self.leave_recursion();
        let r = r?;
        match r {
            Value::Obj(o) if o.payload.as_str().is_some() => Ok(o),
            _ => Err(self.type_error(format!(
                "__repr__ returned non-string (type {})",
                self.type_name(&r)
            ))),
        }
    }

    pub fn repr_string(&self, v: &Value) -> PyResult<String> {
        Ok(pystr::as_rust_str(&self.repr(v)?))
    }

    /// `str(v)` as a str object.
    pub fn str(&self, v: &Value) -> PyResult<ObjRef> {
        if let Value::Obj(o) = v {
            if o.class().is(&self.types.str_) {
                return Ok(o.clone());
            }
        } else {
            return self.repr(v);
        }
        let ty = self.type_of(v);
        let f = lookup(ty, &self.names.__str__);
        let r = match f {
            Some(f) => {
                self.enter_recursion(" while getting the str of an object")?;
                let r = self.call_unbound(&f, v, ty, &[]);
                self.leave_recursion();
                r?
            }
            None => return self.repr(v),
        };
        match r {
            Value::Obj(o) if o.payload.as_str().is_some() => Ok(o),
            _ => Err(self.type_error(format!(
                "__str__ returned non-string (type {})",
                self.type_name(&r)
            ))),
        }
    }

    pub fn str_string(&self, v: &Value) -> PyResult<String> {
        Ok(pystr::as_rust_str(&self.str(v)?))
    }

    // ----- comparison ------------------------------------------------------------------

    /// `a == b` as a bool (identity implies equality, as CPython's containers assume).
    pub fn eq(&self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) {
            return Ok(true);
        }
        if let Some(r) = fast_compare(a, b, CompareOpArg::Eq) {
            return Ok(r);
        }
        let r = self.rich_compare(a, b, CompareOpArg::Eq)?;
        self.is_true(&r)
    }

    pub fn compare_bool(&self, a: &Value, b: &Value, op: CompareOpArg) -> PyResult<bool> {
        if let Some(r) = fast_compare(a, b, op) {
            return Ok(r);
        }
        let r = self.rich_compare(a, b, op)?;
        self.is_true(&r)
    }

    pub fn rich_compare(&self, a: &Value, b: &Value, op: CompareOpArg) -> PyResult<Value> {
        if let Some(r) = fast_compare(a, b, op) {
            return Ok(Value::Bool(r));
        }
        self.enter_recursion(" in comparison")?;
        let r = self.rich_compare_slow(a, b, op);
        self.leave_recursion();
        r
    }

    fn rich_compare_slow(&self, a: &Value, b: &Value, op: CompareOpArg) -> PyResult<Value> {
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let (name, rname, sym) = CMP_NAMES[op as usize];
        let name = self.intern(name);
        let rname = self.intern(rname);
        let mut checked_reverse = false;
        if !ta.is(tb) && typeobj::is_subtype(tb, ta) {
            if let OpImpl::Python(f) = self.cmp_impl(tb, &rname) {
                checked_reverse = true;
                let r = self.call_unbound(&f, b, tb, std::slice::from_ref(a))?;
                if !self.is_not_implemented(&r) {
                    return Ok(r);
                }
            }
        }
        let r = match self.cmp_impl(ta, &name) {
            OpImpl::Native if op == CompareOpArg::Ne && self.inherits_object_ne(ta) => {
                self.ne_from_eq(ta, a, b)?
            }
            OpImpl::Native => crate::objects::object::native_compare(self, a, b, op)?,
            OpImpl::Python(f) => self.call_unbound(&f, a, ta, std::slice::from_ref(b))?,
            OpImpl::Missing => self.not_implemented(),
        };
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        if !checked_reverse {
            let r = match self.cmp_impl(tb, &rname) {
                OpImpl::Native if op == CompareOpArg::Ne && self.inherits_object_ne(tb) => {
                    self.ne_from_eq(tb, b, a)?
                }
                OpImpl::Native => crate::objects::object::native_compare(self, b, a, swap_cmp(op))?,
                OpImpl::Python(f) => self.call_unbound(&f, b, tb, std::slice::from_ref(a))?,
                OpImpl::Missing => self.not_implemented(),
            };
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        match op {
            CompareOpArg::Eq => Ok(Value::Bool(a.is(b))),
            CompareOpArg::Ne => Ok(Value::Bool(!a.is(b))),
            _ => Err(self.type_error(format!(
                "'{sym}' not supported between instances of '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            ))),
        }
    }

    /// Whether `ty`'s `__ne__` is `object.__ne__` while some class in its MRO defines its own
    /// `__eq__` in Python: then `!=` is the negation of that `__eq__`, as object's slot does.
    fn inherits_object_ne(&self, ty: &ObjRef) -> bool {
        let ne = self.intern("__ne__");
        match (lookup(ty, &ne), lookup(&self.types.object, &ne)) {
            (Some(found), Some(base)) if found.is(&base) => {
                matches!(self.cmp_impl(ty, &self.names.__eq__), OpImpl::Python(_))
            }
            _ => false,
        }
    }

    /// `object.__ne__(a, b)`: call the type's Python `__eq__` and invert its answer, passing
    /// NotImplemented through.
    fn ne_from_eq(&self, ty: &ObjRef, a: &Value, b: &Value) -> PyResult<Value> {
        let OpImpl::Python(eq) = self.cmp_impl(ty, &self.names.__eq__) else {
            return Ok(self.not_implemented());
        };
        let r = self.call_unbound(&eq, a, ty, std::slice::from_ref(b))?;
        if self.is_not_implemented(&r) {
            return Ok(r);
        }
        Ok(Value::Bool(!self.is_true(&r)?))
    }

    fn cmp_impl(&self, ty: &ObjRef, name: &ObjRef) -> OpImpl {
        match lookup(ty, name) {
            None => OpImpl::Missing,
            Some(Value::Obj(f)) if is_builtin_layout_descr(&f) => OpImpl::Native,
            Some(f) => OpImpl::Python(f),
        }
    }

    // ----- length, items, iteration ----------------------------------------------------

    pub fn len(&self, v: &Value) -> PyResult<usize> {
        if let Value::Obj(o) = v {
            if !tdata(o.class()).is_heap() {
                if let Some(n) = native_len(o) {
                    return Ok(n);
                }
            }
        }
        match self.call_special(v, &self.names.__len__, &[])? {
            Some(r) => self.len_result(r),
            None => Err(self.type_error(format!(
                "object of type '{}' has no len()",
                self.type_name(v)
            ))),
        }
    }

    fn len_result(&self, r: Value) -> PyResult<usize> {
        let n = match &r {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            _ => {
                if !self.isinstance(&r, &self.types.int) {
                    return Err(self.type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        self.type_name(&r)
                    )));
                }
                // A big negative length is refused as negative, as CPython checks the
                // sign first.
                if crate::objects::int::as_bigint(&r)
                    .is_some_and(|b| num_traits::Signed::is_negative(&b))
                {
                    return Err(self.value_error("__len__() should return >= 0"));
                }
                return Err(self.overflow_error("cannot fit 'int' into an index-sized integer"));
            }
        };
        if n < 0 {
            return Err(self.value_error("__len__() should return >= 0"));
        }
        Ok(n as usize)
    }

    pub fn getitem(&self, container: &Value, key: &Value) -> PyResult<Value> {
        // A machine int in an exact dict first (no type flags read, the probe specialised).
        if let (Value::Obj(o), Value::Int(i)) = (container, key) {
            if matches!(o.payload, Payload::Dict(_)) && o.class().is(&self.types.dict) {
                return match dict::get_int(self, o, *i)? {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(key.clone())),
                };
            }
        }
        if let Value::Obj(o) = container {
            if !tdata(o.class()).is_heap() {
                // Exact dicts, lists and tuples answered here (no Option round trip).
                match &o.payload {
                    Payload::Dict(_) if o.class().is(&self.types.dict) => {
                        return match dict::get(self, o, key)? {
                            Some(v) => Ok(v),
                            None => Err(self.key_error(key.clone())),
                        };
                    }
                    Payload::List(_) | Payload::Tuple(_) => {
                        return crate::objects::seq::seq_getitem(self, o, key);
                    }
                    _ => {}
                }
                if let Some(r) = crate::objects::object::native_getitem(self, o, key) {
                    return r;
                }
            }
        }
        if let Some(r) = self.call_special(
            container,
            &self.names.__getitem__,
            std::slice::from_ref(key),
        )? {
            return Ok(r);
        }
        if let Value::Obj(o) = container {
            if o.payload.as_type().is_some() {
                if let Some(cg) = self.get_attr_opt(container, &self.names.__class_getitem__)? {
                    return self.call1(&cg, key.clone());
                }
                return Err(
                    self.type_error(format!("type '{}' is not subscriptable", tdata(o).name()))
                );
            }
        }
        Err(self.type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(container)
        )))
    }

    pub fn setitem(&self, container: &Value, key: &Value, value: Value) -> PyResult<()> {
        if let (Value::Obj(o), Value::Int(i)) = (container, key) {
            if matches!(o.payload, Payload::Dict(_)) && o.class().is(&self.types.dict) {
                return dict::set_int(self, o, *i, value);
            }
        }
        if let Value::Obj(o) = container {
            if !tdata(o.class()).is_heap() {
                if let Payload::Dict(_) = &o.payload {
                    return dict::set(self, o, key.clone(), value);
                }
                if let Some(r) =
                    crate::objects::object::native_setitem(self, o, key, Some(value.clone()))
                {
                    return r;
                }
            }
        }
        match self.call_special(container, &self.names.__setitem__, &[key.clone(), value])? {
            Some(_) => Ok(()),
            None => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                self.type_name(container)
            ))),
        }
    }

    pub fn delitem(&self, container: &Value, key: &Value) -> PyResult<()> {
        if let Value::Obj(o) = container {
            if !tdata(o.class()).is_heap() {
                if let Payload::Dict(_) = &o.payload {
                    return match dict::remove(self, o, key)? {
                        Some(_) => Ok(()),
                        None => Err(self.key_error(key.clone())),
                    };
                }
                if let Some(r) = crate::objects::object::native_setitem(self, o, key, None) {
                    return r;
                }
            }
        }
        match self.call_special(
            container,
            &self.names.__delitem__,
            std::slice::from_ref(key),
        )? {
            Some(_) => Ok(()),
            None => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_name(container)
            ))),
        }
    }

    /// `item in container`
    pub fn contains(&self, container: &Value, item: &Value) -> PyResult<bool> {
        // A machine int in an exact set or frozenset, on a path of its own (no type flags
        // read, no frozenset conversion, the probe specialised for ints).
        if let (Value::Obj(o), Value::Int(i)) = (container, item) {
            if let Payload::Set(s) = &o.payload {
                if o.class().is(&self.types.set) || o.class().is(&self.types.frozenset) {
                    return crate::objects::set::contains_int(self, s, *i);
                }
            }
        }
        self.contains_general(container, item)
    }

    /// `contains` for every other container and item.
    #[inline(never)]
    fn contains_general(&self, container: &Value, item: &Value) -> PyResult<bool> {
        if let Value::Obj(o) = container {
            if !tdata(o.class()).is_heap() {
                // Sets and dicts first, answered here (a result passed back through
                // `native_contains`' Option stalls on store forwarding).
                match &o.payload {
                    Payload::Set(s) if !matches!(item, Value::Obj(io) if matches!(io.payload, Payload::Set(_))) =>
                    {
                        return crate::objects::set::contains(self, s, item);
                    }
                    Payload::Dict(_) => return dict::contains(self, o, item),
                    _ => {}
                }
                if let Some(r) = crate::objects::object::native_contains(self, o, item) {
                    return r;
                }
            }
        }
        if let Some(r) = self.call_special(
            container,
            &self.names.__contains__,
            std::slice::from_ref(item),
        )? {
            return self.is_true(&r);
        }
        let it = match self.iter(container) {
            Ok(it) => it,
            Err(e) if self.exc_matches(&e, &self.exc.type_error) => {
                return Err(self.type_error(format!(
                    "argument of type '{}' is not iterable",
                    self.type_name(container)
                )))
            }
            Err(e) => return Err(e),
        };
        while let Some(x) = self.next(&it)? {
            if self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `iter(v)`
    pub fn iter(&self, v: &Value) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            // A generator is its own iterator (its type cannot be subclassed).
            if o.class().is(&self.types.generator) {
                return Ok(v.clone());
            }
            if !tdata(o.class()).is_heap() {
                if let Some(it) = crate::objects::iter::native_iter(self, o) {
                    return Ok(it);
                }
            }
        }
        if let Some(f) = self.lookup_special(v, &self.names.__iter__) {
            if f.is_none() {
                return Err(self.not_iterable(v));
            }
            // A subclass of a built-in container that keeps the built-in `__iter__`
            // (deltablue's `OrderedCollection(list)`): the built-in iterator, directly.
            if let (Value::Obj(o), Value::Obj(fo)) = (v, &f) {
                if let Payload::MethodDescr(m) = &fo.payload {
                    if matches!(
                        o.payload,
                        Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_)
                    ) && is_builtin_layout_descr(fo)
                        && self.isinstance(v, &m.owner)
                    {
                        if let Some(it) = crate::objects::iter::native_iter(self, o) {
                            return Ok(it);
                        }
                    }
                }
            }
            let it = self.call_unbound(&f, v, self.type_of(v), &[])?;
            if self.lookup_special(&it, &self.names.__next__).is_none() {
                return Err(self.type_error(format!(
                    "iter() returned non-iterator of type '{}'",
                    self.type_name(&it)
                )));
            }
            return Ok(it);
        }
        if self.lookup_special(v, &self.names.__getitem__).is_some() {
            return Ok(crate::objects::iter::new_seq_iter(self, v.clone()));
        }
        Err(self.not_iterable(v))
    }

    #[cold]
    fn not_iterable(&self, v: &Value) -> ObjRef {
        self.type_error(format!("'{}' object is not iterable", self.type_name(v)))
    }

    /// `next(it)`: `Ok(None)` when exhausted (StopIteration swallowed).
    #[inline]
    pub fn next(&self, it: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = it {
            match &o.payload {
                Payload::Iter(k) => return crate::objects::iter::iter_next(self, k),
                Payload::Generator(_) => return crate::objects::generator::gen_next_opt(self, o),
                _ => {}
            }
        }
        self.next_slow(it)
    }

    fn next_slow(&self, it: &Value) -> PyResult<Option<Value>> {
        match self.call_special(it, &self.names.__next__, &[]) {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => Err(self.type_error(format!(
                "'{}' object is not an iterator",
                self.type_name(it)
            ))),
            Err(e) if self.exc_matches(&e, &self.exc.stop_iteration) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Collect an iterable into a vector.
    pub fn collect(&self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::Obj(o) = v {
            match &o.payload {
                Payload::List(l) if !tdata(o.class()).is_heap() => return Ok(l.borrow().clone()),
                Payload::Tuple(t) if !tdata(o.class()).is_heap() => return Ok(t.to_vec()),
                // A machine-word range: its ints without the iterator protocol.
                Payload::Range(r) if r.big.is_none() && r.len >= 0 => {
                    let mut out = Vec::new();
                    if out.try_reserve_exact(r.len as usize).is_err() {
                        return Err(self.new_exception(&self.exc.memory_error, Vec::new()));
                    }
                    let mut v = r.start;
                    for _ in 0..r.len {
                        out.push(Value::Int(v));
                        v = v.wrapping_add(r.step);
                    }
                    return Ok(out);
                }
                _ => {}
            }
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `tuple(v)` (returns v itself when it is an exact tuple).
    pub fn to_tuple(&self, v: &Value) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            if o.class().is(&self.types.tuple) {
                return Ok(v.clone());
            }
        }
        Ok(self.new_tuple(self.collect(v)?))
    }

    /// `operator.index(v)` as an i64 (OverflowError for big ints).
    pub fn to_index(&self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            _ => {
                let i = self.index_value(v)?;
                match i {
                    Value::Int(i) => Ok(i),
                    _ => Err(self.overflow_error("Python int too large to convert to C ssize_t")),
                }
            }
        }
    }

    /// `operator.index(v)` as an int value.
    pub fn index_value(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            Value::Obj(o) if matches!(o.payload, Payload::Int(_)) => {
                Ok(int::normalize_obj(self, o))
            }
            _ => match self.call_special(v, &self.names.__index__, &[])? {
                Some(r) if int::is_int(&r) => int::exact_int_result(self, r, "__index__"),
                Some(r) => Err(self.type_error(format!(
                    "__index__ returned non-int (type {})",
                    self.type_name(&r)
                ))),
                None => Err(self.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(v)
                ))),
            },
        }
    }

    // ----- number operators ------------------------------------------------------------

    pub fn binary_op(&self, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
        if let Some(r) = fast_binop(self, a, b, op) {
            return r;
        }
        // Two exact lists (not in place: `+=` extends).
        if let (Value::Obj(x), Value::Obj(y), BinaryOpArg::Add) = (a, b, op) {
            if let (Payload::List(l), Payload::List(r)) = (&x.payload, &y.payload) {
                if x.class().is(&self.types.list) && y.class().is(&self.types.list) {
                    let (l, r) = (l.borrow(), r.borrow());
                    let mut v = Vec::with_capacity(l.len() + r.len());
                    v.extend_from_slice(&l);
                    v.extend_from_slice(&r);
                    return Ok(self.new_list(v));
                }
            }
        }
        let r = self.binary_op1(a, b, op)?;
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        Err(self.binop_type_error(a, b, op, ""))
    }

    /// Try both operands' implementations; NotImplemented when neither applies.
    pub fn binary_op1(&self, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let (name, rname, _, _) = BINOP_NAMES[op as usize];
        let left = self.binop_impl(ta, name, op);
        let mut right = if ta.is(tb) {
            OpImpl::Missing
        } else {
            self.binop_impl(tb, rname, op)
        };
        if matches!(left, OpImpl::Native) && matches!(right, OpImpl::Native) {
            // Both native: one call sees both operands (CPython's slotv == slotw).
            return crate::objects::object::native_binop(self, a, b, op);
        }
        // The right operand's reflected method goes first when its type is a subclass
        // of the left's that overrides it (CPython's method_is_overloaded).
        if !ta.is(tb) && typeobj::is_subtype(tb, ta) {
            if let OpImpl::Python(f) = &right {
                let inherited = matches!(
                    (lookup(ta, &self.intern(rname)), f),
                    (Some(Value::Obj(x)), Value::Obj(y)) if x.is(y)
                );
                if !inherited {
                    let r = self.call_unbound(f, b, tb, std::slice::from_ref(a))?;
                    if !self.is_not_implemented(&r) {
                        return Ok(r);
                    }
                    right = OpImpl::Missing;
                }
            }
        }
        let r = match &left {
            OpImpl::Native => crate::objects::object::native_binop(self, a, b, op)?,
            OpImpl::Python(f) => self.call_unbound(f, a, ta, std::slice::from_ref(b))?,
            OpImpl::Missing => self.not_implemented(),
        };
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        match &right {
            OpImpl::Native => crate::objects::object::native_binop(self, a, b, op),
            OpImpl::Python(f) => self.call_unbound(f, b, tb, std::slice::from_ref(a)),
            OpImpl::Missing => Ok(self.not_implemented()),
        }
    }

    fn binop_impl(&self, ty: &ObjRef, name: &str, op: BinaryOpArg) -> OpImpl {
        if !tdata(ty).is_heap() && !tdata(ty).has_flag(flags::NATIVE_MODULE) {
            return if crate::objects::object::native_supports(tdata(ty).layout, ty, op) {
                OpImpl::Native
            } else {
                OpImpl::Missing
            };
        }
        match lookup(ty, &self.intern(name)) {
            None | Some(Value::None) => OpImpl::Missing,
            Some(Value::Obj(f)) if is_builtin_layout_descr(&f) => OpImpl::Native,
            Some(f) => OpImpl::Python(f),
        }
    }

    pub fn inplace_op(&self, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
        if let Some(r) = fast_binop(self, a, b, op) {
            return r;
        }
        if let Value::Obj(o) = a {
            if !tdata(o.class()).is_heap() && !tdata(o.class()).has_flag(flags::NATIVE_MODULE) {
                if let Some(r) = crate::objects::object::native_inplace(self, o, b, op) {
                    return r;
                }
            } else {
                let (_, _, iname, _) = BINOP_NAMES[op as usize];
                if let Some(f) = self.lookup_special(a, &self.intern(iname)) {
                    let r = if let Value::Obj(fo) = &f {
                        if is_builtin_layout_descr(fo) {
                            crate::objects::object::native_inplace(self, o, b, op)
                                .unwrap_or_else(|| Ok(self.not_implemented()))?
                        } else {
                            self.call_unbound(&f, a, self.type_of(a), std::slice::from_ref(b))?
                        }
                    } else {
                        self.call_unbound(&f, a, self.type_of(a), std::slice::from_ref(b))?
                    };
                    if !self.is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
        }
        let r = self.binary_op1(a, b, op)?;
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        Err(self.binop_type_error(a, b, op, "="))
    }

    #[cold]
    pub fn binop_type_error(&self, a: &Value, b: &Value, op: BinaryOpArg, suffix: &str) -> ObjRef {
        let (_, _, _, sym) = BINOP_NAMES[op as usize];
        if op == BinaryOpArg::Add {
            if let Value::Obj(o) = a {
                let what = match &o.payload {
                    Payload::Str(_) => Some("str"),
                    Payload::List(_) => Some("list"),
                    Payload::Tuple(_) => Some("tuple"),
                    Payload::Bytes(_) | Payload::ByteArray(_) => None,
                    _ => None,
                };
                if let Some(w) = what {
                    if !tdata(o.class()).is_heap() || suffix.is_empty() {
                        return self.type_error(format!(
                            "can only concatenate {w} (not \"{}\") to {w}",
                            self.type_name(b)
                        ));
                    }
                }
                if let Payload::Bytes(_) | Payload::ByteArray(_) = &o.payload {
                    return self.type_error(format!(
                        "can't concat {} to {}",
                        self.type_name(b),
                        self.type_name(a)
                    ));
                }
            }
        }
        if op == BinaryOpArg::Multiply {
            let is_seq = |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Str(_) | Payload::List(_) | Payload::Tuple(_) | Payload::Bytes(_) | Payload::ByteArray(_)));
            if is_seq(a) || is_seq(b) {
                let other = if is_seq(a) { b } else { a };
                return self.type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(other)
                ));
            }
        }
        let sym = if op == BinaryOpArg::Power && suffix.is_empty() {
            "** or pow()"
        } else {
            sym
        };
        self.type_error(format!(
            "unsupported operand type(s) for {sym}{suffix}: '{}' and '{}'",
            self.type_name(a),
            self.type_name(b)
        ))
    }

    pub fn unary_negative(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => self.new_bigint(-num_bigint::BigInt::from(*i)),
            }),
            Value::Float(f) => Ok(Value::Float(-f)),
            Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
            _ => self.unary_special(v, &self.names.__neg__, "unary -"),
        }
    }

    pub fn unary_positive(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::Float(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            _ => self.unary_special(v, &self.names.__pos__, "unary +"),
        }
    }

    pub fn unary_invert(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(Value::Int(!i)),
            Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
            _ => self.unary_special(v, &self.names.__invert__, "unary ~"),
        }
    }

    pub fn abs(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(i) => Ok(match i.checked_abs() {
                Some(n) => Value::Int(n),
                None => self.new_bigint(num_bigint::BigInt::from(*i).magnitude().clone().into()),
            }),
            Value::Float(f) => Ok(Value::Float(f.abs())),
            Value::Bool(b) => Ok(Value::Int(*b as i64)),
            _ => self.unary_special(v, &self.names.__abs__, "abs()"),
        }
    }

    fn unary_special(&self, v: &Value, name: &ObjRef, what: &str) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            if !tdata(o.class()).is_heap() {
                if let Some(r) = crate::objects::object::native_unary(self, o, name) {
                    return r;
                }
            }
        }
        match self.call_special(v, name, &[])? {
            Some(r) => Ok(r),
            None => Err(self.type_error(format!(
                "bad operand type for {what}: '{}'",
                self.type_name(v)
            ))),
        }
    }
}

/// A native method of a built-in type whose payload the VM's own operator code knows
/// (`int.__add__`), as opposed to one of a natively defined type (`deque.__eq__`),
/// which is called like any method.
fn is_builtin_layout_descr(f: &ObjRef) -> bool {
    match &f.payload {
        Payload::MethodDescr(m) => !tdata(&m.owner).has_flag(flags::NATIVE_MODULE),
        _ => false,
    }
}

pub fn swap_cmp(op: CompareOpArg) -> CompareOpArg {
    use CompareOpArg::*;
    match op {
        Lt => Gt,
        Le => Ge,
        Gt => Lt,
        Ge => Le,
        Eq => Eq,
        Ne => Ne,
    }
}

#[inline]
fn cmp_ord<T: PartialOrd>(a: T, b: T, op: CompareOpArg) -> bool {
    use CompareOpArg::*;
    match op {
        Lt => a < b,
        Le => a <= b,
        Eq => a == b,
        Ne => a != b,
        Gt => a > b,
        Ge => a >= b,
    }
}

/// Comparisons decided without dispatch (numbers and exact strs).
#[inline]
pub fn fast_compare(a: &Value, b: &Value, op: CompareOpArg) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(cmp_ord(x, y, op)),
        (Value::Float(x), Value::Float(y)) => Some(cmp_ord(x, y, op)),
        (Value::Int(x), Value::Float(y)) => Some(float::compare_int_float(*x, *y, op)),
        (Value::Float(x), Value::Int(y)) => Some(float::compare_int_float(*y, *x, swap_cmp(op))),
        (Value::Bool(x), Value::Bool(y)) => Some(cmp_ord(x, y, op)),
        (Value::Bool(x), Value::Int(y)) => Some(cmp_ord(*x as i64, *y, op)),
        (Value::Int(x), Value::Bool(y)) => Some(cmp_ord(*x, *y as i64, op)),
        (Value::None, Value::None) if matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) => {
            Some(op == CompareOpArg::Eq)
        }
        (Value::Obj(x), Value::Obj(y)) => match (&x.payload, &y.payload) {
            (Payload::Str(s), Payload::Str(t))
                if x.class().is(y.class()) && !tdata(x.class()).is_heap() =>
            {
                Some(cmp_ord(s.as_bytes(), t.as_bytes(), op))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Arithmetic on immediates without dispatch or allocation (None: take the general path).
#[inline]
pub fn fast_binop(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> Option<PyResult<Value>> {
    use BinaryOpArg::*;
    match (a, b) {
        (Value::Int(_), Value::Int(_)) if op == MatrixMultiply => None,
        (Value::Int(x), Value::Int(y)) => {
            let (x, y) = (*x, *y);
            let r = match op {
                Add => x.checked_add(y).map(Value::Int),
                Subtract => x.checked_sub(y).map(Value::Int),
                Multiply => x.checked_mul(y).map(Value::Int),
                And => Some(Value::Int(x & y)),
                Or => Some(Value::Int(x | y)),
                Xor => Some(Value::Int(x ^ y)),
                FloorDivide if y != 0 && !(x == i64::MIN && y == -1) => {
                    Some(Value::Int(num_integer::Integer::div_floor(&x, &y)))
                }
                Remainder if y != 0 && y != -1 => {
                    Some(Value::Int(num_integer::Integer::mod_floor(&x, &y)))
                }
                TrueDivide
                    if y != 0 && x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) =>
                {
                    Some(Value::Float(x as f64 / y as f64))
                }
                _ => None,
            };
            r.map(Ok)
                .or_else(|| Some(int::int_binop_slow(vm, x, y, op)))
        }
        (Value::Float(x), Value::Float(y)) => float::float_binop(vm, *x, *y, op),
        (Value::Int(x), Value::Float(y)) => float::float_binop(vm, *x as f64, *y, op),
        (Value::Float(x), Value::Int(y)) => float::float_binop(vm, *x, *y as f64, op),
        (Value::Obj(x), Value::Obj(y)) if op == Add => concat_fast(vm, x, y),
        _ => None,
    }
}

/// `x + y` (or `x += y`) for two exact strs or two exact tuples, whose `+` nothing can
/// override: the concatenation without the operator dispatch. An empty operand gives the
/// other one itself, as CPython's PyUnicode_Concat and tuple concatenation do.
#[inline]
fn concat_fast(vm: &Vm, x: &ObjRef, y: &ObjRef) -> Option<PyResult<Value>> {
    match (&x.payload, &y.payload) {
        (Payload::Str(a), Payload::Str(b))
            if x.class().is(&vm.types.str_) && y.class().is(&vm.types.str_) =>
        {
            Some(Ok(if b.char_len() == 0 {
                Value::Obj(x.clone())
            } else if a.char_len() == 0 {
                Value::Obj(y.clone())
            } else {
                vm.new_pystr(crate::objects::str::PyStr::concat(a, b))
            }))
        }
        (Payload::Tuple(a), Payload::Tuple(b))
            if x.class().is(&vm.types.tuple) && y.class().is(&vm.types.tuple) =>
        {
            Some(Ok(if b.is_empty() {
                Value::Obj(x.clone())
            } else if a.is_empty() {
                Value::Obj(y.clone())
            } else {
                let mut v = Vec::with_capacity(a.len() + b.len());
                v.extend_from_slice(a);
                v.extend_from_slice(b);
                vm.new_tuple(v)
            }))
        }
        _ => None,
    }
}

fn native_len(o: &ObjRef) -> Option<usize> {
    Some(match &o.payload {
        Payload::Str(s) => s.char_len(),
        Payload::List(l) => l.borrow().len(),
        Payload::Tuple(t) => t.len(),
        Payload::Dict(d) => d.borrow().len(),
        Payload::Set(s) => s.borrow().len(),
        Payload::Bytes(b) => b.len(),
        Payload::ByteArray(b) => b.borrow().len(),
        Payload::Range(r) if r.big.is_none() => r.len as usize,
        Payload::DictView(v) => dict::table(&v.0).borrow().len(),
        _ => return None,
    })
}

#[allow(dead_code)]
fn layout_of(vm: &Vm, v: &Value) -> Layout {
    tdata(vm.type_of(v)).layout
}
