//! The parser: tokens to AST, for the whole Python 3.11 grammar (CPython's
//! Grammar/python.gram), written as recursive descent with a token buffer so that the few
//! places that need it can look ahead or backtrack cheaply.
//!
//! Errors follow CPython 3.11: a specific message where CPython's `invalid_*` rules have
//! one, otherwise `invalid syntax` at the furthest token the parser looked at; a
//! tokenizer error met on the way wins; failing at the end of the input with a bracket
//! open reports that bracket as never closed.

mod expr;
mod pattern;
mod stmt;
mod strings;
mod targets;

use crate::ast::{Expr, Mod, Range};
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::token::{Keyword, Op, Pos, Token, TokenKind};
use crate::tokenizer::Tokenizer;

/// How deep expressions and blocks may nest before the parser gives up, as CPython's
/// MAXSTACK: beyond it, `too many nested parentheses`-style errors rather than a crash.
const MAX_DEPTH: u32 = 3000;

/// How deep the parser recurses on its caller's stack, whatever thread that is (a
/// 2 MiB Rust thread included). Deeper input is parsed again from the start on a thread
/// of its own with [`BIG_STACK_BYTES`] of stack, where `MAX_DEPTH` is what stops it.
/// Real code rarely nests this deep, so the common case spawns nothing.
const CALLER_STACK_DEPTH: u32 = 120;

/// The stack of the thread that parses deeply nested input (address space only; the
/// pages are touched as the recursion goes down).
const BIG_STACK_BYTES: usize = 256 << 20;

/// The parse state: the tokenizer, the tokens read so far, and the cursor into them.
pub(crate) struct Parser<'s> {
    src: &'s str,
    tokenizer: Tokenizer<'s>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) pos: usize,
    /// The furthest token index looked at, where a generic error is reported.
    pub(crate) furthest: usize,
    /// A tokenizer error met while filling the buffer; it wins over parser errors.
    lexer_error: Option<SyntaxError>,
    depth: u32,
    /// Whether this parses an f-string's expression (errors get an `f-string: ` prefix).
    pub(crate) in_fstring: bool,
    /// Offset of `src` inside the whole source (non-zero for f-string expressions).
    base_offset: u32,
    /// The end of the last simple-statement line (trailing `;` included): where a
    /// compound statement ends, as CPython computes it.
    pub(crate) last_line_end: Pos,
    /// Parsing the bases of a class, where a bare generator expression is not allowed.
    pub(crate) in_class_bases: bool,
    /// For an f-string expression, where its parenthesised text starts in the source:
    /// errors count columns from there, as CPython's `starting_col_offset`.
    fstring_origin: Option<Pos>,
    /// Levels of recursion left before the caller's stack may run short (`None` on the
    /// big-stack thread): past it the parse stops and `out_of_stack` is set.
    stack_budget: Option<u32>,
    /// The parse went deeper than `stack_budget`; its result is void.
    pub(crate) out_of_stack: bool,
    /// The token after the string literals being decoded, where their errors go.
    pub(crate) string_anchor: Option<Token>,
    /// Parsing for `eval` or `single` mode, where CPython reports a generic error at the
    /// end of the input (the ENDMARKER or the NEWLINE it adds) at offset 0.
    string_mode: bool,
}

/// A parse failure before it is turned into the final SyntaxError.
pub(crate) type PResult<T> = Result<T, SyntaxError>;

impl<'s> Parser<'s> {
    pub(crate) fn new(src: &'s str) -> Self {
        Parser {
            src,
            tokenizer: Tokenizer::new(src),
            tokens: Vec::with_capacity(src.len() / 4),
            pos: 0,
            furthest: 0,
            lexer_error: None,
            depth: 0,
            in_fstring: false,
            base_offset: 0,
            last_line_end: Pos::default(),
            in_class_bases: false,
            fstring_origin: None,
            stack_budget: None,
            out_of_stack: false,
            string_mode: false,
            string_anchor: None,
        }
    }

    /// A parser over an f-string's expression text placed at `at` in the real source.
    pub(crate) fn new_at(src: &'s str, at: Pos, stack_budget: Option<u32>) -> Self {
        let mut p = Parser::new(src);
        p.stack_budget = stack_budget;
        p.tokenizer = Tokenizer::new_at(src, at);
        p.in_fstring = true;
        p.fstring_origin = Some(at);
        p.base_offset = at.offset;
        p
    }

    fn fill(&mut self, index: usize) {
        while self.tokens.len() <= index {
            if self.lexer_error.is_some() {
                let last = self.tokens.last().map(|t| t.end).unwrap_or_default();
                self.tokens.push(Token {
                    kind: TokenKind::EndMarker,
                    start: last,
                    end: last,
                });
                continue;
            }
            match self.tokenizer.next_token() {
                Ok(tok) => self.tokens.push(tok),
                Err(err) => {
                    self.lexer_error = Some(err);
                }
            }
        }
    }

    /// The token at the cursor.
    pub(crate) fn peek(&mut self) -> &Token {
        self.peek_nth(0)
    }

    /// The token `n` places after the cursor.
    pub(crate) fn peek_nth(&mut self, n: usize) -> &Token {
        let i = self.pos + n;
        self.fill(i);
        if i > self.furthest {
            self.furthest = i;
        }
        &self.tokens[i]
    }

    pub(crate) fn peek_kind(&mut self) -> &TokenKind {
        &self.peek().kind
    }

    pub(crate) fn advance(&mut self) -> Token {
        let tok = self.peek().clone();
        if tok.kind != TokenKind::EndMarker {
            self.pos += 1;
        }
        tok
    }

    pub(crate) fn at_op(&mut self, op: Op) -> bool {
        matches!(self.peek_kind(), TokenKind::Op(o) if *o == op)
    }

    pub(crate) fn at_keyword(&mut self, kw: Keyword) -> bool {
        matches!(self.peek_kind(), TokenKind::Keyword(k) if *k == kw)
    }

    pub(crate) fn at_name(&mut self, name: &str) -> bool {
        matches!(self.peek_kind(), TokenKind::Name(n) if &**n == name)
    }

    pub(crate) fn eat_op(&mut self, op: Op) -> bool {
        if self.at_op(op) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_keyword(&mut self, kw: Keyword) -> bool {
        if self.at_keyword(kw) {
            self.advance();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect_op(&mut self, op: Op) -> PResult<Token> {
        if self.at_op(op) {
            Ok(self.advance())
        } else {
            Err(self.syntax_error_here())
        }
    }

    pub(crate) fn expect_name(&mut self) -> PResult<(String, Range)> {
        let tok = self.peek().clone();
        if let TokenKind::Name(name) = &tok.kind {
            self.advance();
            Ok((name.to_string(), range_of(tok.start, tok.end)))
        } else {
            Err(self.syntax_error_here())
        }
    }

    /// The end position of the last token consumed.
    pub(crate) fn prev_end(&self) -> Pos {
        if self.pos == 0 {
            return Pos {
                line: 1,
                col: 0,
                offset: 0,
            };
        }
        self.tokens[self.pos - 1].end
    }

    pub(crate) fn start_pos(&mut self) -> Pos {
        self.peek().start
    }

    /// A range from `start` to the end of the last consumed token.
    pub(crate) fn range_from(&self, start: Pos) -> Range {
        range_of(start, self.prev_end())
    }

    pub(crate) fn mark(&self) -> usize {
        self.pos
    }

    pub(crate) fn reset(&mut self, mark: usize) {
        self.pos = mark;
    }

    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(memory_error());
        }
        if self.stack_budget.is_some_and(|budget| self.depth > budget) {
            self.out_of_stack = true;
            return Err(memory_error());
        }
        Ok(())
    }

    /// The stack budget left for a parser started from here (an f-string expression's).
    pub(crate) fn remaining_stack_budget(&self) -> Option<u32> {
        self.stack_budget
            .map(|budget| budget.saturating_sub(self.depth))
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    pub(crate) fn src_len(&self) -> usize {
        self.src.len()
    }

    /// The source from byte `at` to the end.
    pub(crate) fn src_tail(&self, at: usize) -> &'s str {
        self.src.get(at..).unwrap_or_default()
    }

    /// The source text of a token.
    pub(crate) fn text(&self, tok: &Token) -> &'s str {
        let start = (tok.start.offset - self.base_offset) as usize;
        let end = (tok.end.offset - self.base_offset) as usize;
        &self.src[start..end]
    }

    /// A SyntaxError spanning one token, at CPython's character offsets.
    pub(crate) fn error_at_token(&self, msg: impl Into<String>, tok: &Token) -> SyntaxError {
        let start = match tok.kind {
            TokenKind::Newline => self.newline_start(tok),
            _ => tok.start,
        };
        self.error_between(msg, start, tok.end)
    }

    /// Where CPython's tokenizer starts a NEWLINE token: at the comment before the line
    /// break, if there is one.
    fn newline_start(&self, tok: &Token) -> Pos {
        let index = self
            .tokens
            .partition_point(|t| t.start.offset < tok.start.offset);
        let Some(prev) = index.checked_sub(1).and_then(|i| self.tokens.get(i)) else {
            return tok.start;
        };
        if prev.end.line != tok.start.line {
            return tok.start;
        }
        let from = (prev.end.offset - self.base_offset) as usize;
        let to = (tok.start.offset - self.base_offset) as usize;
        match self.src.get(from..to).and_then(|gap| gap.find('#')) {
            Some(hash) => Pos {
                line: tok.start.line,
                col: prev.end.col + hash as u32,
                offset: prev.end.offset + hash as u32,
            },
            None => tok.start,
        }
    }

    /// A SyntaxError for the source between two positions.
    pub(crate) fn error_between(
        &self,
        msg: impl Into<String>,
        start: Pos,
        end: Pos,
    ) -> SyntaxError {
        let offset = self.char_col(start) + 1;
        let end_offset = self.char_col(end) + 1;
        SyntaxError::new(msg, start.line, offset, end.line, end_offset).with_text(self.src)
    }

    /// A SyntaxError spanning a node's range.
    pub(crate) fn error_at_range(&self, msg: impl Into<String>, range: Range) -> SyntaxError {
        let start = self.pos_of(range.lineno, range.col_offset);
        let end = self.pos_of(range.end_lineno, range.end_col_offset);
        self.error_between(msg, start, end)
    }

    pub(crate) fn error_at_expr(&self, msg: impl Into<String>, e: &Expr) -> SyntaxError {
        self.error_at_range(msg, e.range)
    }

    /// A position from a line and byte column (the offset is not needed for errors).
    fn pos_of(&self, line: u32, col: u32) -> Pos {
        Pos {
            line,
            col,
            offset: 0,
        }
    }

    /// The 0-based character column of a position (AST columns are UTF-8 bytes).
    fn char_col(&self, pos: Pos) -> i32 {
        if let Some(origin) = self.fstring_origin {
            return self.fstring_char_col(origin, pos);
        }
        let line = crate::error::source_line(self.src, pos.line).unwrap_or_default();
        let col = (pos.col as usize).min(line.len());
        match line.get(..col) {
            Some(prefix) => prefix.chars().count() as i32,
            None => col as i32,
        }
    }

    /// The column CPython reports for a position inside an f-string expression: counted
    /// from the opening parenthesis on the first line, and on later lines from the
    /// line's start minus the first line's starting column (so it may be negative).
    fn fstring_char_col(&self, origin: Pos, pos: Pos) -> i32 {
        let index = pos.line.saturating_sub(origin.line) as usize;
        let line = self.src.split('\n').nth(index).unwrap_or_default();
        let byte_col = if index == 0 {
            pos.col.saturating_sub(origin.col) as usize
        } else {
            pos.col as usize
        };
        let chars = line
            .get(..byte_col.min(line.len()))
            .map_or(byte_col, |p| p.chars().count()) as i32;
        if index == 0 {
            chars
        } else {
            chars - origin.col as i32
        }
    }

    /// The line CPython shows for an error inside an f-string expression: the line of
    /// the parenthesised text (only the last one keeps its newline).
    pub(crate) fn fstring_error_text(&self, lineno: u32) -> Option<String> {
        let origin = self.fstring_origin?;
        let index = lineno.saturating_sub(origin.line) as usize;
        let count = self.src.split('\n').count();
        let line = self.src.split('\n').nth(index)?;
        Some(if index + 1 == count {
            format!("{line}\n")
        } else {
            line.to_string()
        })
    }

    /// "invalid syntax" at the token at the cursor.
    pub(crate) fn syntax_error_here(&mut self) -> SyntaxError {
        let tok = self.peek().clone();
        self.error_at_token("invalid syntax", &tok)
    }

    /// The error to report for a failed parse: a pending tokenizer error, an unclosed
    /// bracket at the end of input, or `err` itself.
    fn finish_error(&mut self, err: SyntaxError) -> SyntaxError {
        if err.kind == SyntaxErrorKind::MemoryError {
            return err;
        }
        if let Some(lexer) = self.lexer_error.take() {
            if lexer.msg == "invalid syntax" {
                return self.after_stray_character(lexer);
            }
            return lexer;
        }
        // CPython raises "'(' was never closed" as soon as any of its passes reads the
        // end of the input inside brackets.
        if let Some(unclosed) = self.tokenizer.unclosed_bracket_error() {
            return unclosed;
        }
        // As CPython: a generic failure at an INDENT or DEDENT is an indentation error,
        // reported without reading further.
        if err.kind == SyntaxErrorKind::IndentationError
            && matches!(
                err.msg.as_str(),
                "unexpected indent" | "unexpected unindent"
            )
            && !self.bracket_open_at_end()
        {
            return err;
        }
        if err.msg == "invalid syntax" && !self.bracket_open_at_end() {
            let index = self.furthest.min(self.tokens.len().saturating_sub(1));
            if let Some(tok) = self.tokens.get(index).cloned() {
                match tok.kind {
                    TokenKind::Indent => return self.indentation_error("unexpected indent", &tok),
                    TokenKind::Dedent => {
                        return self.indentation_error("unexpected unindent", &tok)
                    }
                    _ => {}
                }
            }
        }
        // As CPython: read the rest of the input; a tokenizer error there wins.
        let mut guard = 0usize;
        while self.lexer_error.is_none()
            && self
                .tokens
                .last()
                .is_none_or(|t| t.kind != TokenKind::EndMarker)
        {
            let next = self.tokens.len();
            self.fill(next);
            guard += 1;
            if guard > 50_000_000 {
                break;
            }
        }
        if let Some(lexer) = self.lexer_error.take() {
            if lexer.msg == "invalid syntax" {
                // A stray character is no tokenizer error to CPython: read on.
                if let Some(real) = self.skip_to_end_of_input() {
                    if !is_indentation_error(&real) {
                        return real;
                    }
                }
            } else if !is_indentation_error(&lexer) {
                return lexer;
            }
        }
        let generic = err.msg == "invalid syntax";
        let mut err = err;
        let mut failed_at_end = false;
        if generic {
            // The generic error goes at the furthest token reached.
            let index = self.furthest.min(self.tokens.len().saturating_sub(1));
            if let Some(tok) = self.tokens.get(index).cloned() {
                failed_at_end = tok.kind == TokenKind::EndMarker;
                err = match tok.kind {
                    TokenKind::Indent => self.indentation_error("unexpected indent", &tok),
                    TokenKind::Dedent => self.indentation_error("unexpected unindent", &tok),
                    _ => {
                        let mut e = self.error_at_token("invalid syntax", &tok);
                        if matches!(tok.kind, TokenKind::Newline | TokenKind::EndMarker) {
                            e.end_offset = e.offset;
                        }
                        let endmarker = matches!(tok.kind, TokenKind::EndMarker);
                        if endmarker || (self.string_mode && self.is_end_of_input(&tok)) {
                            e.lineno = self.last_line_number();
                            e.end_lineno = e.lineno;
                            e.offset = 0;
                            e.end_offset = 0;
                        }
                        e
                    }
                };
            }
        }
        // A bracket left open at the end of the input explains errors after its line.
        if let Some(unclosed) = self.tokenizer.unclosed_bracket_error() {
            let comma = err
                .msg
                .starts_with("invalid syntax. Perhaps you forgot a comma");
            if failed_at_end || comma || err.lineno > unclosed.lineno {
                return unclosed;
            }
        }
        err
    }

    /// A character that starts no token (`$`, `?`, a backquote) is an operator token
    /// to CPython's tokenizer, which the parser then fails on: as for any generic
    /// error, a tokenizer error further on (or a bracket never closed before the
    /// stray character's line) is reported instead.
    fn after_stray_character(&mut self, stray: SyntaxError) -> SyntaxError {
        if let Some(real) = self.skip_to_end_of_input() {
            return real;
        }
        match self.tokenizer.unclosed_bracket_error() {
            Some(unclosed) if stray.lineno > unclosed.lineno => unclosed,
            _ => stray,
        }
    }

    /// Tokenize the rest of the input past stray characters; the first real tokenizer
    /// error met, if any.
    fn skip_to_end_of_input(&mut self) -> Option<SyntaxError> {
        loop {
            match self.tokenizer.next_token() {
                Ok(tok) if tok.kind == TokenKind::EndMarker => return None,
                Ok(_) => {}
                Err(err) if err.msg == "invalid syntax" => {}
                Err(err) => return Some(err),
            }
        }
    }

    /// Whether the tokenizer, having met its end, found a bracket still open.
    fn bracket_open_at_end(&self) -> bool {
        self.tokenizer.unclosed_bracket_error().is_some()
    }

    /// Whether `tok` is the ENDMARKER or the NEWLINE added after an unterminated last line.
    fn is_end_of_input(&self, tok: &Token) -> bool {
        let at_end = (tok.start.offset - self.base_offset) as usize >= self.src.len();
        match tok.kind {
            TokenKind::EndMarker => true,
            TokenKind::Newline => at_end,
            _ => false,
        }
    }

    /// Where CPython's `_PyPegen_raise_error` puts an error raised with `tok` as the
    /// last token read: tokens made at the end of the input (ENDMARKER and the DEDENTs
    /// before it) carry no column, so the tokenizer's column stands in for it (the end
    /// of the last line, its newline included, or the indentation before a DEDENT).
    pub(crate) fn raise_location(&self, tok: &Token) -> (u32, i32) {
        let at_end = (tok.start.offset - self.base_offset) as usize >= self.src.len();
        match tok.kind {
            TokenKind::EndMarker | TokenKind::Dedent if at_end => {
                let line = self.last_line_number();
                let text = crate::error::source_line(self.src, line).unwrap_or_default();
                let chars = text.trim_end_matches('\n').chars().count() as i32;
                (line, if line == 0 { 0 } else { chars + 1 })
            }
            TokenKind::Dedent => (tok.start.line, self.char_col(tok.start)),
            _ => (tok.start.line, self.char_col(tok.start) + 1),
        }
    }

    /// The number of the last line of the source (0 for an empty source), where
    /// CPython's tokenizer stands at the end of the input.
    fn last_line_number(&self) -> u32 {
        let newlines = self.src.bytes().filter(|&c| c == b'\n').count() as u32;
        if self.src.is_empty() || self.src.ends_with('\n') {
            newlines
        } else {
            newlines + 1
        }
    }

    fn indentation_error(&self, msg: &str, tok: &Token) -> SyntaxError {
        let offset = self.char_col(tok.end);
        let mut e =
            SyntaxError::new(msg, tok.start.line, offset, tok.start.line, -1).with_text(self.src);
        e.kind = SyntaxErrorKind::IndentationError;
        e
    }
}

/// The tokenizer errors CPython reports only when the parser reads their token (a bad
/// dedent, inconsistent tabs, too deep indentation), not when it tokenizes the rest of
/// the input after a parser error.
fn is_indentation_error(err: &SyntaxError) -> bool {
    matches!(
        err.kind,
        SyntaxErrorKind::IndentationError | SyntaxErrorKind::TabError
    )
}

/// CPython's MemoryError for input nested beyond the parser's stack.
pub(crate) fn memory_error() -> SyntaxError {
    SyntaxError::new("", 0, 0, 0, 0).with_kind(SyntaxErrorKind::MemoryError)
}

/// A range between two token positions.
pub(crate) fn range_of(start: Pos, end: Pos) -> Range {
    Range {
        lineno: start.line,
        col_offset: start.col,
        end_lineno: end.line,
        end_col_offset: end.col,
    }
}

/// Parse decoded source text as a module (`exec` mode).
pub fn parse_module(source: &str, filename: &str) -> Result<Mod, SyntaxError> {
    with_pending_warnings(parse_module_with_warnings(source, filename))
}

/// Parse a module and also return the SyntaxWarnings the tokenizer raised, in source
/// order, for the caller to report through its warnings machinery.
pub fn parse_module_with_warnings(
    source: &str,
    filename: &str,
) -> (Result<Mod, SyntaxError>, Vec<SyntaxError>) {
    let _ = filename; // positions carry no file name; kept for the callers' symmetry
    let normalized = translate_newlines(source);
    run_parse(normalized.as_deref().unwrap_or(source), Parser::file, false)
}

/// As CPython's tokenizer reading a string (translate_newlines): `\r\n` and a lone `\r`
/// are line breaks, in string literals too. None when there is no `\r`.
fn translate_newlines(source: &str) -> Option<String> {
    if !source.contains('\r') {
        return None;
    }
    Some(source.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Parse decoded source text as a single expression (`eval` mode).
pub fn parse_expression(source: &str, filename: &str) -> Result<Mod, SyntaxError> {
    let _ = filename;
    let normalized = translate_newlines(source);
    let source = normalized.as_deref().unwrap_or(source);
    with_pending_warnings(run_parse(source, Parser::eval_input, true))
}

/// The tokenizer's warnings join the pending ones (`crate::warnings`), for the caller to
/// report.
fn with_pending_warnings(outcome: ParseOutcome) -> Result<Mod, SyntaxError> {
    for w in outcome.1 {
        crate::warnings::push(crate::warnings::Category::SyntaxWarning, w);
    }
    outcome.0
}

/// Parse decoded source text as one interactive statement (`single` mode).
pub fn parse_interactive(source: &str, filename: &str) -> Result<Mod, SyntaxError> {
    let _ = filename;
    let normalized = translate_newlines(source);
    let source = normalized.as_deref().unwrap_or(source);
    with_pending_warnings(run_parse(source, Parser::interactive, true))
}

/// Where one statement typed at the interactive prompt stands.
#[derive(Debug)]
pub enum InteractiveInput {
    /// A whole statement.
    Complete(Mod),
    /// Not wrong yet: an open bracket or triple-quoted string, or a backslash at the
    /// end; only more text can close it (blank lines included).
    Open,
    /// Not wrong yet: the parse failed only at the end of the input, or a compound
    /// statement's source does not end with a newline.
    Incomplete,
    /// Wrong whatever follows.
    Error(SyntaxError),
}

/// Parse `source` as one interactive statement and tell incomplete input from wrong
/// input, as the prompt and `compile(..., PyCF_ALLOW_INCOMPLETE_INPUT)` (codeop) need.
/// A compound statement is complete only when the source ends with a newline.
pub fn parse_interactive_partial(source: &str) -> InteractiveInput {
    let mut p = Parser::new(source);
    p.stack_budget = Some(CALLER_STACK_DEPTH);
    p.string_mode = true;
    let result = Parser::interactive(&mut p);
    if p.out_of_stack {
        return InteractiveInput::Error(memory_error());
    }
    let eof_error = |e: &SyntaxError| {
        e.msg.ends_with("was never closed")
            || e.msg
                .starts_with("unterminated triple-quoted string literal")
            || e.msg == "unexpected EOF while parsing"
    };
    match result {
        Ok(m) => match p.lexer_error.take() {
            Some(err) if eof_error(&err) => InteractiveInput::Open,
            Some(err) if err.msg == "invalid syntax" => {
                InteractiveInput::Error(p.after_stray_character(err).with_text(source))
            }
            Some(err) => InteractiveInput::Error(err.with_text(source)),
            None => {
                let compound = match &m {
                    Mod::Interactive { body } => body.first().is_some_and(|s| s.kind.is_compound()),
                    _ => false,
                };
                if compound && !source.ends_with('\n') {
                    InteractiveInput::Incomplete
                } else {
                    InteractiveInput::Complete(m)
                }
            }
        },
        Err(err) => {
            // CPython calls input incomplete when its tokenizer read to the end: for
            // text ending in a newline, when the parse failed at the end marker; for text
            // without one, as soon as any token at the end (the implied newline) was read.
            let no_newline = !source.ends_with('\n');
            let at_end = p.tokens.get(p.furthest).is_some_and(|t| {
                matches!(t.kind, TokenKind::EndMarker)
                    || (matches!(t.kind, TokenKind::Newline | TokenKind::Dedent)
                        && t.start.offset as usize >= source.len())
            }) || (no_newline
                && p.tokens
                    .iter()
                    .any(|t| t.start.offset as usize >= source.len()));
            let string_to_end = no_newline
                && p.lexer_error
                    .as_ref()
                    .is_some_and(|e| e.msg.starts_with("unterminated string literal"));
            if string_to_end {
                InteractiveInput::Incomplete
            } else if p.lexer_error.as_ref().is_some_and(eof_error) {
                InteractiveInput::Open
            } else if at_end && p.lexer_error.is_none() {
                if p.tokenizer.unclosed_bracket_error().is_some() {
                    InteractiveInput::Open
                } else {
                    InteractiveInput::Incomplete
                }
            } else {
                InteractiveInput::Error(p.finish_error(err).with_text(source))
            }
        }
    }
}

/// The outcome of one start rule: the tree or the error, and the tokenizer's warnings.
type ParseOutcome = (Result<Mod, SyntaxError>, Vec<SyntaxError>);

/// Run one start rule over `source`: on the caller's stack first, and again on a thread
/// with a big stack when the input nests deeper than the caller's stack allows.
fn run_parse<'s>(
    source: &'s str,
    start_rule: fn(&mut Parser<'s>) -> PResult<Mod>,
    string_mode: bool,
) -> ParseOutcome {
    let on_this_stack = |budget| run_parse_on_this_stack(source, start_rule, budget, string_mode);
    if let Some(outcome) = on_this_stack(Some(CALLER_STACK_DEPTH)) {
        return outcome;
    }
    std::thread::scope(|scope| {
        // The worker's pending warnings come back to this thread.
        let worker = std::thread::Builder::new()
            .stack_size(BIG_STACK_BYTES)
            .spawn_scoped(scope, || (on_this_stack(None), crate::warnings::take()));
        match worker.map(|handle| handle.join()) {
            Ok(Ok((outcome, pending))) => {
                for w in pending {
                    crate::warnings::push(w.category, w.error);
                }
                outcome.unwrap_or_else(|| (Err(memory_error()), Vec::new()))
            }
            _ => (Err(memory_error()), Vec::new()),
        }
    })
}

/// Run one start rule over `source` and settle the error to report, as CPython does:
/// a tokenizer error met while parsing wins, parser errors are refined by
/// `finish_error`, and errors carry their source line. `None` when the input nests
/// deeper than `stack_budget` levels.
fn run_parse_on_this_stack<'s>(
    source: &'s str,
    start_rule: fn(&mut Parser<'s>) -> PResult<Mod>,
    stack_budget: Option<u32>,
    string_mode: bool,
) -> Option<ParseOutcome> {
    let mut p = Parser::new(source);
    p.stack_budget = stack_budget;
    p.string_mode = string_mode;
    let result = start_rule(&mut p);
    if p.out_of_stack {
        return None;
    }
    let result = match result {
        Ok(m) => match p.lexer_error.take() {
            Some(err) if err.msg == "invalid syntax" => Err(p.after_stray_character(err)),
            Some(err) => Err(err),
            None => Ok(m),
        },
        Err(err) => Err(p.finish_error(err)),
    };
    let warnings = std::mem::take(&mut p.tokenizer.warnings);
    let result = result.map_err(|e| {
        if e.kind == SyntaxErrorKind::MemoryError {
            e
        } else {
            e.with_text(source)
        }
    });
    Some((result, warnings))
}

/// Decode a file's bytes (PEP 263) and parse them as a module; returns the decoded text
/// with the tree.
pub fn parse_file_bytes(bytes: &[u8], filename: &str) -> Result<(String, Mod), SyntaxError> {
    let source = crate::source::decode(bytes).map_err(|e| e.to_syntax_error())?;
    let module = parse_module(&source, filename)?;
    Ok((source, module))
}
