//! `TextIOWrapper` and `IncrementalNewlineDecoder` (CPython's textio.c).
//!
//! Decoding: bytes from the buffer (read1 chunks of `chunk_size`) go through the codec
//! (natively for UTF-8, ASCII, Latin-1, UTF-16/32; through Lib's `codecs` incremental
//! decoders otherwise) and newline translation, into `decoded` (generalized UTF-8, the
//! str storage) of which `decoded[..decoded_pos]` was already returned.
//! Invariants: `snapshot` is (decoder flags, bytes fed since then) as of the start of
//! `decoded`, so that `tell()` can replay the decoder to find the byte position of
//! `decoded_pos`; `pending` holds encoded text not yet given to the buffer.

use std::cell::{Cell, RefCell};

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use pyrs_vm::codecs::{self, Builtin};
use pyrs_vm::memory::ValueCell;
use pyrs_vm::object::NativeData;
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::buffered::native_buffered;
use super::{bind, new_str_wtf8, size_arg, state, this, unsupported, IoTypes};

pub const SEEN_LF: u8 = 1;
pub const SEEN_CR: u8 = 2;
pub const SEEN_CRLF: u8 = 4;

/// `IncrementalNewlineDecoder.decode` on decoded text: hold back a final '\r' until the
/// next call (unless `final_`), record which newlines were seen, translate them to '\n'
/// when asked.
pub fn translate_newlines(
    input: &[u8],
    final_: bool,
    translate: bool,
    pendingcr: &mut bool,
    seennl: &mut u8,
) -> Vec<u8> {
    let mut out: Vec<u8>;
    if *pendingcr && (!input.is_empty() || final_) {
        out = Vec::with_capacity(input.len() + 1);
        out.push(b'\r');
        out.extend_from_slice(input);
        *pendingcr = false;
    } else {
        out = input.to_vec();
    }
    if !final_ && out.last() == Some(&b'\r') {
        out.pop();
        *pendingcr = true;
    }
    if memchr::memchr(b'\r', &out).is_none() {
        if memchr::memchr(b'\n', &out).is_some() {
            *seennl |= SEEN_LF;
        }
        return out;
    }
    let mut i = 0;
    let n = out.len();
    while i < n {
        match out[i] {
            b'\r' => {
                if i + 1 < n && out[i + 1] == b'\n' {
                    *seennl |= SEEN_CRLF;
                    i += 2;
                } else {
                    *seennl |= SEEN_CR;
                    i += 1;
                }
            }
            b'\n' => {
                *seennl |= SEEN_LF;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if !translate {
        return out;
    }
    let mut t = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < n {
        if out[i] == b'\r' {
            t.push(b'\n');
            if i + 1 < n && out[i + 1] == b'\n' {
                i += 1;
            }
        } else {
            t.push(out[i]);
        }
        i += 1;
    }
    t
}

/// The `newlines` attribute for the seen-newline flags.
pub fn newlines_value(vm: &Vm, seen: u8) -> Value {
    let s = |x: &str| vm.new_str(x);
    match seen {
        0 => Value::None,
        SEEN_LF => s("\n"),
        SEEN_CR => s("\r"),
        SEEN_CRLF => s("\r\n"),
        x if x == SEEN_CR | SEEN_LF => vm.new_tuple(vec![s("\r"), s("\n")]),
        x if x == SEEN_LF | SEEN_CRLF => vm.new_tuple(vec![s("\n"), s("\r\n")]),
        x if x == SEEN_CR | SEEN_CRLF => vm.new_tuple(vec![s("\r"), s("\r\n")]),
        _ => vm.new_tuple(vec![s("\r"), s("\n"), s("\r\n")]),
    }
}

/// The number of code points in generalized UTF-8 bytes.
pub fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
}

/// The byte offset just after `n` code points of `b` (or `b.len()`).
pub fn char_offset(b: &[u8], n: usize) -> usize {
    let mut seen = 0;
    for (i, &c) in b.iter().enumerate() {
        if (c & 0xC0) != 0x80 {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    b.len()
}

/// The decoder's state, native codecs only: undecoded bytes, a held-back '\r', the
/// UTF-16/32 byte order found (0 until a BOM was looked for).
#[derive(Clone, Default)]
pub struct DecoderState {
    pub pending: Vec<u8>,
    pub pendingcr: bool,
    pub byteorder: i32,
}

impl DecoderState {
    fn flags(&self) -> u64 {
        let bo = match self.byteorder {
            -1 => 1,
            1 => 2,
            _ => 0,
        };
        (self.pendingcr as u64) | (bo << 1)
    }
    fn from_flags(f: u64) -> DecoderState {
        DecoderState {
            pending: Vec::new(),
            pendingcr: f & 1 != 0,
            byteorder: match (f >> 1) & 3 {
                1 => -1,
                2 => 1,
                _ => 0,
            },
        }
    }
    fn clean(&self) -> bool {
        self.pending.is_empty() && !self.pendingcr
    }
}

pub struct TextIO {
    ok: Cell<bool>,
    detached: Cell<bool>,
    pub buffer: ValueCell<Value>,
    encoding: RefCell<String>,
    errors: RefCell<String>,
    codec: Cell<Option<Builtin>>,
    /// Lib's incremental decoder/encoder objects for codecs not built in (or None).
    py_decoder: ValueCell<Value>,
    py_encoder: ValueCell<Value>,
    readuniversal: Cell<bool>,
    readtranslate: Cell<bool>,
    /// The line ending readline looks for when not universal.
    readnl: RefCell<Option<Vec<u8>>>,
    /// What '\n' becomes on writes (None: no translation).
    writenl: RefCell<Option<Vec<u8>>>,
    line_buffering: Cell<bool>,
    write_through: Cell<bool>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    seekable: Cell<bool>,
    telling: Cell<bool>,
    has_read1: Cell<bool>,
    dec: RefCell<DecoderState>,
    seennl: Cell<u8>,
    decoded: RefCell<Vec<u8>>,
    decoded_pos: Cell<usize>,
    /// CPython's `decoded_chars != NULL`: a chunk was read since the last reset.
    decoded_set: Cell<bool>,
    snapshot: RefCell<Option<(u64, Vec<u8>)>>,
    pending: RefCell<Vec<u8>>,
    chunk_size: Cell<usize>,
    /// A UTF-16/32 BOM was written (or the stream did not start at 0).
    bom_done: Cell<bool>,
}

impl NativeData for TextIO {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.buffer.get());
        visit(&self.py_decoder.get());
        visit(&self.py_encoder.get());
    }
}

impl Drop for TextIO {
    fn drop(&mut self) {
        // Give pending text to a native buffer, whose own drop writes it out.
        if let Ok(mut p) = self.pending.try_borrow_mut() {
            if p.is_empty() {
                return;
            }
            let buf = self.buffer.get();
            if let Some(b) = native_buffered(&buf) {
                if let Ok(mut w) = b.wbuf.try_borrow_mut() {
                    w.extend_from_slice(&p);
                    p.clear();
                }
            }
        }
    }
}

thread_local! {
    /// Addresses of live TextIO states, whose pending text is handed down at exit.
    static LIVE_TEXT: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Hand pending text of every live wrapper to its buffer (at exit, before the buffers
/// are flushed).
pub fn flush_all_at_exit() {
    let list = LIVE_TEXT.with(|l| l.borrow().clone());
    for addr in list {
        // SAFETY: addresses are registered by live `TextIO` states and removed by
        // `TextIOCell::drop`... see `register`; only cells are touched.
        let t = unsafe { &*(addr as *const TextIO) };
        if let Ok(mut p) = t.pending.try_borrow_mut() {
            if p.is_empty() {
                continue;
            }
            let buf = t.buffer.get();
            if let Some(b) = native_buffered(&buf) {
                if let Ok(mut w) = b.wbuf.try_borrow_mut() {
                    w.extend_from_slice(&p);
                    p.clear();
                }
            }
        }
    }
}

/// Registration guard kept inside the state: unregisters on drop.
struct Registration(usize);
impl Drop for Registration {
    fn drop(&mut self) {
        let me = self.0;
        let _ = LIVE_TEXT.try_with(|l| l.borrow_mut().retain(|&a| a != me));
    }
}

/// The Python-visible object: the state plus its at-exit registration, dropped after
/// the state's own `Drop` ran.
pub struct TextIOObj {
    pub t: TextIO,
    reg: RefCell<Option<Registration>>,
}

impl NativeData for TextIOObj {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        self.t.traverse(visit);
    }
}

impl TextIO {
    fn new() -> TextIO {
        TextIO {
            ok: Cell::new(false),
            detached: Cell::new(false),
            buffer: ValueCell::new(Value::None),
            encoding: RefCell::new(String::new()),
            errors: RefCell::new(String::new()),
            codec: Cell::new(None),
            py_decoder: ValueCell::new(Value::None),
            py_encoder: ValueCell::new(Value::None),
            readuniversal: Cell::new(true),
            readtranslate: Cell::new(true),
            readnl: RefCell::new(None),
            writenl: RefCell::new(None),
            line_buffering: Cell::new(false),
            write_through: Cell::new(false),
            readable: Cell::new(false),
            writable: Cell::new(false),
            seekable: Cell::new(false),
            telling: Cell::new(false),
            has_read1: Cell::new(false),
            dec: RefCell::new(DecoderState::default()),
            seennl: Cell::new(0),
            decoded: RefCell::new(Vec::new()),
            decoded_pos: Cell::new(0),
            decoded_set: Cell::new(false),
            snapshot: RefCell::new(None),
            pending: RefCell::new(Vec::new()),
            chunk_size: Cell::new(8192),
            bom_done: Cell::new(false),
        }
    }

    fn check_attached(&self, vm: &Vm) -> PyResult<()> {
        if !self.ok.get() {
            if self.detached.get() {
                return Err(vm.value_error("underlying buffer has been detached"));
            }
            return Err(vm.value_error("I/O operation on uninitialized object"));
        }
        Ok(())
    }

    fn is_closed(&self, vm: &Vm) -> PyResult<bool> {
        let buf = self.buffer.get();
        if let Some(b) = native_buffered(&buf) {
            return b.is_closed(vm);
        }
        let c = vm.get_attr_str(&buf, "closed")?;
        vm.is_true(&c)
    }

    fn check_closed(&self, vm: &Vm) -> PyResult<()> {
        self.check_attached(vm)?;
        if self.is_closed(vm)? {
            return Err(vm.value_error("I/O operation on closed file."));
        }
        Ok(())
    }

    // ----- decoding --------------------------------------------------------------------

    /// Decode `input` with the codec (native or Lib's), then translate newlines.
    fn decode_with(
        &self,
        vm: &Vm,
        st: &mut DecoderState,
        seennl: &mut u8,
        input: &[u8],
        final_: bool,
    ) -> PyResult<Vec<u8>> {
        let errors = self.errors.borrow().clone();
        let text = match self.codec.get() {
            Some(c) => {
                let data: Vec<u8>;
                let src: &[u8] = if st.pending.is_empty() {
                    input
                } else {
                    let mut d = std::mem::take(&mut st.pending);
                    d.extend_from_slice(input);
                    data = d;
                    &data
                };
                let (text, used) = match c {
                    Builtin::Utf8 => codecs::utf8_decode(vm, src, &errors, final_)?,
                    Builtin::Ascii => (codecs::ascii_decode(vm, src, &errors)?, src.len()),
                    Builtin::Latin1 => (codecs::latin1_decode(src), src.len()),
                    Builtin::Utf16 | Builtin::Utf16Le | Builtin::Utf16Be => {
                        let bo = match c {
                            Builtin::Utf16Le => -1,
                            Builtin::Utf16Be => 1,
                            _ => st.byteorder,
                        };
                        let (t, used, found) = codecs::utf16_decode(vm, src, &errors, bo, final_)?;
                        if c == Builtin::Utf16 {
                            st.byteorder = found;
                        }
                        (t, used)
                    }
                    Builtin::Utf32 | Builtin::Utf32Le | Builtin::Utf32Be => {
                        let bo = match c {
                            Builtin::Utf32Le => -1,
                            Builtin::Utf32Be => 1,
                            _ => st.byteorder,
                        };
                        let (t, used, found) = codecs::utf32_decode(vm, src, &errors, bo, final_)?;
                        if c == Builtin::Utf32 {
                            st.byteorder = found;
                        }
                        (t, used)
                    }
                };
                st.pending = src[used..].to_vec();
                text
            }
            None => {
                let d = self.py_decoder.get();
                if d.is_none() {
                    return Err(unsupported(vm, "not readable"));
                }
                let r = vm.call_method(
                    &d,
                    "decode",
                    &[vm.new_bytes(input.to_vec()), Value::Bool(final_)],
                )?;
                match r.as_obj().and_then(|o| o.payload.as_str()) {
                    Some(s) => s.as_bytes().to_vec(),
                    None => {
                        return Err(vm.type_error(format!(
                            "decoder should return a string result, not '{}'",
                            vm.type_name(&r)
                        )))
                    }
                }
            }
        };
        if self.readuniversal.get() {
            Ok(translate_newlines(
                &text,
                final_,
                self.readtranslate.get(),
                &mut st.pendingcr,
                seennl,
            ))
        } else {
            Ok(text)
        }
    }

    fn decode_live(&self, vm: &Vm, input: &[u8], final_: bool) -> PyResult<Vec<u8>> {
        let mut st = std::mem::take(&mut *self.dec.borrow_mut());
        let mut seen = self.seennl.get();
        let r = self.decode_with(vm, &mut st, &mut seen, input, final_);
        *self.dec.borrow_mut() = st;
        self.seennl.set(seen);
        r
    }

    fn reset_decoder(&self, vm: &Vm, flags: u64) -> PyResult<()> {
        *self.dec.borrow_mut() = DecoderState::from_flags(flags);
        let d = self.py_decoder.get();
        if !d.is_none() {
            vm.call_method(&d, "reset", &[])?;
        }
        Ok(())
    }

    /// Read one chunk from the buffer and decode it into `decoded`; false at EOF.
    fn read_chunk(&self, vm: &Vm, size_hint: usize) -> PyResult<bool> {
        let size = self.chunk_size.get().max(size_hint);
        let buf = self.buffer.get();
        let flags_before = self.dec.borrow().flags();
        let pending_before = if self.telling.get() {
            self.dec.borrow().pending.clone()
        } else {
            Vec::new()
        };
        let input = if let Some(b) = native_buffered(&buf) {
            if self.has_read1.get() {
                b.read1(vm, size as i64)?
            } else {
                b.read(vm, size as i64)?.unwrap_or_default()
            }
        } else {
            let m = if self.has_read1.get() {
                "read1"
            } else {
                "read"
            };
            let r = vm.call_method(&buf, m, &[Value::Int(size as i64)])?;
            if r.is_none() {
                Vec::new()
            } else {
                super::bytes_arg(vm, &r).map_err(|_| {
                    vm.type_error(format!(
                        "underlying {m}() should have returned a bytes-like object, not '{}'",
                        vm.type_name(&r)
                    ))
                })?
            }
        };
        let eof = input.is_empty();
        let text = self.decode_live(vm, &input, eof)?;
        self.decoded_set.set(true);
        {
            let mut d = self.decoded.borrow_mut();
            let p = self.decoded_pos.get();
            if p >= d.len() {
                d.clear();
                d.extend_from_slice(&text);
            } else {
                // Keep the unread part (the snapshot then no longer matches: telling
                // replays from the older snapshot only when everything was consumed).
                d.drain(..p);
                d.extend_from_slice(&text);
            }
            self.decoded_pos.set(0);
        }
        if self.telling.get() {
            let mut next = pending_before;
            next.extend_from_slice(&input);
            *self.snapshot.borrow_mut() = Some((flags_before, next));
        }
        Ok(!eof)
    }

    /// Take up to `n` code points (all if None) from `decoded`.
    fn take_decoded(&self, n: Option<usize>) -> Vec<u8> {
        let d = self.decoded.borrow();
        let p = self.decoded_pos.get().min(d.len());
        let rest = &d[p..];
        let end = match n {
            None => rest.len(),
            Some(n) => char_offset(rest, n),
        };
        self.decoded_pos.set(p + end);
        rest[..end].to_vec()
    }

    fn clear_decoded(&self) {
        self.decoded_set.set(false);
        self.decoded.borrow_mut().clear();
        self.decoded_pos.set(0);
    }

    // ----- writing ---------------------------------------------------------------------

    fn encode(&self, vm: &Vm, orig: &Value, s: &PyStr, text: Option<&[u8]>) -> PyResult<Vec<u8>> {
        let errors = self.errors.borrow().clone();
        match self.codec.get() {
            Some(c) => {
                // Text already translated for newlines arrives as bytes; rebuild a str
                // only when the codec needs code points.
                let tmp;
                let (orig, s): (&Value, &PyStr) = match text {
                    Some(t) => {
                        tmp = new_str_wtf8(vm, t.to_vec());
                        let p = tmp.as_obj().and_then(|o| o.payload.as_str());
                        match p {
                            Some(p) => (&tmp, p),
                            None => (orig, s),
                        }
                    }
                    None => (orig, s),
                };
                let out = match c {
                    Builtin::Utf8 => codecs::utf8_encode(vm, orig, s, &errors)?,
                    Builtin::Utf16 => {
                        let first = !self.bom_done.replace(true);
                        codecs::utf16_encode(vm, orig, s, &errors, if first { 0 } else { -1 })?
                    }
                    Builtin::Utf32 => {
                        let first = !self.bom_done.replace(true);
                        codecs::utf32_encode(vm, orig, s, &errors, if first { 0 } else { -1 })?
                    }
                    c => codecs::encode_builtin(vm, c, orig, s, &errors)?,
                };
                Ok(out)
            }
            None => {
                let e = self.py_encoder.get();
                if e.is_none() {
                    return Err(unsupported(vm, "not writable"));
                }
                let arg = match text {
                    Some(t) => new_str_wtf8(vm, t.to_vec()),
                    None => orig.clone(),
                };
                let r = vm.call_method(&e, "encode", &[arg])?;
                super::bytes_arg(vm, &r).map_err(|_| {
                    vm.type_error(format!(
                        "encoder should return a bytes object, not '{}'",
                        vm.type_name(&r)
                    ))
                })
            }
        }
    }

    /// Give pending encoded text to the buffer.
    fn flush_pending(&self, vm: &Vm) -> PyResult<()> {
        let data = {
            let mut p = self.pending.borrow_mut();
            if p.is_empty() {
                return Ok(());
            }
            std::mem::take(&mut *p)
        };
        let buf = self.buffer.get();
        if let Some(b) = native_buffered(&buf) {
            b.write(vm, &data)?;
        } else {
            vm.call_method(&buf, "write", &[vm.new_bytes(data)])?;
        }
        Ok(())
    }

    fn write(&self, vm: &Vm, textv: &Value) -> PyResult<usize> {
        self.check_closed(vm)?;
        if !self.writable.get() && self.py_encoder.get().is_none() && self.codec.get().is_none() {
            return Err(unsupported(vm, "not writable"));
        }
        let s = match textv.as_obj().and_then(|o| o.payload.as_str()) {
            Some(s) => s,
            None => {
                return Err(vm.type_error(format!(
                    "write() argument must be str, not {}",
                    vm.type_name(textv)
                )))
            }
        };
        let bytes = s.as_bytes();
        let haslf = memchr::memchr(b'\n', bytes).is_some();
        let translated: Option<Vec<u8>> = match &*self.writenl.borrow() {
            Some(nl) if haslf => {
                let mut out = Vec::with_capacity(bytes.len() + 16);
                for &c in bytes {
                    if c == b'\n' {
                        out.extend_from_slice(nl);
                    } else {
                        out.push(c);
                    }
                }
                Some(out)
            }
            _ => None,
        };
        let needflush =
            self.line_buffering.get() && (haslf || memchr::memchr(b'\r', bytes).is_some());
        // UTF-8 text without surrogates is its own encoding: copy it straight in.
        let direct = self.codec.get() == Some(Builtin::Utf8) && !s.has_surrogates();
        let encoded = if direct {
            None
        } else {
            Some(self.encode(vm, textv, s, translated.as_deref())?)
        };
        if self.decoded_set.get() {
            self.clear_decoded();
            *self.snapshot.borrow_mut() = None;
            self.reset_decoder(vm, 0)?;
        }
        let total = {
            let mut p = self.pending.borrow_mut();
            match &encoded {
                Some(e) => p.extend_from_slice(e),
                None => p.extend_from_slice(translated.as_deref().unwrap_or(bytes)),
            }
            p.len()
        };
        if total > self.chunk_size.get() || needflush || self.write_through.get() {
            self.flush_pending(vm)?;
        }
        if needflush {
            let buf = self.buffer.get();
            if let Some(b) = native_buffered(&buf) {
                b.flush(vm)?;
            } else {
                vm.call_method(&buf, "flush", &[])?;
            }
        }
        Ok(s.char_len())
    }

    fn flush(&self, vm: &Vm) -> PyResult<()> {
        self.check_closed(vm)?;
        self.telling.set(self.seekable.get());
        self.flush_pending(vm)?;
        let buf = self.buffer.get();
        if let Some(b) = native_buffered(&buf) {
            b.flush(vm)
        } else {
            vm.call_method(&buf, "flush", &[]).map(|_| ())
        }
    }

    // ----- reading ---------------------------------------------------------------------

    fn check_readable(&self, vm: &Vm) -> PyResult<()> {
        if self.codec.get().is_none() && self.py_decoder.get().is_none() {
            return Err(unsupported(vm, "not readable"));
        }
        if !self.readable.get() {
            return Err(unsupported(vm, "not readable"));
        }
        Ok(())
    }

    fn read(&self, vm: &Vm, n: i64) -> PyResult<Value> {
        self.check_closed(vm)?;
        self.check_readable(vm)?;
        self.flush_pending(vm)?;
        if n < 0 {
            let buf = self.buffer.get();
            let input = if let Some(b) = native_buffered(&buf) {
                b.read(vm, -1)?.unwrap_or_default()
            } else {
                let r = vm.call_method(&buf, "read", &[])?;
                if r.is_none() {
                    Vec::new()
                } else {
                    super::bytes_arg(vm, &r)?
                }
            };
            let mut out = self.take_decoded(None);
            out.extend_from_slice(&self.decode_live(vm, &input, true)?);
            self.clear_decoded();
            *self.snapshot.borrow_mut() = None;
            return Ok(new_str_wtf8(vm, out));
        }
        let n = n as usize;
        let mut out = self.take_decoded(Some(n));
        let mut have = count_chars(&out);
        while have < n {
            if !self.read_chunk(vm, n - have)? {
                let rest = self.take_decoded(Some(n - have));
                out.extend_from_slice(&rest);
                break;
            }
            let more = self.take_decoded(Some(n - have));
            have += count_chars(&more);
            out.extend_from_slice(&more);
        }
        Ok(new_str_wtf8(vm, out))
    }

    /// Where the line in `rest` ends (the offset after its terminator), if it does.
    fn find_line_end(&self, rest: &[u8], at_eof: bool) -> Option<usize> {
        if self.readtranslate.get() {
            return memchr::memchr(b'\n', rest).map(|i| i + 1);
        }
        if self.readuniversal.get() {
            let i = memchr::memchr2(b'\n', b'\r', rest)?;
            if rest[i] == b'\n' {
                return Some(i + 1);
            }
            if i + 1 < rest.len() {
                return Some(if rest[i + 1] == b'\n' { i + 2 } else { i + 1 });
            }
            // A '\r' at the end: a '\n' may follow in the next chunk.
            return if at_eof { Some(i + 1) } else { None };
        }
        let nl = self.readnl.borrow();
        let nl = nl.as_deref().unwrap_or(b"\n");
        if nl.len() == 1 {
            return memchr::memchr(nl[0], rest).map(|i| i + 1);
        }
        memchr::memmem::find(rest, nl).map(|i| i + nl.len())
    }

    fn readline(&self, vm: &Vm, limit: i64) -> PyResult<Vec<u8>> {
        self.check_closed(vm)?;
        self.check_readable(vm)?;
        self.flush_pending(vm)?;
        let limit = if limit < 0 {
            None
        } else {
            Some(limit as usize)
        };
        let mut line: Vec<u8> = Vec::new();
        let mut eof = false;
        loop {
            {
                let d = self.decoded.borrow();
                let p = self.decoded_pos.get().min(d.len());
                let rest = &d[p..];
                let scan_from_line = !line.is_empty() && line.last() == Some(&b'\r');
                if scan_from_line && !self.readtranslate.get() {
                    // A '\r' that ended the previous chunk: finish the line here.
                    if self.readuniversal.get() {
                        let extra = usize::from(rest.first() == Some(&b'\n'));
                        line.extend_from_slice(&rest[..extra]);
                        self.decoded_pos.set(p + extra);
                        break;
                    }
                }
                let end = self.find_line_end(rest, eof);
                let mut take = end.unwrap_or(rest.len());
                if let Some(lim) = limit {
                    let have = count_chars(&line);
                    if have + count_chars(&rest[..take]) >= lim {
                        take = char_offset(rest, lim - have);
                        line.extend_from_slice(&rest[..take]);
                        self.decoded_pos.set(p + take);
                        break;
                    }
                }
                line.extend_from_slice(&rest[..take]);
                self.decoded_pos.set(p + take);
                if end.is_some() || eof {
                    break;
                }
            }
            if !self.read_chunk(vm, 0)? {
                eof = true;
                // Anything left from the decoder's end-of-input flush was appended.
                let d = self.decoded.borrow();
                if self.decoded_pos.get() >= d.len() {
                    break;
                }
            }
            // Multi-byte terminators split across chunks.
            if !self.readuniversal.get() {
                let nl = self
                    .readnl
                    .borrow()
                    .clone()
                    .unwrap_or_else(|| b"\n".to_vec());
                if nl.len() > 1 && line.ends_with(&nl[..1]) {
                    let d = self.decoded.borrow();
                    let p = self.decoded_pos.get();
                    if d[p..].starts_with(&nl[1..]) {
                        line.extend_from_slice(&nl[1..]);
                        self.decoded_pos.set(p + nl.len() - 1);
                        break;
                    }
                }
            }
        }
        Ok(line)
    }

    // ----- positioning -------------------------------------------------------------------

    fn buffer_tell(&self, vm: &Vm) -> PyResult<BigInt> {
        let buf = self.buffer.get();
        if let Some(b) = native_buffered(&buf) {
            return Ok(BigInt::from(b.tell(vm)?));
        }
        let r = vm.call_method(&buf, "tell", &[])?;
        pyrs_vm::objects::int::as_bigint(&r)
            .ok_or_else(|| vm.type_error("tell() should return an int"))
    }

    fn tell(&self, vm: &Vm) -> PyResult<Value> {
        self.check_closed(vm)?;
        if !self.seekable.get() {
            return Err(unsupported(vm, "underlying stream is not seekable"));
        }
        if !self.telling.get() {
            return Err(
                vm.new_exception_msg(&vm.exc.os_error, "telling position disabled by next() call")
            );
        }
        self.flush(vm)?;
        let position = self.buffer_tell(vm)?;
        let snap = self.snapshot.borrow().clone();
        let (flags, input) = match snap {
            Some(s) if !self.decoded.borrow().is_empty() || self.dec.borrow().flags() != 0 => s,
            _ => {
                if self.codec.get().is_none() && !self.py_decoder.get().is_none() {
                    let st = vm.call_method(&self.py_decoder.get(), "getstate", &[])?;
                    let clean = st
                        .as_obj()
                        .and_then(|o| o.payload.as_tuple())
                        .map(|t| {
                            t.len() == 2
                                && vm.len(&t[0]).map(|n| n == 0).unwrap_or(false)
                                && matches!(t[1], Value::Int(0))
                        })
                        .unwrap_or(false);
                    if !clean {
                        return Err(unsupported(
                            vm,
                            "tell() with a pending decoder state of this codec is not supported by pyrs yet",
                        ));
                    }
                }
                return Ok(vm.new_bigint(position));
            }
        };
        let start = position - BigInt::from(input.len());
        let used = {
            let d = self.decoded.borrow();
            count_chars(&d[..self.decoded_pos.get().min(d.len())])
        };
        if self.codec.get().is_none() {
            if used == 0 && flags == 0 {
                return Ok(vm.new_bigint(start));
            }
            return Err(unsupported(
                vm,
                "tell() in the middle of text decoded by this codec is not supported by pyrs yet",
            ));
        }
        if used == 0 {
            return Ok(vm.new_bigint(encode_cookie(start, flags, 0, 0, false)));
        }
        // Fast path: UTF-8 text whose decoded form is the input itself.
        if self.codec.get() == Some(Builtin::Utf8) && flags == 0 {
            let d = self.decoded.borrow();
            let p = self.decoded_pos.get().min(d.len());
            if input.len() >= p && input[..p] == d[..p] {
                let after_cr = p > 0 && d[p - 1] == b'\r' && self.readuniversal.get();
                if !after_cr {
                    return Ok(vm.new_bigint(start + BigInt::from(p)));
                }
            }
        }
        // Replay the decoder from the snapshot one byte at a time.
        let mut st = DecoderState::from_flags(flags);
        let mut seen = 0u8;
        let mut chars = 0usize;
        let mut first_reach: Option<usize> = None;
        for k in 1..=input.len() {
            let out = self.decode_with(vm, &mut st, &mut seen, &input[k - 1..k], false)?;
            chars += count_chars(&out);
            if chars == used && st.clean() {
                return Ok(vm.new_bigint(start + BigInt::from(k)));
            }
            if chars >= used && first_reach.is_none() {
                first_reach = Some(k);
            }
            if chars > used {
                break;
            }
        }
        let k = first_reach.unwrap_or(input.len());
        Ok(vm.new_bigint(encode_cookie(start, flags, k as u64, used as u64, false)))
    }

    fn seek(&self, vm: &Vm, cookie: &Value, whence: i64) -> PyResult<Value> {
        self.check_closed(vm)?;
        if !self.seekable.get() {
            return Err(unsupported(vm, "underlying stream is not seekable"));
        }
        let mut cookie_v = cookie.clone();
        let zero = pyrs_vm::objects::int::as_bigint(cookie).map(|c| c.is_zero());
        match whence {
            1 => {
                if zero != Some(true) {
                    return Err(unsupported(vm, "can't do nonzero cur-relative seeks"));
                }
                cookie_v = self.tell(vm)?;
            }
            2 => {
                if zero != Some(true) {
                    return Err(unsupported(vm, "can't do nonzero end-relative seeks"));
                }
                self.flush(vm)?;
                self.clear_decoded();
                *self.snapshot.borrow_mut() = None;
                self.reset_decoder(vm, 0)?;
                let buf = self.buffer.get();
                let r = vm.call_method(&buf, "seek", &[Value::Int(0), Value::Int(2)])?;
                let at_start = pyrs_vm::objects::int::as_bigint(&r).map(|c| c.is_zero());
                self.bom_done.set(at_start != Some(true));
                return Ok(r);
            }
            0 => {}
            w => return Err(vm.value_error(format!("invalid whence ({w}, should be 0, 1 or 2)"))),
        }
        let c = match pyrs_vm::objects::int::as_bigint(&cookie_v) {
            Some(c) => c,
            None => {
                let idx = vm.index_value(&cookie_v)?;
                pyrs_vm::objects::int::as_bigint(&idx).unwrap_or_default()
            }
        };
        if c < BigInt::zero() {
            return Err(vm.value_error(format!(
                "negative seek position {}",
                vm.repr_string(&cookie_v)?
            )));
        }
        self.flush(vm)?;
        let (start, flags, feed, skip, need_eof) = decode_cookie(&c);
        let buf = self.buffer.get();
        vm.call_method(&buf, "seek", &[vm.new_bigint(start.clone())])?;
        self.clear_decoded();
        *self.snapshot.borrow_mut() = None;
        self.reset_decoder(vm, flags)?;
        if self.telling.get() || feed > 0 || skip > 0 {
            *self.snapshot.borrow_mut() = Some((flags, Vec::new()));
        }
        if feed > 0 || skip > 0 {
            let input = if feed > 0 {
                let r = vm.call_method(&buf, "read", &[Value::Int(feed as i64)])?;
                super::bytes_arg(vm, &r)?
            } else {
                Vec::new()
            };
            *self.snapshot.borrow_mut() = Some((flags, input.clone()));
            let text = self.decode_live(vm, &input, need_eof)?;
            if count_chars(&text) < skip as usize {
                return Err(
                    vm.new_exception_msg(&vm.exc.os_error, "can't restore logical file position")
                );
            }
            *self.decoded.borrow_mut() = text;
            let off = char_offset(&self.decoded.borrow(), skip as usize);
            self.decoded_pos.set(off);
        }
        self.bom_done.set(!c.is_zero());
        Ok(vm.new_bigint(c))
    }
}

/// CPython's cookie: start position, decoder flags, bytes to feed, chars to skip,
/// need-EOF, packed in 64-bit fields of one int.
fn encode_cookie(start: BigInt, flags: u64, feed: u64, skip: u64, need_eof: bool) -> BigInt {
    start
        + (BigInt::from(flags) << 64)
        + (BigInt::from(feed) << 128)
        + (BigInt::from(skip) << 192)
        + (BigInt::from(need_eof as u64) << 256)
}

fn decode_cookie(c: &BigInt) -> (BigInt, u64, u64, u64, bool) {
    let mask = (BigInt::from(1u8) << 64) - 1;
    let field = |shift: usize| ((c >> shift) & &mask).to_u64().unwrap_or(0);
    (
        c & &mask,
        field(64),
        field(128),
        field(192),
        field(256) != 0,
    )
}

fn get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TextIO> {
    let o: &TextIOObj = state(vm, v, "TextIOWrapper")?;
    Ok(&o.t)
}

pub fn textio_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("TextIOWrapper.__new__(X): X is not a type object")),
    };
    let obj = vm.new_native_object(
        &cls,
        TextIOObj {
            t: TextIO::new(),
            reg: RefCell::new(None),
        },
    );
    if let Some(o) = obj.payload.native::<TextIOObj>() {
        let addr = &o.t as *const TextIO as usize;
        LIVE_TEXT.with(|l| l.borrow_mut().push(addr));
        *o.reg.borrow_mut() = Some(Registration(addr));
    }
    Ok(Value::Obj(obj))
}

/// The encoding used when none is given: the locale's, which pyrs takes as UTF-8.
pub const LOCALE_ENCODING: &str = "UTF-8";

/// Look up an encoding for a text stream: a built-in codec, or Lib's incremental
/// decoder/encoder objects.
fn setup_codec(
    vm: &Vm,
    t: &TextIO,
    encoding: &str,
    errors: &str,
    readable: bool,
    writable: bool,
) -> PyResult<()> {
    t.py_decoder.set(Value::None);
    t.py_encoder.set(Value::None);
    if let Some(c) = Builtin::lookup(encoding) {
        t.codec.set(Some(c));
        return Ok(());
    }
    t.codec.set(None);
    let codecs_mod = pyrs_vm::import::import_module(vm, "codecs")
        .map_err(|_| codecs::unknown_encoding(vm, encoding))?;
    let lookup = vm.get_attr_str(&codecs_mod, "lookup")?;
    let info = vm.call(&lookup, Args::new(&[vm.new_str(encoding)]))?;
    if let Some(is_text) = super::get_attr_opt(vm, &info, "_is_text_encoding")? {
        if !vm.is_true(&is_text)? {
            return Err(vm.new_exception_msg(
                &vm.exc.lookup_error,
                format!(
                    "'{encoding}' is not a text encoding; use codecs.open() to handle arbitrary codecs"
                ),
            ));
        }
    }
    if readable {
        let f = vm.get_attr_str(&info, "incrementaldecoder")?;
        if !f.is_none() {
            t.py_decoder
                .set(vm.call(&f, Args::new(&[vm.new_str(errors)]))?);
        }
    }
    if writable {
        let f = vm.get_attr_str(&info, "incrementalencoder")?;
        if !f.is_none() {
            t.py_encoder
                .set(vm.call(&f, Args::new(&[vm.new_str(errors)]))?);
        }
    }
    Ok(())
}

fn set_newline(vm: &Vm, t: &TextIO, newline: Option<&str>) -> PyResult<()> {
    if let Some(nl) = newline {
        if !matches!(nl, "" | "\n" | "\r" | "\r\n") {
            return Err(vm.value_error(format!("illegal newline value: {nl}")));
        }
    }
    t.readuniversal.set(matches!(newline, None | Some("")));
    t.readtranslate.set(newline.is_none());
    *t.readnl.borrow_mut() = newline
        .filter(|n| !n.is_empty())
        .map(|n| n.as_bytes().to_vec());
    *t.writenl.borrow_mut() = match newline {
        None | Some("") | Some("\n") => None,
        Some(n) => Some(n.as_bytes().to_vec()),
    };
    Ok(())
}

/// `TextIOWrapper.__init__`.
#[allow(clippy::too_many_arguments)]
pub fn init_textio(
    vm: &Vm,
    s: &Value,
    buffer: Value,
    encoding: Option<String>,
    errors: Option<String>,
    newline: Option<String>,
    line_buffering: bool,
    write_through: bool,
) -> PyResult<()> {
    let t = get(vm, s)?;
    t.ok.set(false);
    t.detached.set(false);
    let encoding = match encoding {
        Some(e) if e != "locale" => e,
        _ => LOCALE_ENCODING.to_string(),
    };
    let errors = errors.unwrap_or_else(|| "strict".to_string());
    set_newline(vm, t, newline.as_deref())?;
    t.line_buffering.set(line_buffering);
    t.write_through.set(write_through);
    let readable = {
        let r = vm.call_method(&buffer, "readable", &[])?;
        vm.is_true(&r)?
    };
    let writable = {
        let r = vm.call_method(&buffer, "writable", &[])?;
        vm.is_true(&r)?
    };
    let seekable = {
        let r = vm.call_method(&buffer, "seekable", &[])?;
        vm.is_true(&r)?
    };
    setup_codec(vm, t, &encoding, &errors, readable, writable)?;
    *t.encoding.borrow_mut() = encoding;
    *t.errors.borrow_mut() = errors;
    t.readable.set(readable);
    t.writable.set(writable);
    t.seekable.set(seekable);
    t.telling.set(seekable);
    t.has_read1
        .set(super::get_attr_opt(vm, &buffer, "read1")?.is_some());
    *t.dec.borrow_mut() = DecoderState::default();
    t.seennl.set(0);
    t.clear_decoded();
    *t.snapshot.borrow_mut() = None;
    t.pending.borrow_mut().clear();
    t.bom_done.set(false);
    t.buffer.set(buffer.clone());
    t.ok.set(true);
    if seekable && writable {
        let pos = t.buffer_tell(vm)?;
        if !pos.is_zero() {
            t.bom_done.set(true);
        }
    }
    Ok(())
}

fn textio_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = "TextIOWrapper";
    let a = bind(
        vm,
        f,
        &args,
        1,
        &[
            "buffer",
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        1,
    )?;
    let encoding = super::opt_str_arg(vm, f, "encoding", a[1].as_ref())?;
    let errors = super::opt_str_arg(vm, f, "errors", a[2].as_ref())?;
    let newline = super::opt_str_arg(vm, f, "newline", a[3].as_ref())?;
    let lb = match &a[4] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    let wt = match &a[5] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    init_textio(
        vm,
        s,
        a[0].clone().unwrap_or(Value::None),
        encoding,
        errors,
        newline,
        lb,
        wt,
    )?;
    Ok(Value::None)
}

fn textio_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let a = bind(vm, "write", &args, 1, &["text"], 1)?;
    Ok(Value::Int(
        t.write(vm, a[0].as_ref().unwrap_or(&Value::None))? as i64,
    ))
}

fn textio_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    t.check_attached(vm)?;
    t.read(vm, n)
}

fn textio_readline(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let a = bind(vm, "readline", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    t.check_attached(vm)?;
    let line = t.readline(vm, n)?;
    Ok(new_str_wtf8(vm, line))
}

fn textio_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    t.check_attached(vm)?;
    t.telling.set(false);
    let line = t.readline(vm, -1)?;
    if line.is_empty() {
        *t.snapshot.borrow_mut() = None;
        t.telling.set(t.seekable.get());
        return Err(vm.stop_iteration(None));
    }
    Ok(new_str_wtf8(vm, line))
}

fn textio_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    t.check_closed(vm)?;
    Ok(s.clone())
}

fn textio_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = get(vm, this(vm, &args)?)?;
    t.flush(vm)?;
    Ok(Value::None)
}

fn textio_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    t.check_attached(vm)?;
    if t.is_closed(vm)? {
        return Ok(Value::None);
    }
    let r = t.flush(vm);
    let buf = t.buffer.get();
    let c = vm.call_method(&buf, "close", &[]);
    match (r, c) {
        (Err(e), Err(e2)) => {
            pyrs_vm::objects::exceptions::set_context(&e2, Value::Obj(e));
            Err(e2)
        }
        (Err(e), _) => Err(e),
        (_, Err(e)) => Err(e),
        _ => Ok(Value::None),
    }
}

fn textio_detach(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = get(vm, this(vm, &args)?)?;
    t.check_attached(vm)?;
    t.flush(vm)?;
    let b = t.buffer.replace(Value::None);
    t.ok.set(false);
    t.detached.set(true);
    Ok(b)
}

fn textio_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = get(vm, this(vm, &args)?)?;
    t.check_attached(vm)?;
    t.tell(vm)
}

fn textio_seek(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let a = bind(vm, "seek", &args, 1, &["cookie", "whence"], 1)?;
    let whence = match &a[1] {
        None => 0,
        Some(w) => vm.to_index(w)?,
    };
    t.check_attached(vm)?;
    t.seek(vm, a[0].as_ref().unwrap_or(&Value::None), whence)
}

fn textio_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let a = bind(vm, "truncate", &args, 1, &["pos"], 0)?;
    t.check_attached(vm)?;
    t.flush(vm)?;
    let buf = t.buffer.get();
    vm.call_method(&buf, "truncate", &[a[0].clone().unwrap_or(Value::None)])
}

fn delegate(vm: &Vm, args: Args, name: &str) -> PyResult<Value> {
    let t = get(vm, this(vm, &args)?)?;
    t.check_attached(vm)?;
    vm.call_method(&t.buffer.get(), name, &[])
}

fn textio_fileno(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "fileno")
}
fn textio_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "isatty")
}
fn textio_seekable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "seekable")
}
fn textio_readable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "readable")
}
fn textio_writable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "writable")
}

fn textio_reconfigure(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    if args.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "reconfigure() takes exactly 0 positional arguments ({} given)",
            args.pos().len() - 1
        )));
    }
    let f = "reconfigure";
    let a = bind(
        vm,
        f,
        &args,
        1,
        &[
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        0,
    )?;
    t.check_attached(vm)?;
    let encoding = super::opt_str_arg(vm, f, "encoding", a[0].as_ref())?;
    let mut errors = super::opt_str_arg(vm, f, "errors", a[1].as_ref())?;
    let newline_given = a[2].is_some();
    let newline = super::opt_str_arg(vm, f, "newline", a[2].as_ref())?;
    let started = t.decoded_set.get();
    if started && (encoding.is_some() || errors.is_some() || newline_given) {
        return Err(unsupported(
            vm,
            "It is not possible to set the encoding or newline of stream after the first read",
        ));
    }
    if encoding.is_some() && errors.is_none() {
        errors = Some("strict".to_string());
    }
    t.flush(vm)?;
    if newline_given {
        set_newline(vm, t, newline.as_deref())?;
    }
    if encoding.is_some() || errors.is_some() {
        let enc = encoding.unwrap_or_else(|| t.encoding.borrow().clone());
        let enc = if enc == "locale" {
            LOCALE_ENCODING.to_string()
        } else {
            enc
        };
        let err = errors.unwrap_or_else(|| t.errors.borrow().clone());
        setup_codec(vm, t, &enc, &err, t.readable.get(), t.writable.get())?;
        *t.encoding.borrow_mut() = enc;
        *t.errors.borrow_mut() = err;
    }
    if let Some(v) = &a[3] {
        if !v.is_none() {
            t.line_buffering.set(vm.is_true(v)?);
        }
    }
    if let Some(v) = &a[4] {
        if !v.is_none() {
            t.write_through.set(vm.is_true(v)?);
        }
    }
    Ok(Value::None)
}

fn textio_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let t = get(vm, s)?;
    let tn = super::repr_type_name(vm, s);
    if !t.ok.get() {
        return Ok(vm.new_str(format!("<{tn}>")));
    }
    let mut out = format!("<{tn}");
    match vm.get_attr_str(s, "name") {
        Ok(n) => out.push_str(&format!(" name={}", vm.repr_string(&n)?)),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.attribute_error)
                || vm.exc_matches(&e, &vm.exc.value_error) => {}
        Err(e) => return Err(e),
    }
    if let Some(m) = super::get_attr_opt(vm, s, "mode")? {
        out.push_str(&format!(" mode={}", vm.repr_string(&m)?));
    }
    out.push_str(&format!(
        " encoding={}>",
        vm.repr_string(&vm.new_str(t.encoding.borrow().clone()))?
    ));
    Ok(vm.new_str(out))
}

fn textio_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    Err(vm.type_error(format!(
        "cannot pickle '{}' object",
        super::repr_type_name(vm, s)
    )))
}

fn get_encoding(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    Ok(vm.new_str(t.encoding.borrow().clone()))
}
fn get_errors(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    Ok(vm.new_str(t.errors.borrow().clone()))
}
fn get_buffer(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    Ok(t.buffer.get())
}
fn get_line_buffering(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(get(vm, v)?.line_buffering.get()))
}
fn get_write_through(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(get(vm, v)?.write_through.get()))
}
fn get_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    vm.get_attr_str(&t.buffer.get(), "closed")
}
fn get_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    vm.get_attr_str(&t.buffer.get(), "name")
}
fn get_newlines(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = get(vm, v)?;
    t.check_attached(vm)?;
    if !t.readuniversal.get() {
        return Ok(Value::None);
    }
    Ok(newlines_value(vm, t.seennl.get()))
}
fn get_chunk_size(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(get(vm, v)?.chunk_size.get() as i64))
}
fn set_chunk_size(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let t = get(vm, v)?;
    let x =
        x.ok_or_else(|| vm.new_exception_msg(&vm.exc.attribute_error, "cannot delete attribute"))?;
    let n = vm.to_index(&x)?;
    if n <= 0 {
        return Err(vm.value_error("a strictly positive integer is required"));
    }
    t.chunk_size.set(n as usize);
    Ok(())
}

// ----- IncrementalNewlineDecoder -------------------------------------------------------

pub struct NewlineDecoder {
    decoder: ValueCell<Value>,
    translate: Cell<bool>,
    pendingcr: Cell<bool>,
    seennl: Cell<u8>,
    ok: Cell<bool>,
}

impl NativeData for NewlineDecoder {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.decoder.get());
    }
}

fn nd_get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a NewlineDecoder> {
    let d: &NewlineDecoder = state(vm, v, "IncrementalNewlineDecoder")?;
    if !d.ok.get() {
        return Err(vm.value_error("IncrementalNewlineDecoder.__init__() not called"));
    }
    Ok(d)
}

fn nd_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        NewlineDecoder {
            decoder: ValueCell::new(Value::None),
            translate: Cell::new(false),
            pendingcr: Cell::new(false),
            seennl: Cell::new(0),
            ok: Cell::new(false),
        },
    )))
}

fn nd_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let d: &NewlineDecoder = state(vm, s, "IncrementalNewlineDecoder")?;
    let a = bind(
        vm,
        "IncrementalNewlineDecoder",
        &args,
        1,
        &["decoder", "translate", "errors"],
        2,
    )?;
    d.decoder.set(a[0].clone().unwrap_or(Value::None));
    d.translate
        .set(vm.is_true(a[1].as_ref().unwrap_or(&Value::None))?);
    d.pendingcr.set(false);
    d.seennl.set(0);
    d.ok.set(true);
    Ok(Value::None)
}

fn nd_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let d = nd_get(vm, s)?;
    let a = bind(vm, "decode", &args, 1, &["input", "final"], 1)?;
    let input = a[0].clone().unwrap_or(Value::None);
    let final_ = match &a[1] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    let inner = d.decoder.get();
    let text = if inner.is_none() {
        input
    } else {
        vm.call_method(&inner, "decode", &[input, Value::Bool(final_)])?
    };
    let bytes = match text.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => s.as_bytes().to_vec(),
        None => {
            return Err(vm.type_error(format!(
                "decoder should return a string result, not '{}'",
                vm.type_name(&text)
            )))
        }
    };
    let mut pcr = d.pendingcr.get();
    let mut seen = d.seennl.get();
    let out = translate_newlines(&bytes, final_, d.translate.get(), &mut pcr, &mut seen);
    d.pendingcr.set(pcr);
    d.seennl.set(seen);
    Ok(new_str_wtf8(vm, out))
}

fn nd_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let d = nd_get(vm, s)?;
    let inner = d.decoder.get();
    let (buf, flag) = if inner.is_none() {
        (vm.new_bytes(Vec::new()), 0i64)
    } else {
        let st = vm.call_method(&inner, "getstate", &[])?;
        let t = st
            .as_obj()
            .and_then(|o| o.payload.as_tuple())
            .map(|t| t.to_vec())
            .filter(|t| t.len() == 2)
            .ok_or_else(|| vm.type_error("illegal decoder state"))?;
        (t[0].clone(), vm.to_index(&t[1])?)
    };
    let flag = (flag << 1) | d.pendingcr.get() as i64;
    Ok(vm.new_tuple(vec![buf, Value::Int(flag)]))
}

fn nd_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let d = nd_get(vm, s)?;
    let a = bind(vm, "setstate", &args, 1, &["state"], 1)?;
    let st = a[0].clone().unwrap_or(Value::None);
    let t = st
        .as_obj()
        .and_then(|o| o.payload.as_tuple())
        .map(|t| t.to_vec())
        .filter(|t| t.len() == 2)
        .ok_or_else(|| vm.type_error("state argument must be a tuple"))?;
    let flag = vm.to_index(&t[1])?;
    d.pendingcr.set(flag & 1 != 0);
    let inner = d.decoder.get();
    if !inner.is_none() {
        let inner_state = vm.new_tuple(vec![t[0].clone(), Value::Int(flag >> 1)]);
        vm.call_method(&inner, "setstate", &[inner_state])?;
    }
    Ok(Value::None)
}

fn nd_reset(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let d = nd_get(vm, s)?;
    d.seennl.set(0);
    d.pendingcr.set(false);
    let inner = d.decoder.get();
    if !inner.is_none() {
        vm.call_method(&inner, "reset", &[])?;
    }
    Ok(Value::None)
}

fn nd_newlines(vm: &Vm, v: &Value) -> PyResult<Value> {
    let d = nd_get(vm, v)?;
    Ok(newlines_value(vm, d.seennl.get()))
}

pub fn init(vm: &Vm, t: &IoTypes) {
    let c = &t.textiowrapper;
    vm.add_static(c, "__new__", textio_new);
    vm.add_method(c, "__init__", textio_init);
    vm.add_method(c, "write", textio_write);
    vm.add_method(c, "read", textio_read);
    vm.add_method(c, "readline", textio_readline);
    vm.add_method(c, "__next__", textio_next);
    vm.add_method(c, "__iter__", textio_iter);
    vm.add_method(c, "flush", textio_flush);
    vm.add_method(c, "close", textio_close);
    vm.add_method(c, "detach", textio_detach);
    vm.add_method(c, "tell", textio_tell);
    vm.add_method(c, "seek", textio_seek);
    vm.add_method(c, "truncate", textio_truncate);
    vm.add_method(c, "fileno", textio_fileno);
    vm.add_method(c, "isatty", textio_isatty);
    vm.add_method(c, "seekable", textio_seekable);
    vm.add_method(c, "readable", textio_readable);
    vm.add_method(c, "writable", textio_writable);
    vm.add_method(c, "reconfigure", textio_reconfigure);
    vm.add_method(c, "__repr__", textio_repr);
    vm.add_method(c, "__getstate__", textio_getstate);
    vm.add_getset(c, "encoding", get_encoding, None);
    vm.add_getset(c, "errors", get_errors, None);
    vm.add_getset(c, "buffer", get_buffer, None);
    vm.add_getset(c, "line_buffering", get_line_buffering, None);
    vm.add_getset(c, "write_through", get_write_through, None);
    vm.add_getset(c, "closed", get_closed, None);
    vm.add_getset(c, "name", get_name, None);
    vm.add_getset(c, "newlines", get_newlines, None);
    vm.add_getset(c, "_CHUNK_SIZE", get_chunk_size, Some(set_chunk_size));

    let d = &t.newline_decoder;
    vm.add_static(d, "__new__", nd_new);
    vm.add_method(d, "__init__", nd_init);
    vm.add_method(d, "decode", nd_decode);
    vm.add_method(d, "getstate", nd_getstate);
    vm.add_method(d, "setstate", nd_setstate);
    vm.add_method(d, "reset", nd_reset);
    vm.add_getset(d, "newlines", nd_newlines, None);
}

/// The state of a native TextIOWrapper (for the standard streams' fast paths).
pub fn native_textio(v: &Value) -> Option<&TextIO> {
    match v {
        Value::Obj(o) if super::is_exact_native(v) => o.payload.native::<TextIOObj>().map(|x| &x.t),
        _ => None,
    }
}

/// Write a str to a native TextIOWrapper (print's fast path).
pub fn textio_write_native(vm: &Vm, t: &TextIO, s: &Value) -> PyResult<()> {
    t.write(vm, s).map(|_| ())
}

/// Flush a native TextIOWrapper.
pub fn textio_flush_native(vm: &Vm, t: &TextIO) -> PyResult<()> {
    t.flush(vm)
}
