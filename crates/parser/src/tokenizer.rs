//! The tokenizer: decoded source text to tokens, pulled one at a time by the parser.
//!
//! It follows CPython 3.11's tokenizer (Parser/tokenizer.c) in what it accepts and in the
//! wording and position of its errors. Positions in errors are CPython's: the 1-based
//! `offset` is the number of characters from the start of the line to the tokenizer's
//! cursor at the moment of the error, which is why each error site below says where the
//! cursor stands. Comments, blank lines and newlines inside brackets produce no token.

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::token::{Keyword, Op, Pos, Token, TokenKind};

/// CPython's limits: nested brackets (MAXLEVEL) and indentation levels (MAXINDENT).
const MAX_BRACKETS: usize = 200;
const MAX_INDENT: usize = 100;
const TAB_SIZE: u32 = 8;

/// An open bracket: its character and where it is.
#[derive(Debug, Clone, Copy)]
struct OpenBracket {
    ch: u8,
    line: u32,
    /// Byte offset of the bracket in the source.
    offset: usize,
    /// Byte offset of the start of its line.
    line_start: usize,
}

/// The tokenizer state. `cur` is the cursor (byte offset of the next unread byte).
pub struct Tokenizer<'s> {
    src: &'s str,
    bytes: &'s [u8],
    cur: usize,
    line: u32,
    line_start: usize,
    at_line_start: bool,
    indents: Vec<u32>,
    alt_indents: Vec<u32>,
    pending_dedents: usize,
    brackets: Vec<OpenBracket>,
    /// Whether the last token emitted ends a logical line (or nothing was emitted yet).
    after_newline: bool,
    finished: bool,
    /// The bracket left open when the input ended, for the parser's "was never closed".
    unclosed_at_eof: Option<OpenBracket>,
    /// For text embedded in a larger source (f-string expressions): the line on which
    /// the text starts, the column added to positions on that line, and the offset added
    /// to every offset.
    shift_line: u32,
    shift_col: u32,
    shift_offset: u32,
    /// Whether `brackets[0]` is the implicit bracket of an f-string expression.
    implicit_bracket: bool,
    /// SyntaxWarnings met so far (`1if x else y`), with their positions.
    pub warnings: Vec<SyntaxError>,
}

fn is_potential_identifier_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 128
}

fn is_potential_identifier_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 128
}

/// Characters CPython's `str.isprintable()` rejects, approximately: controls, separators
/// other than the ASCII space, and the format characters people meet in pasted text.
fn is_unprintable(ch: char) -> bool {
    ch.is_control()
        || (ch.is_whitespace() && ch != ' ')
        || matches!(ch, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

impl<'s> Tokenizer<'s> {
    /// A tokenizer over decoded, newline-normalised source (see [`crate::source::decode`]).
    pub fn new(src: &'s str) -> Self {
        Tokenizer {
            src,
            bytes: src.as_bytes(),
            cur: 0,
            line: 1,
            line_start: 0,
            at_line_start: true,
            indents: vec![0],
            alt_indents: vec![0],
            pending_dedents: 0,
            brackets: Vec::new(),
            after_newline: true,
            finished: false,
            unclosed_at_eof: None,
            shift_line: 1,
            shift_col: 0,
            shift_offset: 0,
            implicit_bracket: false,
            warnings: Vec::new(),
        }
    }

    /// A tokenizer over text that sits at `at` inside a larger source, so that token
    /// positions are positions in that source (used for f-string expressions).
    pub fn new_at(src: &'s str, at: Pos) -> Self {
        let mut t = Tokenizer::new(src);
        t.line = at.line;
        t.shift_line = at.line;
        t.shift_col = at.col;
        t.shift_offset = at.offset;
        t
    }

    /// Behave as inside brackets (newlines and indentation are insignificant), as for
    /// the expression of an f-string field, which CPython parses in parentheses.
    pub fn open_implicit_bracket(&mut self) {
        self.brackets.push(OpenBracket {
            ch: b'(',
            line: self.line,
            offset: 0,
            line_start: 0,
        });
        self.implicit_bracket = true;
    }

    /// The source text being tokenized.
    pub fn source(&self) -> &'s str {
        self.src
    }

    /// The innermost bracket still open when the input ended, as CPython's
    /// `'(' was never closed` error (for the parser to raise when it fails at the end).
    pub fn unclosed_bracket_error(&self) -> Option<SyntaxError> {
        let open = self.unclosed_at_eof?;
        let col = self.chars_between(open.line_start, open.offset) + 1;
        Some(
            SyntaxError::new(
                format!("'{}' was never closed", open.ch as char),
                open.line,
                col,
                open.line,
                0,
            )
            .with_text(self.src),
        )
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.cur).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.bytes.get(self.cur + n).copied()
    }

    /// CPython's `tok_nextc`: read a byte and advance (nothing at the end).
    fn nextc(&mut self) -> Option<u8> {
        let c = self.bytes.get(self.cur).copied();
        if c.is_some() {
            self.cur += 1;
        }
        c
    }

    /// CPython's `tok_backup`: un-read `c` (nothing to undo at the end).
    fn backup(&mut self, c: Option<u8>) {
        if c.is_some() {
            self.cur -= 1;
        }
    }

    fn chars_between(&self, from: usize, to: usize) -> i32 {
        let to = to.min(self.bytes.len());
        if from >= to {
            return 0;
        }
        self.bytes[from..to]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count() as i32
    }

    fn pos(&self, offset: usize) -> Pos {
        let mut col = (offset - self.line_start) as u32;
        if self.line == self.shift_line {
            col += self.shift_col;
        }
        Pos {
            line: self.line,
            col,
            offset: offset as u32 + self.shift_offset,
        }
    }

    /// An error whose offset is the cursor position, as CPython's `syntaxerror()`.
    fn error_at_cursor(&self, msg: impl Into<String>) -> SyntaxError {
        let col = self.chars_between(self.line_start, self.cur);
        SyntaxError::new(msg, self.line, col, self.line, col).with_text(self.src)
    }

    /// An error with an explicit 1-based character range on the current line.
    fn error_range(&self, msg: impl Into<String>, offset: i32, end_offset: i32) -> SyntaxError {
        SyntaxError::new(msg, self.line, offset, self.line, end_offset).with_text(self.src)
    }

    fn token(&self, kind: TokenKind, start: usize, end_pos: Pos) -> Token {
        Token {
            kind,
            start: self.pos(start),
            end: end_pos,
        }
    }

    /// Pull the next token. After `EndMarker` it keeps returning `EndMarker`.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        let tok = self.next_token_inner()?;
        self.after_newline = matches!(
            tok.kind,
            TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
        );
        Ok(tok)
    }

    fn next_token_inner(&mut self) -> Result<Token, SyntaxError> {
        loop {
            if self.pending_dedents > 0 {
                self.pending_dedents -= 1;
                let p = self.pos(self.cur);
                return Ok(Token {
                    kind: TokenKind::Dedent,
                    start: p,
                    end: p,
                });
            }
            if self.finished {
                let p = self.pos(self.cur);
                return Ok(Token {
                    kind: TokenKind::EndMarker,
                    start: p,
                    end: p,
                });
            }
            if self.at_line_start && !self.brackets.is_empty() {
                // Inside brackets, line breaks have no indentation meaning.
                self.at_line_start = false;
            }
            if self.at_line_start {
                if let Some(tok) = self.indentation()? {
                    return Ok(tok);
                }
                if self.pending_dedents > 0 || self.finished {
                    continue;
                }
            }
            // Blanks between tokens.
            while let Some(b' ' | b'\t' | b'\x0c') = self.peek() {
                self.cur += 1;
            }
            let start = self.cur;
            let Some(c) = self.peek() else {
                return Ok(self.end_of_input());
            };
            match c {
                b'#' => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.cur += 1;
                    }
                    continue;
                }
                b'\n' => {
                    self.cur += 1;
                    if self.brackets.is_empty() && !self.after_newline {
                        let end = self.pos(self.cur);
                        let tok = self.token(TokenKind::Newline, start, end);
                        self.new_line();
                        return Ok(tok);
                    }
                    self.new_line();
                    continue;
                }
                b'\\' => {
                    self.cur += 1;
                    match self.nextc() {
                        Some(b'\n') => {
                            self.new_line();
                            // A continuation line carries no indentation.
                            self.at_line_start = false;
                            if self.peek().is_none() {
                                // CPython counts the implicit newline it adds at the end.
                                let col = self.chars_between(self.line_start, self.cur) + 1;
                                let mut err =
                                    self.error_range("unexpected EOF while parsing", col, col);
                                err.lineno = self.line.saturating_sub(1).max(1);
                                err.end_lineno = err.lineno;
                                err.text = crate::error::source_line(self.src, err.lineno);
                                let prev_len =
                                    err.text.as_deref().map_or(0, |t| t.chars().count() as i32);
                                err.offset = prev_len + 1;
                                err.end_offset = err.offset;
                                return Err(err);
                            }
                            continue;
                        }
                        None => {
                            let col = self.chars_between(self.line_start, self.cur) + 1;
                            return Err(self.error_range("unexpected EOF while parsing", col, col));
                        }
                        Some(_) => {
                            return Err(self.error_at_cursor(
                                "unexpected character after line continuation character",
                            ));
                        }
                    }
                }
                b'0'..=b'9' => return self.number(start),
                b'.' if matches!(self.peek_at(1), Some(b'0'..=b'9')) => return self.number(start),
                b'\'' | b'"' => return self.string(start, start),
                c if is_potential_identifier_start(c) => return self.name_or_string(start),
                _ => return self.operator(start),
            }
        }
    }

    fn new_line(&mut self) {
        self.line += 1;
        self.line_start = self.cur;
        self.at_line_start = true;
    }

    /// The end of the input: a NEWLINE if the last line lacked one, DEDENTs, ENDMARKER.
    fn end_of_input(&mut self) -> Token {
        if self.implicit_bracket && self.brackets.len() == 1 {
            self.brackets.clear();
            self.after_newline = true;
        }
        if let Some(open) = self.brackets.last() {
            self.unclosed_at_eof = Some(*open);
        }
        self.finished = true;
        let p = self.pos(self.cur);
        if !self.after_newline && self.brackets.is_empty() {
            let end = Pos {
                col: p.col + 1,
                ..p
            };
            self.pending_dedents = self.indents.len() - 1;
            self.indents.truncate(1);
            self.alt_indents.truncate(1);
            return Token {
                kind: TokenKind::Newline,
                start: p,
                end,
            };
        }
        self.pending_dedents = self.indents.len() - 1;
        self.indents.truncate(1);
        self.alt_indents.truncate(1);
        if self.pending_dedents > 0 {
            self.pending_dedents -= 1;
            return Token {
                kind: TokenKind::Dedent,
                start: p,
                end: p,
            };
        }
        Token {
            kind: TokenKind::EndMarker,
            start: p,
            end: p,
        }
    }

    /// Measure the indentation of a new line and emit INDENT, or queue DEDENTs. Blank and
    /// comment-only lines are skipped entirely.
    fn indentation(&mut self) -> Result<Option<Token>, SyntaxError> {
        loop {
            let mut col = 0u32;
            let mut alt = 0u32;
            let mut i = self.cur;
            // As CPython's tokenizer: indentation cannot be split over physical lines;
            // the column of the first backslash continuation decides it.
            let mut cont_line_col = 0u32;
            while let Some(&b) = self.bytes.get(i) {
                match b {
                    b' ' => {
                        col += 1;
                        alt += 1;
                    }
                    b'\t' => {
                        col = (col / TAB_SIZE + 1) * TAB_SIZE;
                        alt += 1;
                    }
                    b'\x0c' => {
                        col = 0;
                        alt = 0;
                    }
                    b'\\' if self.after_newline && self.bytes.get(i + 1) == Some(&b'\n') => {
                        if cont_line_col == 0 {
                            cont_line_col = col;
                        }
                        i += 2;
                        self.cur = i;
                        self.new_line();
                        continue;
                    }
                    _ => break,
                }
                i += 1;
            }
            if cont_line_col != 0 && !matches!(self.bytes.get(i), None | Some(b'#') | Some(b'\n')) {
                col = cont_line_col;
                alt = cont_line_col;
            }
            match self.bytes.get(i) {
                None => {
                    // Trailing blanks at the end of the input.
                    self.cur = i;
                    self.at_line_start = false;
                    return Ok(None);
                }
                Some(b'#') | Some(b'\n') => {
                    // A blank or comment-only line: no indentation meaning.
                    while let Some(&b) = self.bytes.get(i) {
                        if b == b'\n' {
                            break;
                        }
                        i += 1;
                    }
                    if i >= self.bytes.len() {
                        self.cur = i;
                        self.at_line_start = false;
                        return Ok(None);
                    }
                    self.cur = i + 1;
                    self.new_line();
                    continue;
                }
                Some(b'\\') if self.bytes.get(i + 1) == Some(&b'\n') && !self.after_newline => {
                    self.at_line_start = false;
                    return Ok(None);
                }
                Some(_) => {}
            }
            self.at_line_start = false;
            let indent_end = i;
            let top = *self.indents.last().unwrap_or(&0);
            let alt_top = *self.alt_indents.last().unwrap_or(&0);
            if col == top {
                if alt != alt_top {
                    return Err(self.tab_error(indent_end));
                }
                self.cur = indent_end;
                return Ok(None);
            }
            if col > top {
                if alt <= alt_top {
                    return Err(self.tab_error(indent_end));
                }
                if self.indents.len() >= MAX_INDENT {
                    self.cur = indent_end;
                    return Err(self
                        .error_range("too many levels of indentation", 1, 0)
                        .with_kind(SyntaxErrorKind::IndentationError));
                }
                self.indents.push(col);
                self.alt_indents.push(alt);
                let start = self.pos(self.line_start);
                self.cur = indent_end;
                let end = self.pos(indent_end);
                return Ok(Some(Token {
                    kind: TokenKind::Indent,
                    start,
                    end,
                }));
            }
            // Dedent: pop levels until one matches.
            let mut count = 0;
            while self.indents.len() > 1 && col < *self.indents.last().unwrap_or(&0) {
                self.indents.pop();
                self.alt_indents.pop();
                count += 1;
            }
            if col != *self.indents.last().unwrap_or(&0) {
                self.cur = indent_end;
                // CPython points just past the end of the offending line.
                let line_end = self.bytes[self.line_start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(self.bytes.len(), |p| self.line_start + p);
                let offset = self.chars_between(self.line_start, line_end) + 1;
                return Err(self
                    .error_range(
                        "unindent does not match any outer indentation level",
                        offset,
                        -1,
                    )
                    .with_kind(SyntaxErrorKind::IndentationError));
            }
            if alt != *self.alt_indents.last().unwrap_or(&0) {
                return Err(self.tab_error(indent_end));
            }
            self.cur = indent_end;
            self.pending_dedents = count;
            return Ok(None);
        }
    }

    fn tab_error(&mut self, indent_end: usize) -> SyntaxError {
        self.cur = indent_end;
        self.error_range("inconsistent use of tabs and spaces in indentation", 1, 0)
            .with_kind(SyntaxErrorKind::TabError)
    }

    /// An identifier or keyword, or the prefix of a string literal.
    fn name_or_string(&mut self, start: usize) -> Result<Token, SyntaxError> {
        let mut ascii = true;
        while let Some(c) = self.peek() {
            if !is_potential_identifier_char(c) {
                break;
            }
            ascii &= c < 128;
            self.cur += 1;
        }
        let text = &self.src[start..self.cur];
        if matches!(self.peek(), Some(b'\'' | b'"')) && is_string_prefix(text) {
            return self.string(start, self.cur);
        }
        let end = self.pos(self.cur);
        if ascii {
            if let Some(kw) = Keyword::from_name(text) {
                return Ok(self.token(TokenKind::Keyword(kw), start, end));
            }
            return Ok(self.token(TokenKind::Name(text.into()), start, end));
        }
        let name = self.verify_identifier(start, text)?;
        if let Some(kw) = Keyword::from_name(&name) {
            return Ok(self.token(TokenKind::Keyword(kw), start, end));
        }
        Ok(self.token(TokenKind::Name(name.into_boxed_str()), start, end))
    }

    /// PEP 3131: NFKC-normalise a non-ASCII identifier and check it, reporting the first
    /// character that cannot be part of one as CPython does.
    fn verify_identifier(&mut self, start: usize, text: &str) -> Result<String, SyntaxError> {
        use unicode_normalization::UnicodeNormalization;
        let normalised: String = text.nfkc().collect();
        let mut chars = normalised.chars();
        let valid = match chars.next() {
            Some(first) => {
                (first == '_' || unicode_ident::is_xid_start(first))
                    && chars.all(unicode_ident::is_xid_continue)
            }
            None => false,
        };
        if valid {
            return Ok(normalised);
        }
        // Find the first offending character of the original text.
        let mut bad = None;
        for (i, ch) in text.char_indices() {
            let ok = if i == 0 {
                ch == '_'
                    || unicode_ident::is_xid_start(ch)
                    || ch.nfkc().next().is_some_and(unicode_ident::is_xid_start)
            } else {
                unicode_ident::is_xid_continue(ch) || ch.nfkc().all(unicode_ident::is_xid_continue)
            };
            if !ok {
                bad = Some((i, ch));
                break;
            }
        }
        let (i, ch) = bad.unwrap_or_else(|| (0, text.chars().next().unwrap_or('?')));
        self.cur = start + i + ch.len_utf8();
        let msg = if is_unprintable(ch) {
            format!("invalid non-printable character U+{:04X}", ch as u32)
        } else {
            format!("invalid character '{ch}' (U+{:04X})", ch as u32)
        };
        Err(self.error_at_cursor(msg))
    }

    /// A string literal whose prefix (possibly empty) starts at `start` and whose opening
    /// quote is at `quote_at`.
    fn string(&mut self, start: usize, quote_at: usize) -> Result<Token, SyntaxError> {
        let quote = self.bytes[quote_at];
        self.cur = quote_at + 1;
        let triple = self.peek() == Some(quote) && self.peek_at(1) == Some(quote);
        if triple {
            self.cur += 2;
        }
        let start_line = self.line;
        let start_line_start = self.line_start;
        let start_pos = self.pos(start);
        let mut run = 0usize;
        loop {
            let Some(c) = self.nextc() else {
                return Err(self.unterminated_string(start, start_line, start_line_start, triple));
            };
            if c == quote {
                run += 1;
                if !triple || run == 3 {
                    break;
                }
                continue;
            }
            run = 0;
            match c {
                b'\n' => {
                    if !triple {
                        self.cur -= 1;
                        return Err(self.unterminated_string(
                            start,
                            start_line,
                            start_line_start,
                            false,
                        ));
                    }
                    self.line += 1;
                    self.line_start = self.cur;
                }
                b'\\' => match self.nextc() {
                    Some(b'\n') => {
                        self.line += 1;
                        self.line_start = self.cur;
                    }
                    Some(_) => {}
                    None => {
                        return Err(self.unterminated_string(
                            start,
                            start_line,
                            start_line_start,
                            triple,
                        ))
                    }
                },
                _ => {}
            }
        }
        let end = self.pos(self.cur);
        Ok(Token {
            kind: TokenKind::String,
            start: start_pos,
            end,
        })
    }

    fn unterminated_string(
        &self,
        start: usize,
        start_line: u32,
        start_line_start: usize,
        triple: bool,
    ) -> SyntaxError {
        // "detected at" is the line the tokenizer stood on: at the end of the input that is
        // the last line that has text.
        let mut detected = self.line;
        if self.cur >= self.bytes.len() && self.cur > 0 && self.bytes[self.cur - 1] == b'\n' {
            detected = detected.saturating_sub(1).max(start_line);
        }
        let msg = if triple {
            format!("unterminated triple-quoted string literal (detected at line {detected})")
        } else {
            format!("unterminated string literal (detected at line {detected})")
        };
        let col = self.chars_between(start_line_start, start) + 1;
        SyntaxError::new(msg, start_line, col, start_line, col).with_text(self.src)
    }

    /// A numeric literal, with CPython's checks of what may follow it.
    fn number(&mut self, start: usize) -> Result<Token, SyntaxError> {
        self.cur = start;
        let mut c = self.nextc();
        if c == Some(b'.') {
            // `.5`: a fraction without integer part.
            c = self.nextc();
            return self.fraction(start, c);
        }
        if c == Some(b'0') {
            c = self.nextc();
            match c {
                Some(b'x' | b'X') => {
                    c = self.nextc();
                    loop {
                        if c == Some(b'_') {
                            c = self.nextc();
                        }
                        if !c.is_some_and(|c| c.is_ascii_hexdigit()) {
                            self.backup(c);
                            return Err(self.error_at_cursor("invalid hexadecimal literal"));
                        }
                        loop {
                            c = self.nextc();
                            if !c.is_some_and(|c| c.is_ascii_hexdigit()) {
                                break;
                            }
                        }
                        if c != Some(b'_') {
                            break;
                        }
                    }
                    self.verify_end_of_number(c, "hexadecimal")?;
                }
                Some(b'o' | b'O') => self.radix_digits(8, "octal")?,
                Some(b'b' | b'B') => self.radix_digits(2, "binary")?,
                _ => {
                    let mut nonzero = false;
                    loop {
                        if c == Some(b'_') {
                            c = self.nextc();
                            if !c.is_some_and(|c| c.is_ascii_digit()) {
                                self.backup(c);
                                return Err(self.error_at_cursor("invalid decimal literal"));
                            }
                        }
                        if c != Some(b'0') {
                            break;
                        }
                        c = self.nextc();
                    }
                    let zeros_end = self.cur;
                    if c.is_some_and(|c| c.is_ascii_digit()) {
                        nonzero = true;
                        c = self.decimal_tail()?;
                    }
                    match c {
                        Some(b'.') => {
                            c = self.nextc();
                            return self.fraction(start, c);
                        }
                        Some(b'e' | b'E') => return self.exponent(start, c),
                        Some(b'j' | b'J') => return self.imaginary(start),
                        _ if nonzero => {
                            self.backup(c);
                            let from = self.chars_between(self.line_start, start) + 1;
                            let to =
                                self.chars_between(self.line_start, zeros_end.saturating_sub(1));
                            return Err(self.error_range(
                                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                                from,
                                to,
                            ));
                        }
                        _ => self.verify_end_of_number(c, "decimal")?,
                    }
                }
            }
        } else {
            c = self.decimal_tail()?;
            match c {
                Some(b'.') => {
                    c = self.nextc();
                    return self.fraction(start, c);
                }
                Some(b'e' | b'E') => return self.exponent(start, c),
                Some(b'j' | b'J') => return self.imaginary(start),
                _ => self.verify_end_of_number(c, "decimal")?,
            }
        }
        Ok(self.number_token(start))
    }

    fn number_token(&self, start: usize) -> Token {
        let end = self.pos(self.cur);
        self.token(TokenKind::Number, start, end)
    }

    /// Digits after `0o`/`0b`, with underscores, and CPython's "invalid digit" errors.
    fn radix_digits(&mut self, radix: u8, kind: &str) -> Result<(), SyntaxError> {
        let is_digit = |c: Option<u8>| c.is_some_and(|c| c >= b'0' && c < b'0' + radix);
        let mut c = self.nextc();
        loop {
            if c == Some(b'_') {
                c = self.nextc();
            }
            if !is_digit(c) {
                if let Some(d) = c.filter(u8::is_ascii_digit) {
                    return Err(self.error_at_cursor(format!(
                        "invalid digit '{}' in {kind} literal",
                        d as char
                    )));
                }
                self.backup(c);
                return Err(self.error_at_cursor(format!("invalid {kind} literal")));
            }
            loop {
                c = self.nextc();
                if !is_digit(c) {
                    break;
                }
            }
            if c != Some(b'_') {
                break;
            }
        }
        if let Some(d) = c.filter(u8::is_ascii_digit) {
            return Err(
                self.error_at_cursor(format!("invalid digit '{}' in {kind} literal", d as char))
            );
        }
        self.verify_end_of_number(c, kind)
    }

    /// CPython's `tok_decimal_tail`: the rest of a run of digits with single underscores
    /// between them; returns the byte after it (consumed).
    fn decimal_tail(&mut self) -> Result<Option<u8>, SyntaxError> {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !c.is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
            }
            if c != Some(b'_') {
                return Ok(c);
            }
            c = self.nextc();
            if !c.is_some_and(|c| c.is_ascii_digit()) {
                self.backup(c);
                return Err(self.error_at_cursor("invalid decimal literal"));
            }
        }
    }

    /// After the `.` of a float (c is the byte after it, consumed).
    fn fraction(&mut self, start: usize, mut c: Option<u8>) -> Result<Token, SyntaxError> {
        if c.is_some_and(|c| c.is_ascii_digit()) {
            c = self.decimal_tail()?;
        }
        match c {
            Some(b'e' | b'E') => self.exponent(start, c),
            Some(b'j' | b'J') => self.imaginary(start),
            _ => {
                self.verify_end_of_number(c, "decimal")?;
                Ok(self.number_token(start))
            }
        }
    }

    /// At an `e`/`E` (consumed) of a number.
    fn exponent(&mut self, start: usize, e: Option<u8>) -> Result<Token, SyntaxError> {
        let mut c = self.nextc();
        if matches!(c, Some(b'+' | b'-')) {
            c = self.nextc();
            if !c.is_some_and(|c| c.is_ascii_digit()) {
                self.backup(c);
                return Err(self.error_at_cursor("invalid decimal literal"));
            }
        } else if !c.is_some_and(|c| c.is_ascii_digit()) {
            self.backup(c);
            // `1else`: the `e` starts a keyword, the number ends before it (the check
            // leaves the cursor there).
            self.verify_end_of_number(e, "decimal")?;
            return Ok(self.number_token(start));
        }
        c = self.decimal_tail()?;
        if matches!(c, Some(b'j' | b'J')) {
            return self.imaginary(start);
        }
        self.verify_end_of_number(c, "decimal")?;
        Ok(self.number_token(start))
    }

    /// At the `j`/`J` (consumed) of an imaginary literal.
    fn imaginary(&mut self, start: usize) -> Result<Token, SyntaxError> {
        let c = self.nextc();
        self.verify_end_of_number(c, "imaginary")?;
        Ok(self.number_token(start))
    }

    /// CPython's `verify_end_of_number`: `c` (consumed) follows a number. A keyword that
    /// may legally follow (`1if x else y`) is accepted; any other identifier character is
    /// an error. Leaves the cursor before `c`.
    fn verify_end_of_number(&mut self, c: Option<u8>, kind: &str) -> Result<(), SyntaxError> {
        let rest = &self.bytes[self.cur.min(self.bytes.len())..];
        let keyword_follows = match c {
            Some(b'a') => rest.starts_with(b"nd"),
            Some(b'e') => rest.starts_with(b"lse"),
            Some(b'f') => rest.starts_with(b"or"),
            Some(b'i') => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            Some(b'o') => rest.starts_with(b"r"),
            Some(b'n') => rest.starts_with(b"ot"),
            _ => false,
        };
        self.backup(c);
        if keyword_follows {
            // Accepted, but CPython warns (and `-W error` turns it into the error).
            let warning = self.error_at_cursor(format!("invalid {kind} literal"));
            self.warnings.push(warning);
            return Ok(());
        }
        if c.is_some_and(|c| c < 128 && is_potential_identifier_char(c)) {
            return Err(self.error_at_cursor(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    /// Operators, delimiters and brackets, and anything else that starts no token.
    fn operator(&mut self, start: usize) -> Result<Token, SyntaxError> {
        let b0 = self.bytes[start];
        let b1 = self.bytes.get(start + 1).copied().unwrap_or(0);
        let b2 = self.bytes.get(start + 2).copied().unwrap_or(0);
        let three = match (b0, b1, b2) {
            (b'*', b'*', b'=') => Some(Op::DoubleStarEqual),
            (b'/', b'/', b'=') => Some(Op::DoubleSlashEqual),
            (b'>', b'>', b'=') => Some(Op::RightShiftEqual),
            (b'<', b'<', b'=') => Some(Op::LeftShiftEqual),
            (b'.', b'.', b'.') => Some(Op::Ellipsis),
            _ => None,
        };
        let (op, len) = if let Some(op) = three {
            (op, 3)
        } else if let Some(op) = two_char_op(b0, b1) {
            (op, 2)
        } else if let Some(op) = one_char_op(b0) {
            (op, 1)
        } else {
            return Err(self.bad_character(start));
        };
        self.cur = start + len;
        match op {
            Op::Lpar | Op::Lsqb | Op::Lbrace => {
                if self.brackets.len() >= MAX_BRACKETS {
                    return Err(self.error_at_cursor("too many nested parentheses"));
                }
                self.brackets.push(OpenBracket {
                    ch: b0,
                    line: self.line,
                    offset: start,
                    line_start: self.line_start,
                });
            }
            Op::Rpar | Op::Rsqb | Op::Rbrace => {
                let Some(open) = self.brackets.pop() else {
                    return Err(self.error_at_cursor(format!("unmatched '{}'", b0 as char)));
                };
                let expected = match open.ch {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if b0 != expected {
                    let msg = if open.line != self.line {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                            b0 as char, open.ch as char, open.line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{}' does not match opening parenthesis '{}'",
                            b0 as char, open.ch as char
                        )
                    };
                    return Err(self.error_at_cursor(msg));
                }
            }
            _ => {}
        }
        let end = self.pos(self.cur);
        Ok(self.token(TokenKind::Op(op), start, end))
    }

    /// A character that starts no token: CPython's messages for invalid characters, or
    /// plain "invalid syntax" for stray ASCII such as `$`, `?` and backquotes.
    fn bad_character(&mut self, start: usize) -> SyntaxError {
        let ch = self.src[start..].chars().next().unwrap_or('\0');
        self.cur = start + ch.len_utf8();
        if ch == '\0' {
            return self.error_at_cursor("source code cannot contain null bytes");
        }
        if is_unprintable(ch) {
            return self.error_at_cursor(format!(
                "invalid non-printable character U+{:04X}",
                ch as u32
            ));
        }
        if !ch.is_ascii() {
            return self.error_at_cursor(format!("invalid character '{ch}' (U+{:04X})", ch as u32));
        }
        self.error_at_cursor("invalid syntax")
    }
}

/// Whether `text` (the letters before a quote) is a valid string prefix.
fn is_string_prefix(text: &str) -> bool {
    if text.len() > 2 {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
    )
}

fn two_char_op(a: u8, b: u8) -> Option<Op> {
    Some(match (a, b) {
        (b'!', b'=') => Op::NotEqual,
        (b'%', b'=') => Op::PercentEqual,
        (b'&', b'=') => Op::AmperEqual,
        (b'*', b'*') => Op::DoubleStar,
        (b'*', b'=') => Op::StarEqual,
        (b'+', b'=') => Op::PlusEqual,
        (b'-', b'=') => Op::MinEqual,
        (b'-', b'>') => Op::Rarrow,
        (b'/', b'/') => Op::DoubleSlash,
        (b'/', b'=') => Op::SlashEqual,
        (b':', b'=') => Op::ColonEqual,
        (b'<', b'<') => Op::LeftShift,
        (b'<', b'=') => Op::LessEqual,
        (b'=', b'=') => Op::EqEqual,
        (b'>', b'=') => Op::GreaterEqual,
        (b'>', b'>') => Op::RightShift,
        (b'@', b'=') => Op::AtEqual,
        (b'^', b'=') => Op::CircumflexEqual,
        (b'|', b'=') => Op::VbarEqual,
        _ => return None,
    })
}

fn one_char_op(a: u8) -> Option<Op> {
    Some(match a {
        b'(' => Op::Lpar,
        b')' => Op::Rpar,
        b'[' => Op::Lsqb,
        b']' => Op::Rsqb,
        b'{' => Op::Lbrace,
        b'}' => Op::Rbrace,
        b':' => Op::Colon,
        b',' => Op::Comma,
        b';' => Op::Semi,
        b'+' => Op::Plus,
        b'-' => Op::Minus,
        b'*' => Op::Star,
        b'/' => Op::Slash,
        b'|' => Op::Vbar,
        b'&' => Op::Amper,
        b'<' => Op::Less,
        b'>' => Op::Greater,
        b'=' => Op::Equal,
        b'.' => Op::Dot,
        b'%' => Op::Percent,
        b'~' => Op::Tilde,
        b'^' => Op::Circumflex,
        b'@' => Op::At,
        b'!' => Op::Exclamation,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut t = Tokenizer::new(src);
        let mut out = Vec::new();
        loop {
            let tok = t.next_token().expect("token");
            let end = tok.kind == TokenKind::EndMarker;
            out.push(tok.kind);
            if end {
                return out;
            }
        }
    }

    fn error(src: &str) -> (String, u32, i32, i32) {
        let mut t = Tokenizer::new(src);
        loop {
            match t.next_token() {
                Ok(tok) if tok.kind == TokenKind::EndMarker => panic!("no error in {src:?}"),
                Ok(_) => {}
                Err(e) => return (e.msg, e.lineno, e.offset, e.end_offset),
            }
        }
    }

    #[test]
    fn indentation_and_implicit_newline() {
        use TokenKind::*;
        let k = kinds("if x:\n    y\n\n  # c\nz");
        assert_eq!(
            k,
            vec![
                Keyword(crate::token::Keyword::If),
                Name("x".into()),
                Op(crate::token::Op::Colon),
                Newline,
                Indent,
                Name("y".into()),
                Newline,
                Dedent,
                Name("z".into()),
                Newline,
                EndMarker
            ]
        );
    }

    #[test]
    fn numbers_and_errors_match_cpython_positions() {
        assert_eq!(kinds("1if 1 else 2").len(), 7);
        assert_eq!(
            error("x = 1_\n"),
            ("invalid decimal literal".into(), 1, 6, 6)
        );
        assert_eq!(
            error("x = 0b12\n"),
            ("invalid digit '2' in binary literal".into(), 1, 8, 8)
        );
        assert_eq!(error("x = 0o\n"), ("invalid octal literal".into(), 1, 6, 6));
        assert_eq!(
            error("x = 1e\n"),
            ("invalid decimal literal".into(), 1, 5, 5)
        );
        assert_eq!(
            error("x = 1.2j3\n"),
            ("invalid imaginary literal".into(), 1, 8, 8)
        );
        assert_eq!(
            error("x = 5abc\n"),
            ("invalid decimal literal".into(), 1, 5, 5)
        );
        assert_eq!(error("x = 1)\n"), ("unmatched ')'".into(), 1, 6, 6));
        assert_eq!(
            error("x = 1 \\ y\n"),
            (
                "unexpected character after line continuation character".into(),
                1,
                8,
                8
            )
        );
    }

    #[test]
    fn strings_and_their_errors() {
        assert_eq!(kinds("rb'x' f\"{a}\" '''a\nb'''").len(), 5);
        assert_eq!(
            error("\"abc"),
            (
                "unterminated string literal (detected at line 1)".into(),
                1,
                1,
                1
            )
        );
        assert_eq!(
            error("x = \"\"\"\nab\n"),
            (
                "unterminated triple-quoted string literal (detected at line 2)".into(),
                1,
                5,
                5
            )
        );
    }

    #[test]
    fn unicode_identifiers() {
        assert_eq!(kinds("ﬁ = 1")[0], TokenKind::Name("fi".into()));
        assert_eq!(
            error("a = \"h\u{e9}llo\" + \u{20ac}").0,
            "invalid character '€' (U+20AC)"
        );
        assert_eq!(error("a = \"h\u{e9}llo\" + \u{20ac}").2, 15);
        assert_eq!(
            error("a\u{a0}= 1").0,
            "invalid non-printable character U+00A0"
        );
    }

    #[test]
    fn deep_brackets_are_an_error_not_a_crash() {
        let src = "(".repeat(10_000);
        assert_eq!(error(&src).0, "too many nested parentheses");
    }
}
