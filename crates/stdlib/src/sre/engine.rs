//! The matching engine: runs the code `re._compiler` produces against a subject, with
//! the semantics of CPython 3.11's sre_lib.h.
//!
//! Backtracking never recurses on the Rust stack: where CPython's engine "calls" a
//! sub-match (a branch alternative, a repeat body, a lookaround, the tail after a repeat)
//! it pushes a context on `State::ctxs` and resumes the caller at its `Jump` point when
//! the sub-match returns. Saved group marks and zero-width protection pointers live on a
//! separate data stack (`State::data`). Both stacks grow on the heap, so catastrophic
//! patterns cost time and memory, never a crash.
//!
//! Positions are indices into the subject slice `s` (the whole string: lookbehinds may
//! look before `pos`); `NONE` stands for CPython's NULL pointers.

use super::chars::*;
use super::constants::*;

/// "No position" (an unset mark, an unset zero-width guard).
pub const NONE: usize = usize::MAX;

/// A character unit of a subject: a byte (bytes and ASCII strs) or a code point.
pub trait Ch: Copy {
    fn cp(self) -> u32;
}

impl Ch for u8 {
    #[inline(always)]
    fn cp(self) -> u32 {
        self as u32
    }
}

impl Ch for u32 {
    #[inline(always)]
    fn cp(self) -> u32 {
        self
    }
}

/// Why a match could not run to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SreError {
    /// The code holds an opcode or operand the engine cannot run.
    Illegal,
    /// MAX_UNTIL/MIN_UNTIL without an enclosing REPEAT.
    State,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    RepeatOne3,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// One activation of the matcher: where it is in the code and the subject, and the
/// state an opcode keeps across the sub-matches it starts.
#[derive(Clone, Copy, Debug)]
struct Ctx {
    pc: usize,
    ptr: usize,
    count: isize,
    /// The literal a REPEAT_ONE tail starts with.
    chr: u32,
    /// The repeat a MAX_UNTIL/MIN_UNTIL/REPEAT works on (index into `repeats`).
    rep: usize,
    lastmark: isize,
    lastindex: isize,
    toplevel: bool,
    /// Where the parent resumes when this context returns.
    jump: Jump,
}

impl Ctx {
    fn new(pc: usize, ptr: usize, toplevel: bool, jump: Jump) -> Ctx {
        Ctx {
            pc,
            ptr,
            count: 0,
            chr: 0,
            rep: NONE,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump,
        }
    }
}

/// A REPEAT in progress: how many times its body matched, where its code is, the
/// enclosing repeat, and the position of the last body start (zero-width guard).
#[derive(Clone, Copy, Debug)]
struct Repeat {
    count: isize,
    pc: usize,
    prev: usize,
    last_ptr: usize,
}

/// The shape of a character set, for the loops that test many characters.
enum SetKind {
    /// One category test.
    Category(u32),
    /// A 256-bit bitmap at this code offset (characters >= 256 are out).
    Bitmap(usize),
    General,
}

/// What the dispatcher does next.
enum Act {
    /// Check the INFO block of the current context, then run it.
    Enter,
    /// Run opcodes of the current context from its `pc`.
    Dispatch,
    /// Start a sub-match at `pc` (from `self.ptr`); resume the current context at `Jump`.
    Call(usize, Jump, bool),
    /// The current context finished.
    Ret(bool),
    Err(SreError),
}

/// The state of one match or search over a subject (CPython's SRE_STATE).
pub struct State<'a, C: Ch> {
    code: &'a [u32],
    pub s: &'a [C],
    /// Where the current attempt starts (`state->start`).
    pub start: usize,
    pub end: usize,
    pub pos: usize,
    /// The current position; after a successful match, its end.
    pub ptr: usize,
    /// Group marks: `marks[2g]`, `marks[2g+1]` for group g+1; valid up to `lastmark`.
    pub marks: Vec<usize>,
    pub lastmark: isize,
    pub lastindex: isize,
    pub match_all: bool,
    pub must_advance: bool,
    repeat: usize,
    repeats: Vec<Repeat>,
    data: Vec<usize>,
    ctxs: Vec<Ctx>,
}

impl<'a, C: Ch> State<'a, C> {
    /// A state for `code` over `s[pos..endpos]` (bounds already clamped by the caller).
    pub fn new(code: &'a [u32], s: &'a [C], groups: usize, pos: usize, endpos: usize) -> Self {
        // The engine never reads past `endpos`: the slice ends there, so that checks
        // against `end` also prove the indexing in bounds.
        let endpos = endpos.min(s.len());
        let s = &s[..endpos];
        State {
            code,
            s,
            start: pos,
            end: endpos,
            pos,
            ptr: pos,
            marks: vec![NONE; groups * 2],
            lastmark: -1,
            lastindex: -1,
            match_all: false,
            must_advance: false,
            repeat: NONE,
            repeats: Vec::new(),
            data: Vec::new(),
            ctxs: Vec::new(),
        }
    }

    /// Forget the groups of the previous attempt (between matches of findall/sub/...).
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = NONE;
        self.repeats.clear();
        self.data.clear();
        self.ctxs.clear();
    }

    /// The span of group `g` (1-based), if it matched.
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize <= self.lastmark {
            let (a, b) = (self.marks[j], self.marks[j + 1]);
            if a != NONE && b != NONE {
                return Some((a, b));
            }
        }
        None
    }

    #[inline(always)]
    fn c(&self, i: usize) -> u32 {
        match self.code.get(i) {
            Some(&v) => v,
            None => FAILURE,
        }
    }

    #[inline(always)]
    fn ch(&self, i: usize) -> u32 {
        self.s[i].cp()
    }

    // ----- marks -------------------------------------------------------------------

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            self.data.extend_from_slice(&self.marks[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let at = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[at..]);
            self.data.truncate(at);
        }
    }

    fn mark_pop_keep(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let at = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[at..]);
        }
    }

    fn mark_pop_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let at = self.data.len() - n;
            self.data.truncate(at);
        }
    }

    #[inline]
    fn lastmark_save(&self, ctx: &mut Ctx) {
        ctx.lastmark = self.lastmark;
        ctx.lastindex = self.lastindex;
    }

    #[inline]
    fn lastmark_restore(&mut self, ctx: &Ctx) {
        self.lastmark = ctx.lastmark;
        self.lastindex = ctx.lastindex;
    }

    // ----- character tests ----------------------------------------------------------

    #[inline]
    fn at(&self, ptr: usize, at: u32) -> bool {
        let (beg, end) = (0usize, self.end);
        let word = |f: fn(u32) -> bool| -> (bool, bool) {
            let that = ptr > beg && f(self.ch(ptr - 1));
            let this = ptr < end && f(self.ch(ptr));
            (this, that)
        };
        match at {
            AT_BEGINNING | AT_BEGINNING_STRING => ptr == beg,
            AT_BEGINNING_LINE => ptr == beg || self.ch(ptr - 1) == b'\n' as u32,
            AT_END => (ptr + 1 == end && self.ch(ptr) == b'\n' as u32) || ptr == end,
            AT_END_LINE => ptr == end || (ptr < self.s.len() && self.ch(ptr) == b'\n' as u32),
            AT_END_STRING => ptr == end,
            AT_BOUNDARY | AT_NON_BOUNDARY => {
                if beg == end {
                    return false;
                }
                let (this, that) = word(ascii_is_word);
                (this != that) == (at == AT_BOUNDARY)
            }
            AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY => {
                if beg == end {
                    return false;
                }
                let (this, that) = word(loc_is_word);
                (this != that) == (at == AT_LOC_BOUNDARY)
            }
            AT_UNI_BOUNDARY | AT_UNI_NON_BOUNDARY => {
                if beg == end {
                    return false;
                }
                let (this, that) = word(uni_is_word);
                (this != that) == (at == AT_UNI_BOUNDARY)
            }
            _ => false,
        }
    }

    /// The shape of the set at `set`, for loops that test many characters against it.
    #[inline]
    fn set_kind(&self, set: usize) -> SetKind {
        match self.c(set) {
            CATEGORY if self.c(set + 2) == FAILURE => SetKind::Category(self.c(set + 1)),
            CHARSET if self.c(set + 9) == FAILURE => SetKind::Bitmap(set + 1),
            _ => SetKind::General,
        }
    }

    /// The first position in `from..end` whose character is (`want`) or is not in the
    /// set at `set`.
    #[inline]
    fn scan_set(&self, set: usize, from: usize, end: usize, want: bool) -> usize {
        let s = &self.s[..end];
        let mut p = from;
        match self.set_kind(set) {
            SetKind::Category(cat) => {
                while p < s.len() && category(cat, s[p].cp()) != want {
                    p += 1;
                }
            }
            SetKind::Bitmap(bits) => {
                while p < s.len() {
                    let c = s[p].cp();
                    let hit = c < 256 && self.c(bits + (c >> 5) as usize) & (1u32 << (c & 31)) != 0;
                    if hit == want {
                        break;
                    }
                    p += 1;
                }
            }
            SetKind::General => {
                while p < s.len() && self.charset(set, s[p].cp()) != want {
                    p += 1;
                }
            }
        }
        p
    }

    /// Whether `ch` is in the set whose code starts at `set`.
    #[inline]
    fn charset(&self, mut set: usize, ch: u32) -> bool {
        let mut ok = true;
        loop {
            let op = self.c(set);
            set += 1;
            match op {
                FAILURE => return !ok,
                LITERAL => {
                    if ch == self.c(set) {
                        return ok;
                    }
                    set += 1;
                }
                CATEGORY => {
                    if category(self.c(set), ch) {
                        return ok;
                    }
                    set += 1;
                }
                CHARSET => {
                    if ch < 256 && self.c(set + (ch as usize >> 5)) & (1u32 << (ch & 31)) != 0 {
                        return ok;
                    }
                    set += 8;
                }
                RANGE => {
                    if self.c(set) <= ch && ch <= self.c(set + 1) {
                        return ok;
                    }
                    set += 2;
                }
                RANGE_UNI_IGNORE => {
                    if self.c(set) <= ch && ch <= self.c(set + 1) {
                        return ok;
                    }
                    let uch = uni_upper(ch);
                    if self.c(set) <= uch && uch <= self.c(set + 1) {
                        return ok;
                    }
                    set += 2;
                }
                NEGATE => ok = !ok,
                BIGCHARSET => {
                    let count = self.c(set) as usize;
                    set += 1;
                    if ch < 0x10000 {
                        let hi = (ch >> 8) as usize;
                        let word = self.c(set + hi / 4);
                        let block = ((word >> (8 * (hi % 4))) & 0xFF) as usize;
                        let bits = self.c(set + 64 + (block * 256 + (ch as usize & 255)) / 32);
                        if bits & (1u32 << (ch & 31)) != 0 {
                            return ok;
                        }
                    }
                    set += 64 + count * 8;
                }
                _ => return false,
            }
        }
    }

    fn charset_loc_ignore(&self, set: usize, ch: u32) -> bool {
        let lo = loc_lower(ch);
        if self.charset(set, lo) {
            return true;
        }
        let up = loc_upper(ch);
        up != lo && self.charset(set, up)
    }

    /// Whether the single-character item at `pc` matches `ch`; None if the opcode there
    /// is not a single-character one.
    #[inline]
    fn match_one(&self, pc: usize, ch: u32) -> Option<bool> {
        let arg = self.c(pc + 1);
        Some(match self.c(pc) {
            LITERAL => ch == arg,
            NOT_LITERAL => ch != arg,
            ANY => ch != b'\n' as u32,
            ANY_ALL => true,
            IN => self.charset(pc + 2, ch),
            CATEGORY => category(arg, ch),
            LITERAL_IGNORE => ascii_lower(ch) == arg,
            NOT_LITERAL_IGNORE => ascii_lower(ch) != arg,
            LITERAL_UNI_IGNORE => uni_lower(ch) == arg,
            NOT_LITERAL_UNI_IGNORE => uni_lower(ch) != arg,
            LITERAL_LOC_IGNORE => char_loc_ignore(arg, ch),
            NOT_LITERAL_LOC_IGNORE => !char_loc_ignore(arg, ch),
            IN_IGNORE => self.charset(pc + 2, ascii_lower(ch)),
            IN_UNI_IGNORE => self.charset(pc + 2, uni_lower(ch)),
            IN_LOC_IGNORE => self.charset_loc_ignore(pc + 2, ch),
            _ => return None,
        })
    }

    /// How many times (up to `maxcount`) the single-character item at `pc` matches
    /// from `self.ptr`.
    #[inline]
    fn count(&self, pc: usize, maxcount: u32) -> Result<usize, SreError> {
        let start = self.ptr;
        let mut end = self.end;
        if maxcount != MAXREPEAT && (maxcount as usize) < end.saturating_sub(start) {
            end = start + maxcount as usize;
        }
        let s = &self.s[..end];
        let mut p = start;
        let arg = self.c(pc + 1);
        match self.c(pc) {
            IN => p = self.scan_set(pc + 2, p, end, false),
            ANY => {
                while p < end && s[p].cp() != b'\n' as u32 {
                    p += 1;
                }
            }
            ANY_ALL => p = end,
            LITERAL => {
                while p < end && s[p].cp() == arg {
                    p += 1;
                }
            }
            NOT_LITERAL => {
                while p < end && s[p].cp() != arg {
                    p += 1;
                }
            }
            LITERAL_IGNORE => {
                while p < end && ascii_lower(s[p].cp()) == arg {
                    p += 1;
                }
            }
            NOT_LITERAL_IGNORE => {
                while p < end && ascii_lower(s[p].cp()) != arg {
                    p += 1;
                }
            }
            LITERAL_UNI_IGNORE => {
                while p < end && uni_lower(s[p].cp()) == arg {
                    p += 1;
                }
            }
            NOT_LITERAL_UNI_IGNORE => {
                while p < end && uni_lower(s[p].cp()) != arg {
                    p += 1;
                }
            }
            _ => {
                while p < end {
                    match self.match_one(pc, s[p].cp()) {
                        Some(true) => p += 1,
                        Some(false) => break,
                        None => return Err(SreError::Illegal),
                    }
                }
            }
        }
        Ok(p.saturating_sub(start))
    }

    // ----- the matcher ---------------------------------------------------------------

    /// Match the code at `pc` at `self.ptr`. On success `self.ptr` is the end of the
    /// match and the marks hold the groups.
    pub fn run(&mut self, pc: usize, toplevel: bool) -> Result<bool, SreError> {
        let base = self.ctxs.len();
        let mut ctx = Ctx::new(pc, self.ptr, toplevel, Jump::None);
        let mut act = Act::Enter;
        loop {
            act = match act {
                Act::Enter => {
                    ctx.ptr = self.ptr;
                    if self.c(ctx.pc) == INFO {
                        let min = self.c(ctx.pc + 3) as usize;
                        if min != 0 && self.end.saturating_sub(ctx.ptr) < min {
                            Act::Ret(false)
                        } else {
                            ctx.pc += self.c(ctx.pc + 1) as usize + 1;
                            Act::Dispatch
                        }
                    } else {
                        Act::Dispatch
                    }
                }
                Act::Dispatch => self.dispatch(&mut ctx),
                Act::Call(pc, jump, toplevel) => {
                    self.ctxs.push(ctx);
                    ctx = Ctx::new(pc, self.ptr, toplevel, jump);
                    Act::Enter
                }
                Act::Ret(r) => {
                    if self.ctxs.len() == base {
                        return Ok(r);
                    }
                    let jump = ctx.jump;
                    ctx = match self.ctxs.pop() {
                        Some(c) => c,
                        None => return Err(SreError::State),
                    };
                    self.resume(&mut ctx, jump, r)
                }
                Act::Err(e) => {
                    self.ctxs.truncate(base);
                    return Err(e);
                }
            };
        }
    }

    /// Run opcodes from `ctx.pc` at `ctx.ptr` until the context calls a sub-match or
    /// returns.
    fn dispatch(&mut self, ctx: &mut Ctx) -> Act {
        let subject = self.s;
        let end = subject.len();
        let mut pc = ctx.pc;
        let mut ptr = ctx.ptr;
        macro_rules! fail {
            () => {{
                ctx.pc = pc;
                ctx.ptr = ptr;
                return Act::Ret(false);
            }};
        }
        loop {
            let op = self.c(pc);
            pc += 1;
            match op {
                MARK => {
                    let i = self.c(pc) as usize;
                    if i >= self.marks.len() {
                        return Act::Err(SreError::Illegal);
                    }
                    if i & 1 == 1 {
                        self.lastindex = (i / 2 + 1) as isize;
                    }
                    if i as isize > self.lastmark {
                        let from = (self.lastmark + 1) as usize;
                        for m in &mut self.marks[from..i] {
                            *m = NONE;
                        }
                        self.lastmark = i as isize;
                    }
                    self.marks[i] = ptr;
                    pc += 1;
                }
                LITERAL => {
                    if ptr >= end || subject[ptr].cp() != self.c(pc) {
                        fail!()
                    }
                    pc += 1;
                    ptr += 1;
                }
                NOT_LITERAL => {
                    if ptr >= end || subject[ptr].cp() == self.c(pc) {
                        fail!()
                    }
                    pc += 1;
                    ptr += 1;
                }
                SUCCESS => {
                    if ctx.toplevel
                        && ((self.match_all && ptr != self.end)
                            || (self.must_advance && ptr == self.start))
                    {
                        fail!()
                    }
                    self.ptr = ptr;
                    ctx.ptr = ptr;
                    return Act::Ret(true);
                }
                AT => {
                    if !self.at(ptr, self.c(pc)) {
                        fail!()
                    }
                    pc += 1;
                }
                CATEGORY => {
                    if ptr >= end || !category(self.c(pc), subject[ptr].cp()) {
                        fail!()
                    }
                    pc += 1;
                    ptr += 1;
                }
                ANY => {
                    if ptr >= end || subject[ptr].cp() == b'\n' as u32 {
                        fail!()
                    }
                    ptr += 1;
                }
                ANY_ALL => {
                    if ptr >= end {
                        fail!()
                    }
                    ptr += 1;
                }
                IN => {
                    if ptr >= end || !self.charset(pc + 1, subject[ptr].cp()) {
                        fail!()
                    }
                    pc += self.c(pc) as usize;
                    ptr += 1;
                }
                LITERAL_IGNORE
                | LITERAL_UNI_IGNORE
                | LITERAL_LOC_IGNORE
                | NOT_LITERAL_IGNORE
                | NOT_LITERAL_UNI_IGNORE
                | NOT_LITERAL_LOC_IGNORE => {
                    if ptr >= end || self.match_one(pc - 1, subject[ptr].cp()) != Some(true) {
                        fail!()
                    }
                    pc += 1;
                    ptr += 1;
                }
                IN_IGNORE | IN_UNI_IGNORE | IN_LOC_IGNORE => {
                    if ptr >= end || self.match_one(pc - 1, subject[ptr].cp()) != Some(true) {
                        fail!()
                    }
                    pc += self.c(pc) as usize;
                    ptr += 1;
                }
                JUMP | INFO => {
                    pc += self.c(pc) as usize;
                }
                BRANCH => {
                    self.lastmark_save(ctx);
                    if self.repeat != NONE {
                        self.mark_push(ctx.lastmark);
                    }
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    return self.branch_next(ctx);
                }
                REPEAT_ONE => {
                    // <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                    let min = self.c(pc + 1) as usize;
                    if min > end.saturating_sub(ptr) {
                        fail!()
                    }
                    // A required first item that does not match here: fail without
                    // counting.
                    if min > 0 && self.match_one(pc + 3, subject[ptr].cp()) == Some(false) {
                        fail!()
                    }
                    self.ptr = ptr;
                    let count = match self.count(pc + 3, self.c(pc + 2)) {
                        Ok(n) => n,
                        Err(e) => return Act::Err(e),
                    };
                    ptr += count;
                    if count < min {
                        fail!()
                    }
                    let tail = pc + self.c(pc) as usize;
                    if self.c(tail) == SUCCESS
                        && ptr == self.end
                        && !(ctx.toplevel && self.must_advance && ptr == self.start)
                    {
                        self.ptr = ptr;
                        return Act::Ret(true);
                    }
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    ctx.count = count as isize;
                    self.lastmark_save(ctx);
                    if self.repeat != NONE {
                        self.mark_push(ctx.lastmark);
                    }
                    if self.c(tail) == LITERAL {
                        ctx.chr = self.c(tail + 1);
                        return self.repeat_one_literal(ctx);
                    }
                    if let Some(item) = self.first_item(tail) {
                        // The tail needs a character: only try it where that fits.
                        ctx.chr = item as u32;
                        return self.repeat_one_item(ctx);
                    }
                    return self.repeat_one_general(ctx);
                }
                MIN_REPEAT_ONE => {
                    // <MIN_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                    let min = self.c(pc + 1) as usize;
                    if min > end.saturating_sub(ptr) {
                        fail!()
                    }
                    self.ptr = ptr;
                    let mut count = 0;
                    if min != 0 {
                        count = match self.count(pc + 3, min as u32) {
                            Ok(n) => n,
                            Err(e) => return Act::Err(e),
                        };
                        if count < min {
                            fail!()
                        }
                        ptr += count;
                    }
                    let tail = pc + self.c(pc) as usize;
                    if self.c(tail) == SUCCESS
                        && !(ctx.toplevel
                            && ((self.match_all && ptr != self.end)
                                || (self.must_advance && ptr == self.start)))
                    {
                        self.ptr = ptr;
                        return Act::Ret(true);
                    }
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    ctx.count = count as isize;
                    self.lastmark_save(ctx);
                    if self.repeat != NONE {
                        self.mark_push(ctx.lastmark);
                    }
                    return self.min_repeat_one_next(ctx);
                }
                POSSESSIVE_REPEAT_ONE => {
                    let min = self.c(pc + 1) as usize;
                    if min > end.saturating_sub(ptr) {
                        fail!()
                    }
                    self.ptr = ptr;
                    let count = match self.count(pc + 3, self.c(pc + 2)) {
                        Ok(n) => n,
                        Err(e) => return Act::Err(e),
                    };
                    ptr += count;
                    if count < min {
                        fail!()
                    }
                    pc += self.c(pc) as usize;
                    if self.c(pc) == SUCCESS
                        && ptr == self.end
                        && !(ctx.toplevel && self.must_advance && ptr == self.start)
                    {
                        self.ptr = ptr;
                        return Act::Ret(true);
                    }
                }
                REPEAT => {
                    // <REPEAT> <skip> <1=min> <2=max> <3=repeat_index> item <UNTIL> tail
                    ctx.rep = self.repeats.len();
                    self.repeats.push(Repeat {
                        count: -1,
                        pc,
                        prev: self.repeat,
                        last_ptr: NONE,
                    });
                    self.repeat = ctx.rep;
                    self.ptr = ptr;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    return Act::Call(pc + self.c(pc) as usize, Jump::Repeat, ctx.toplevel);
                }
                MAX_UNTIL => {
                    let rep = self.repeat;
                    if rep == NONE {
                        return Act::Err(SreError::State);
                    }
                    self.ptr = ptr;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    ctx.rep = rep;
                    ctx.count = self.repeats[rep].count + 1;
                    let rpc = self.repeats[rep].pc;
                    let (min, max) = (self.c(rpc + 1), self.c(rpc + 2));
                    if ctx.count < min as isize {
                        self.repeats[rep].count = ctx.count;
                        return Act::Call(rpc + 3, Jump::MaxUntil1, ctx.toplevel);
                    }
                    if (ctx.count < max as isize || max == MAXREPEAT)
                        && self.ptr != self.repeats[rep].last_ptr
                    {
                        self.repeats[rep].count = ctx.count;
                        self.lastmark_save(ctx);
                        self.mark_push(ctx.lastmark);
                        self.data.push(self.repeats[rep].last_ptr);
                        self.repeats[rep].last_ptr = self.ptr;
                        return Act::Call(rpc + 3, Jump::MaxUntil2, ctx.toplevel);
                    }
                    self.repeat = self.repeats[rep].prev;
                    return Act::Call(pc, Jump::MaxUntil3, ctx.toplevel);
                }
                MIN_UNTIL => {
                    let rep = self.repeat;
                    if rep == NONE {
                        return Act::Err(SreError::State);
                    }
                    self.ptr = ptr;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    ctx.rep = rep;
                    ctx.count = self.repeats[rep].count + 1;
                    let rpc = self.repeats[rep].pc;
                    if ctx.count < self.c(rpc + 1) as isize {
                        self.repeats[rep].count = ctx.count;
                        return Act::Call(rpc + 3, Jump::MinUntil1, ctx.toplevel);
                    }
                    self.repeat = self.repeats[rep].prev;
                    self.lastmark_save(ctx);
                    if self.repeat != NONE {
                        self.mark_push(ctx.lastmark);
                    }
                    return Act::Call(pc, Jump::MinUntil2, ctx.toplevel);
                }
                POSSESSIVE_REPEAT => {
                    // <POSSESSIVE_REPEAT> <skip> <1=min> <2=max> pattern <SUCCESS> tail
                    self.ptr = ptr;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    ctx.count = 0;
                    return self.poss_repeat_min(ctx);
                }
                ATOMIC_GROUP => {
                    self.ptr = ptr;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    return Act::Call(pc + 1, Jump::AtomicGroup, false);
                }
                GROUPREF | GROUPREF_IGNORE | GROUPREF_UNI_IGNORE | GROUPREF_LOC_IGNORE => {
                    let g = self.c(pc) as usize * 2;
                    if g as isize >= self.lastmark {
                        fail!()
                    }
                    let (mut p, e) = (self.marks[g], self.marks[g + 1]);
                    if p == NONE || e == NONE || e < p {
                        fail!()
                    }
                    while p < e {
                        if ptr >= end {
                            fail!()
                        }
                        let (a, b) = (subject[ptr].cp(), self.ch(p));
                        let same = match op {
                            GROUPREF => a == b,
                            GROUPREF_IGNORE => ascii_lower(a) == ascii_lower(b),
                            GROUPREF_UNI_IGNORE => uni_lower(a) == uni_lower(b),
                            _ => loc_lower(a) == loc_lower(b),
                        };
                        if !same {
                            fail!()
                        }
                        p += 1;
                        ptr += 1;
                    }
                    pc += 1;
                }
                GROUPREF_EXISTS => {
                    // <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno
                    let g = self.c(pc) as usize * 2;
                    let exists = (g as isize) < self.lastmark && {
                        let (p, e) = (self.marks[g], self.marks[g + 1]);
                        p != NONE && e != NONE && e >= p
                    };
                    if exists {
                        pc += 2;
                    } else {
                        pc += self.c(pc + 1) as usize;
                    }
                }
                ASSERT => {
                    // <ASSERT> <skip> <back> <pattern>
                    let back = self.c(pc + 1) as usize;
                    if ptr < back {
                        fail!()
                    }
                    self.ptr = ptr - back;
                    ctx.pc = pc;
                    ctx.ptr = ptr;
                    return Act::Call(pc + 2, Jump::Assert, false);
                }
                ASSERT_NOT => {
                    let back = self.c(pc + 1) as usize;
                    if ptr >= back {
                        self.ptr = ptr - back;
                        ctx.pc = pc;
                        ctx.ptr = ptr;
                        self.lastmark_save(ctx);
                        if self.repeat != NONE {
                            self.mark_push(ctx.lastmark);
                        }
                        return Act::Call(pc + 2, Jump::AssertNot, false);
                    }
                    pc += self.c(pc) as usize;
                }
                FAILURE => fail!(),
                _ => return Act::Err(SreError::Illegal),
            }
        }
    }

    /// Try the BRANCH alternatives from the one whose skip word is at `ctx.pc`.
    fn branch_next(&mut self, ctx: &mut Ctx) -> Act {
        let ptr = ctx.ptr;
        loop {
            let p = ctx.pc;
            let skip = self.c(p) as usize;
            if skip == 0 {
                if self.repeat != NONE {
                    self.mark_pop_discard(ctx.lastmark);
                }
                return Act::Ret(false);
            }
            let op = self.c(p + 1);
            if op == LITERAL && (ptr >= self.end || self.ch(ptr) != self.c(p + 2)) {
                ctx.pc += skip;
                continue;
            }
            if op == IN && (ptr >= self.end || !self.charset(p + 3, self.ch(ptr))) {
                ctx.pc += skip;
                continue;
            }
            self.ptr = ptr;
            return Act::Call(p + 1, Jump::Branch, ctx.toplevel);
        }
    }

    /// REPEAT_ONE whose tail starts with a literal: back off to positions where the
    /// literal follows, and try the tail there.
    fn repeat_one_literal(&mut self, ctx: &mut Ctx) -> Act {
        let min = self.c(ctx.pc + 1) as isize;
        let end = self.end;
        while ctx.count >= min && (ctx.ptr >= end || self.ch(ctx.ptr) != ctx.chr) {
            ctx.ptr = ctx.ptr.wrapping_sub(1);
            ctx.count -= 1;
        }
        if ctx.count < min {
            if self.repeat != NONE {
                self.mark_pop_discard(ctx.lastmark);
            }
            return Act::Ret(false);
        }
        self.ptr = ctx.ptr;
        let tail = ctx.pc + self.c(ctx.pc) as usize;
        Act::Call(tail, Jump::RepeatOne1, ctx.toplevel)
    }

    /// REPEAT_ONE whose tail must start with the single-character item at `ctx.chr`:
    /// back off to positions where it matches, and try the tail there.
    fn repeat_one_item(&mut self, ctx: &mut Ctx) -> Act {
        let min = self.c(ctx.pc + 1) as isize;
        let end = self.end;
        let item = ctx.chr as usize;
        while ctx.count >= min
            && (ctx.ptr >= end || self.match_one(item, self.ch(ctx.ptr)) == Some(false))
        {
            ctx.ptr = ctx.ptr.wrapping_sub(1);
            ctx.count -= 1;
        }
        if ctx.count < min {
            if self.repeat != NONE {
                self.mark_pop_discard(ctx.lastmark);
            }
            return Act::Ret(false);
        }
        self.ptr = ctx.ptr;
        let tail = ctx.pc + self.c(ctx.pc) as usize;
        Act::Call(tail, Jump::RepeatOne3, ctx.toplevel)
    }

    fn repeat_one_general(&mut self, ctx: &mut Ctx) -> Act {
        let min = self.c(ctx.pc + 1) as isize;
        if ctx.count < min {
            if self.repeat != NONE {
                self.mark_pop_discard(ctx.lastmark);
            }
            return Act::Ret(false);
        }
        self.ptr = ctx.ptr;
        let tail = ctx.pc + self.c(ctx.pc) as usize;
        Act::Call(tail, Jump::RepeatOne2, ctx.toplevel)
    }

    fn min_repeat_one_next(&mut self, ctx: &mut Ctx) -> Act {
        let max = self.c(ctx.pc + 2);
        if max == MAXREPEAT || ctx.count <= max as isize {
            self.ptr = ctx.ptr;
            let tail = ctx.pc + self.c(ctx.pc) as usize;
            return Act::Call(tail, Jump::MinRepeatOne, ctx.toplevel);
        }
        if self.repeat != NONE {
            self.mark_pop_discard(ctx.lastmark);
        }
        Act::Ret(false)
    }

    fn poss_repeat_min(&mut self, ctx: &mut Ctx) -> Act {
        if ctx.count < self.c(ctx.pc + 1) as isize {
            return Act::Call(ctx.pc + 3, Jump::PossRepeat1, false);
        }
        // The "last position" starts unset so that the loop below runs at least once.
        ctx.ptr = NONE;
        self.poss_repeat_more(ctx)
    }

    fn poss_repeat_more(&mut self, ctx: &mut Ctx) -> Act {
        let max = self.c(ctx.pc + 2);
        if (ctx.count < max as isize || max == MAXREPEAT) && self.ptr != ctx.ptr {
            self.lastmark_save(ctx);
            self.mark_push(ctx.lastmark);
            ctx.ptr = self.ptr;
            return Act::Call(ctx.pc + 3, Jump::PossRepeat2, false);
        }
        ctx.pc += self.c(ctx.pc) as usize + 1;
        ctx.ptr = self.ptr;
        Act::Dispatch
    }

    /// Continue the context `ctx` after the sub-match it started at `jump` returned `r`.
    fn resume(&mut self, ctx: &mut Ctx, jump: Jump, r: bool) -> Act {
        match jump {
            Jump::None => Act::Err(SreError::State),
            Jump::Branch => {
                if r {
                    if self.repeat != NONE {
                        self.mark_pop_discard(ctx.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat != NONE {
                    self.mark_pop_keep(ctx.lastmark);
                }
                self.lastmark_restore(ctx);
                ctx.pc += self.c(ctx.pc) as usize;
                self.branch_next(ctx)
            }
            Jump::RepeatOne1 | Jump::RepeatOne2 | Jump::RepeatOne3 => {
                if r {
                    if self.repeat != NONE {
                        self.mark_pop_discard(ctx.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat != NONE {
                    self.mark_pop_keep(ctx.lastmark);
                }
                self.lastmark_restore(ctx);
                ctx.ptr = ctx.ptr.wrapping_sub(1);
                ctx.count -= 1;
                match jump {
                    Jump::RepeatOne1 => self.repeat_one_literal(ctx),
                    Jump::RepeatOne3 => self.repeat_one_item(ctx),
                    _ => self.repeat_one_general(ctx),
                }
            }
            Jump::MinRepeatOne => {
                if r {
                    if self.repeat != NONE {
                        self.mark_pop_discard(ctx.lastmark);
                    }
                    return Act::Ret(true);
                }
                if self.repeat != NONE {
                    self.mark_pop_keep(ctx.lastmark);
                }
                self.lastmark_restore(ctx);
                self.ptr = ctx.ptr;
                match self.count(ctx.pc + 3, 1) {
                    Ok(0) => {
                        if self.repeat != NONE {
                            self.mark_pop_discard(ctx.lastmark);
                        }
                        Act::Ret(false)
                    }
                    Ok(_) => {
                        ctx.ptr += 1;
                        ctx.count += 1;
                        self.min_repeat_one_next(ctx)
                    }
                    Err(e) => Act::Err(e),
                }
            }
            Jump::Repeat => {
                self.repeat = self.repeats[ctx.rep].prev;
                self.repeats.truncate(ctx.rep);
                Act::Ret(r)
            }
            Jump::MaxUntil1 | Jump::MinUntil1 => {
                if r {
                    return Act::Ret(true);
                }
                self.repeats[ctx.rep].count = ctx.count - 1;
                self.ptr = ctx.ptr;
                Act::Ret(false)
            }
            Jump::MaxUntil2 => {
                let rep = ctx.rep;
                self.repeats[rep].last_ptr = self.data.pop().unwrap_or(NONE);
                if r {
                    self.mark_pop_discard(ctx.lastmark);
                    return Act::Ret(true);
                }
                self.mark_pop(ctx.lastmark);
                self.lastmark_restore(ctx);
                self.repeats[rep].count = ctx.count - 1;
                self.ptr = ctx.ptr;
                self.repeat = self.repeats[rep].prev;
                Act::Call(ctx.pc, Jump::MaxUntil3, ctx.toplevel)
            }
            Jump::MaxUntil3 => {
                self.repeat = ctx.rep;
                if r {
                    return Act::Ret(true);
                }
                self.ptr = ctx.ptr;
                Act::Ret(false)
            }
            Jump::MinUntil2 => {
                let rep = ctx.rep;
                let repeat_of_tail = self.repeat;
                self.repeat = rep;
                if r {
                    if repeat_of_tail != NONE {
                        self.mark_pop_discard(ctx.lastmark);
                    }
                    return Act::Ret(true);
                }
                if repeat_of_tail != NONE {
                    self.mark_pop(ctx.lastmark);
                }
                self.lastmark_restore(ctx);
                self.ptr = ctx.ptr;
                let max = self.c(self.repeats[rep].pc + 2);
                if (ctx.count >= max as isize && max != MAXREPEAT)
                    || self.ptr == self.repeats[rep].last_ptr
                {
                    return Act::Ret(false);
                }
                self.repeats[rep].count = ctx.count;
                self.data.push(self.repeats[rep].last_ptr);
                self.repeats[rep].last_ptr = self.ptr;
                Act::Call(self.repeats[rep].pc + 3, Jump::MinUntil3, ctx.toplevel)
            }
            Jump::MinUntil3 => {
                let rep = ctx.rep;
                self.repeats[rep].last_ptr = self.data.pop().unwrap_or(NONE);
                if r {
                    return Act::Ret(true);
                }
                self.repeats[rep].count = ctx.count - 1;
                self.ptr = ctx.ptr;
                Act::Ret(false)
            }
            Jump::PossRepeat1 => {
                if r {
                    ctx.count += 1;
                    self.poss_repeat_min(ctx)
                } else {
                    self.ptr = ctx.ptr;
                    Act::Ret(false)
                }
            }
            Jump::PossRepeat2 => {
                if r {
                    self.mark_pop_discard(ctx.lastmark);
                    ctx.count += 1;
                    self.poss_repeat_more(ctx)
                } else {
                    self.mark_pop(ctx.lastmark);
                    self.lastmark_restore(ctx);
                    self.ptr = ctx.ptr;
                    ctx.pc += self.c(ctx.pc) as usize + 1;
                    ctx.ptr = self.ptr;
                    Act::Dispatch
                }
            }
            Jump::AtomicGroup => {
                if !r {
                    self.ptr = ctx.ptr;
                    return Act::Ret(false);
                }
                ctx.pc += self.c(ctx.pc) as usize;
                ctx.ptr = self.ptr;
                Act::Dispatch
            }
            Jump::Assert => {
                if !r {
                    return Act::Ret(false);
                }
                ctx.pc += self.c(ctx.pc) as usize;
                Act::Dispatch
            }
            Jump::AssertNot => {
                if r {
                    if self.repeat != NONE {
                        self.mark_pop_discard(ctx.lastmark);
                    }
                    return Act::Ret(false);
                }
                if self.repeat != NONE {
                    self.mark_pop(ctx.lastmark);
                }
                self.lastmark_restore(ctx);
                ctx.pc += self.c(ctx.pc) as usize;
                Act::Dispatch
            }
        }
    }

    // ----- entry points --------------------------------------------------------------

    /// `Pattern.match` / `fullmatch`: match at `self.start`.
    pub fn pmatch(&mut self) -> Result<bool, SreError> {
        self.ptr = self.start;
        self.run(0, true)
    }

    /// `Pattern.search`: the first match at or after `self.start`. On success
    /// `self.start` is where the match begins and `self.ptr` where it ends.
    pub fn search(&mut self) -> Result<bool, SreError> {
        let mut ptr = self.start;
        let mut end = self.end;
        if ptr > end {
            return Ok(false);
        }
        let mut pc = 0;
        let mut flags = 0;
        let mut prefix: Option<(usize, usize, usize)> = None; // (at, len, skip)
        let mut charset: Option<usize> = None;
        if self.c(0) == INFO {
            // <INFO> <1=skip> <2=flags> <3=min> <4=max> <5=prefix info>
            flags = self.c(2);
            let min = self.c(3) as usize;
            if min != 0 && end - ptr < min {
                return Ok(false);
            }
            if min > 1 {
                end -= min - 1;
                if end <= ptr {
                    end = ptr;
                }
            }
            if flags & INFO_PREFIX != 0 {
                // <length> <skip> <prefix data> <overlap data>
                prefix = Some((7, self.c(5) as usize, self.c(6) as usize));
            } else if flags & INFO_CHARSET != 0 {
                charset = Some(5);
            }
            pc = 1 + self.c(1) as usize;
        }
        let _ = end;
        if let Some((at, len, skip)) = prefix {
            if len == 1 {
                return self.search_literal(pc, self.c(at), skip, flags);
            }
            if len > 1 {
                return self.search_prefix(pc, at, len, skip, flags);
            }
        }
        let end = self.end;
        if let Some(set) = charset {
            self.must_advance = false;
            loop {
                ptr = self.scan_set(set, ptr, end, true);
                if ptr >= end {
                    return Ok(false);
                }
                self.start = ptr;
                self.ptr = ptr;
                if self.run(pc, false)? {
                    return Ok(true);
                }
                ptr += 1;
                self.lastmark = -1;
                self.lastindex = -1;
            }
        }
        self.start = ptr;
        self.ptr = ptr;
        let mut found = self.run(pc, true)?;
        self.must_advance = false;
        if !found
            && self.c(pc) == AT
            && matches!(self.c(pc + 1), AT_BEGINNING | AT_BEGINNING_STRING)
        {
            self.start = end;
            self.ptr = end;
            return Ok(false);
        }
        let first = self.first_item(pc);
        while !found && ptr < end {
            ptr += 1;
            if let Some(item) = first {
                // Skip the positions where the required first character fails.
                ptr = self.skip_to_candidate(item, ptr, end);
                if ptr >= end {
                    break;
                }
            }
            self.lastmark = -1;
            self.lastindex = -1;
            self.start = ptr;
            self.ptr = ptr;
            found = self.run(pc, false)?;
        }
        Ok(found)
    }

    /// The single-character item every match of the code at `pc` must start with, if
    /// there is one (past group marks; the item of a repeat with a minimum of 1+).
    fn first_item(&self, pc: usize) -> Option<usize> {
        let mut p = pc;
        loop {
            match self.c(p) {
                MARK => p += 2,
                LITERAL
                | NOT_LITERAL
                | ANY
                | ANY_ALL
                | IN
                | CATEGORY
                | LITERAL_IGNORE
                | NOT_LITERAL_IGNORE
                | LITERAL_UNI_IGNORE
                | NOT_LITERAL_UNI_IGNORE
                | LITERAL_LOC_IGNORE
                | NOT_LITERAL_LOC_IGNORE
                | IN_IGNORE
                | IN_UNI_IGNORE
                | IN_LOC_IGNORE => return Some(p),
                REPEAT_ONE | MIN_REPEAT_ONE | POSSESSIVE_REPEAT_ONE if self.c(p + 2) >= 1 => {
                    return Some(p + 4)
                }
                _ => return None,
            }
        }
    }

    /// The first position in `from..end` where the single-character item at `item`
    /// matches.
    fn skip_to_candidate(&self, item: usize, from: usize, end: usize) -> usize {
        match self.c(item) {
            IN => self.scan_set(item + 2, from, end, true),
            LITERAL => {
                let c = self.c(item + 1);
                match self.s[from.min(end)..end].iter().position(|x| x.cp() == c) {
                    Some(i) => from + i,
                    None => end,
                }
            }
            _ => {
                let mut p = from;
                while p < end && self.match_one(item, self.ch(p)) == Some(false) {
                    p += 1;
                }
                p
            }
        }
    }

    fn search_literal(
        &mut self,
        pc: usize,
        c: u32,
        skip: usize,
        flags: u32,
    ) -> Result<bool, SreError> {
        let end = self.end;
        let mut ptr = self.start;
        self.must_advance = false;
        while ptr < end {
            match self.s[ptr..end].iter().position(|x| x.cp() == c) {
                Some(i) => ptr += i,
                None => return Ok(false),
            }
            self.start = ptr;
            self.ptr = ptr + skip;
            if flags & INFO_LITERAL != 0 {
                return Ok(true);
            }
            if self.run(pc + 2 * skip, false)? {
                return Ok(true);
            }
            ptr += 1;
            self.lastmark = -1;
            self.lastindex = -1;
        }
        Ok(false)
    }

    fn search_prefix(
        &mut self,
        pc: usize,
        at: usize,
        len: usize,
        skip: usize,
        flags: u32,
    ) -> Result<bool, SreError> {
        let end = self.end;
        let mut ptr = self.start;
        if len > end - ptr {
            return Ok(false);
        }
        let overlap = at + len - 1;
        let first = self.c(at);
        while ptr < end {
            // Find the first character of the prefix.
            loop {
                let c = self.ch(ptr);
                ptr += 1;
                if c == first {
                    break;
                }
                if ptr >= end {
                    return Ok(false);
                }
            }
            if ptr >= end {
                return Ok(false);
            }
            let mut i = 1;
            self.must_advance = false;
            loop {
                if self.ch(ptr) == self.c(at + i) {
                    i += 1;
                    if i != len {
                        ptr += 1;
                        if ptr >= end {
                            return Ok(false);
                        }
                        continue;
                    }
                    // A candidate: the whole prefix matched.
                    self.start = ptr + 1 - len;
                    self.ptr = ptr + 1 - (len - skip);
                    if flags & INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if self.run(pc + 2 * skip, false)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    if ptr >= end {
                        return Ok(false);
                    }
                    self.lastmark = -1;
                    self.lastindex = -1;
                }
                i = self.c(overlap + i) as usize;
                if i == 0 {
                    break;
                }
            }
        }
        Ok(false)
    }
}

/// Whether `ch` is in the category `cat` (CATEGORY_* codes).
#[inline(always)]
pub fn category(cat: u32, ch: u32) -> bool {
    match cat {
        CATEGORY_DIGIT => ascii_is_digit(ch),
        CATEGORY_NOT_DIGIT => !ascii_is_digit(ch),
        CATEGORY_SPACE => ascii_is_space(ch),
        CATEGORY_NOT_SPACE => !ascii_is_space(ch),
        CATEGORY_WORD => ascii_is_word(ch),
        CATEGORY_NOT_WORD => !ascii_is_word(ch),
        CATEGORY_LINEBREAK => ch == b'\n' as u32,
        CATEGORY_NOT_LINEBREAK => ch != b'\n' as u32,
        CATEGORY_LOC_WORD => loc_is_word(ch),
        CATEGORY_LOC_NOT_WORD => !loc_is_word(ch),
        CATEGORY_UNI_DIGIT => uni_is_digit(ch),
        CATEGORY_UNI_NOT_DIGIT => !uni_is_digit(ch),
        CATEGORY_UNI_SPACE => uni_is_space(ch),
        CATEGORY_UNI_NOT_SPACE => !uni_is_space(ch),
        CATEGORY_UNI_WORD => uni_is_word(ch),
        CATEGORY_UNI_NOT_WORD => !uni_is_word(ch),
        CATEGORY_UNI_LINEBREAK => uni_is_linebreak(ch),
        CATEGORY_UNI_NOT_LINEBREAK => !uni_is_linebreak(ch),
        _ => false,
    }
}
