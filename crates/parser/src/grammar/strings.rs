//! Literals: numbers, string and bytes literals with their escapes, implicit
//! concatenation, and 3.11 f-strings (parsed as CPython's Parser/string_parser.c does:
//! literal parts, `{expr!c:spec}` fields, the `=` specifier, nested specs).

use num_bigint::BigInt;
use num_traits::Num;

use super::{range_of, PResult, Parser};
use crate::ast::*;
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::token::{Pos, Token, TokenKind};
use crate::wtf8::Wtf8Buf;

/// The value of a NUMBER token's text.
pub(crate) fn number_value(text: &str) -> Constant {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if let Some(imag) = lower.strip_suffix('j') {
        return Constant::Complex {
            real: 0.0,
            imag: imag.parse().unwrap_or(f64::INFINITY),
        };
    }
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else if lower.contains(['.', 'e']) {
        return Constant::Float(lower.parse().unwrap_or(f64::INFINITY));
    } else {
        (lower.as_str(), 10)
    };
    match i64::from_str_radix(digits, radix) {
        Ok(v) => Constant::Int(IntValue::Small(v)),
        Err(_) => match BigInt::from_str_radix(digits, radix) {
            Ok(big) => Constant::Int(IntValue::Big(Box::new(big))),
            Err(_) => Constant::Int(IntValue::Small(0)),
        },
    }
}

/// A string token taken apart: prefix flags and the body between the quotes.
struct Literal<'a> {
    raw: bool,
    bytes: bool,
    fstring: bool,
    unicode: bool,
    body: &'a str,
    /// Byte offset of the body inside the token text.
    body_offset: usize,
}

fn split_literal(text: &str) -> Literal<'_> {
    let quote_at = text.find(['\'', '"']).unwrap_or(0);
    let prefix = text[..quote_at].to_ascii_lowercase();
    let rest = &text[quote_at..];
    let q = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        3
    } else {
        1
    };
    let body_end = rest.len().saturating_sub(q).max(q);
    Literal {
        raw: prefix.contains('r'),
        bytes: prefix.contains('b'),
        fstring: prefix.contains('f'),
        unicode: prefix.contains('u'),
        body: &rest[q.min(rest.len())..body_end],
        body_offset: quote_at + q,
    }
}

/// Why decoding an escape failed: CPython's message and the byte range in the body.
struct EscapeError {
    reason: &'static str,
    start: usize,
    end: usize,
}

/// Decode the escapes of a (non-raw) str literal body into `out`.
/// `first_invalid` gets CPython's warning for the first invalid escape (an unknown
/// escape or an octal value above 0o377), if any.
fn decode_str_escapes(
    body: &str,
    out: &mut Wtf8Buf,
    first_invalid: &mut Option<String>,
) -> Result<(), EscapeError> {
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut run_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&body[run_start..i]);
        let esc_start = i;
        i += 1;
        let Some(&c) = bytes.get(i) else {
            return Err(EscapeError {
                reason: "\\ at end of string",
                start: esc_start,
                end: esc_start,
            });
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push_char('\\'),
            b'\'' => out.push_char('\''),
            b'"' => out.push_char('"'),
            b'a' => out.push_char('\x07'),
            b'b' => out.push_char('\x08'),
            b'f' => out.push_char('\x0c'),
            b'n' => out.push_char('\n'),
            b'r' => out.push_char('\r'),
            b't' => out.push_char('\t'),
            b'v' => out.push_char('\x0b'),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                let mut n = 1;
                while n < 3 && i < bytes.len() && (b'0'..=b'7').contains(&bytes[i]) {
                    value = value * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                    n += 1;
                }
                if value > 0o377 && first_invalid.is_none() {
                    *first_invalid = Some(format!(
                        "invalid octal escape sequence '\\{}'",
                        &body[esc_start + 1..i]
                    ));
                }
                out.push_code_point(value);
            }
            b'x' | b'u' | b'U' => {
                let (count, reason) = match c {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let digits = body
                    .get(i..i + count)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
                let Some(digits) = digits else {
                    let mut end = i;
                    while end < bytes.len() && end < i + count && bytes[end].is_ascii_hexdigit() {
                        end += 1;
                    }
                    return Err(EscapeError {
                        reason,
                        start: esc_start,
                        end: end.saturating_sub(1).max(esc_start + 1),
                    });
                };
                let value = u32::from_str_radix(digits, 16).unwrap_or(0);
                i += count;
                if value > 0x10FFFF {
                    return Err(EscapeError {
                        reason: "illegal Unicode character",
                        start: esc_start,
                        end: i - 1,
                    });
                }
                out.push_code_point(value);
            }
            b'N' => {
                let close = if bytes.get(i) == Some(&b'{') {
                    body[i..].find('}').map(|p| i + p)
                } else {
                    None
                };
                let Some(close) = close else {
                    return Err(EscapeError {
                        reason: "malformed \\N character escape",
                        start: esc_start,
                        end: i.saturating_sub(1),
                    });
                };
                let name = &body[i + 1..close];
                match unicode_names2::character(name) {
                    Some(ch) => out.push_char(ch),
                    None => {
                        return Err(EscapeError {
                            reason: "unknown Unicode character name",
                            start: esc_start,
                            end: close,
                        })
                    }
                }
                i = close + 1;
            }
            _ => {
                // An unknown escape keeps its backslash (CPython warns about it).
                if first_invalid.is_none() {
                    let ch = body[i - 1..].chars().next().unwrap_or('?');
                    *first_invalid = Some(format!("invalid escape sequence '\\{ch}'"));
                }
                out.push_char('\\');
                i -= 1;
            }
        }
        run_start = i;
    }
    out.push_str(&body[run_start..]);
    Ok(())
}

/// Decode a bytes literal body (escapes unless raw).
fn decode_bytes(
    body: &str,
    raw: bool,
    first_invalid: &mut Option<String>,
) -> Result<Vec<u8>, EscapeError> {
    let bytes = body.as_bytes();
    if raw {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = bytes.get(i) else {
            return Err(EscapeError {
                reason: "\\ at end of string",
                start: i - 1,
                end: i - 1,
            });
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(e - b'0');
                let mut n = 1;
                while n < 3 && i < bytes.len() && (b'0'..=b'7').contains(&bytes[i]) {
                    value = value * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                    n += 1;
                }
                if value > 0o377 && first_invalid.is_none() {
                    *first_invalid = Some(format!(
                        "invalid octal escape sequence '\\{}'",
                        &body[i - n..i]
                    ));
                }
                out.push(value as u8);
            }
            b'x' => {
                let digits = body
                    .get(i..i + 2)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
                let Some(digits) = digits else {
                    return Err(EscapeError {
                        reason: "invalid \\x escape",
                        start: i - 2,
                        end: i,
                    });
                };
                out.push(u8::from_str_radix(digits, 16).unwrap_or(0));
                i += 2;
            }
            _ => {
                if first_invalid.is_none() {
                    let ch = body[i - 1..].chars().next().unwrap_or('?');
                    *first_invalid = Some(format!("invalid escape sequence '\\{ch}'"));
                }
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    Ok(out)
}

/// A piece of a string being assembled from literals and f-string fields.
enum Piece {
    Text(Wtf8Buf),
    Field(Expr),
}

impl<'s> Parser<'s> {
    /// One or more adjacent string tokens: a Constant, or a JoinedStr with f-strings.
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let mut tokens: Vec<Token> = Vec::new();
        while matches!(self.peek_kind(), TokenKind::String) {
            tokens.push(self.advance());
        }
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return Err(self.syntax_error_here());
        };
        // CPython reports errors in the strings' contents at the token read after them.
        self.string_anchor = Some(self.peek().clone());
        let result = self.strings_value(&tokens, first, last);
        self.string_anchor = None;
        result
    }

    fn strings_value(&mut self, tokens: &[Token], first: &Token, last: &Token) -> PResult<Expr> {
        let whole = range_of(first.start, last.end);
        let literals: Vec<(Token, Literal<'s>)> = tokens
            .iter()
            .map(|t| (t.clone(), split_literal(self.text(t))))
            .collect();
        let is_bytes = literals[0].1.bytes;
        if literals.iter().any(|(_, l)| l.bytes != is_bytes) {
            return Err(self.string_error("cannot mix bytes and nonbytes literals", last));
        }
        let kind = if literals[0].1.unicode {
            Some("u".to_string())
        } else {
            None
        };
        if is_bytes {
            let mut value = Vec::new();
            for (tok, lit) in &literals {
                if !lit.body.is_ascii() {
                    return Err(
                        self.error_at_token("bytes can only contain ASCII literal characters", tok)
                    );
                }
                let mut invalid = None;
                match decode_bytes(lit.body, lit.raw, &mut invalid) {
                    Ok(b) => {
                        value.extend(b);
                        self.warn_invalid_escape(invalid, tok);
                    }
                    Err(err) => {
                        // CPython's bytes decoder words its one error differently.
                        let msg =
                            format!("(value error) invalid \\x escape at position {}", err.start);
                        return Err(self.string_error(&msg, tok));
                    }
                }
            }
            return Ok(Expr {
                kind: ExprKind::Constant {
                    value: Constant::Bytes(value),
                    kind,
                },
                range: whole,
            });
        }
        let has_f = literals.iter().any(|(_, l)| l.fstring);
        let mut pieces: Vec<Piece> = Vec::new();
        for (tok, lit) in &literals {
            if lit.fstring {
                self.fstring_pieces(tok, lit, whole, 0, &mut pieces)?;
            } else {
                let mut text = Wtf8Buf::new();
                if lit.raw {
                    text.push_str(lit.body);
                } else {
                    let mut invalid = None;
                    if let Err(err) = decode_str_escapes(lit.body, &mut text, &mut invalid) {
                        self.warn_invalid_escape(invalid, tok);
                        return Err(self.escape_error("unicode", "unicodeescape", &err, tok));
                    }
                    self.warn_invalid_escape(invalid, tok);
                }
                pieces.push(Piece::Text(text));
            }
        }
        if !has_f {
            let mut value = Wtf8Buf::new();
            for p in pieces {
                if let Piece::Text(t) = p {
                    value.push_wtf8(&t);
                }
            }
            return Ok(Expr {
                kind: ExprKind::Constant {
                    value: Constant::Str(value),
                    kind,
                },
                range: whole,
            });
        }
        let values = merge_pieces(pieces, whole, whole);
        Ok(Expr {
            kind: ExprKind::JoinedStr { values },
            range: whole,
        })
    }

    /// CPython's warn_invalid_escape_sequence: a DeprecationWarning at the string's
    /// token (a SyntaxError there when the warning is made an error).
    fn warn_invalid_escape(&self, msg: Option<String>, tok: &Token) {
        if let Some(msg) = msg {
            let e = self.error_at_token(&msg, tok);
            crate::warnings::push(crate::warnings::Category::DeprecationWarning, e);
        }
    }

    fn escape_error(
        &self,
        _kind: &str,
        codec: &str,
        err: &EscapeError,
        tok: &Token,
    ) -> SyntaxError {
        let msg = if err.start == err.end {
            format!(
                "(unicode error) '{codec}' codec can't decode byte 0x5c in position {}: {}",
                err.start, err.reason
            )
        } else {
            format!(
                "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: {}",
                err.start, err.end, err.reason
            )
        };
        self.string_error(&msg, tok)
    }

    /// An f-string error: CPython reports it at the token after the strings.
    fn fstring_error(&self, msg: &str, tok: &Token) -> SyntaxError {
        self.string_error(msg, tok)
    }

    /// An error in the contents of string literals, raised as CPython raises it: at the
    /// token read after the strings (or just after `tok` when that is unknown).
    fn string_error(&self, msg: &str, tok: &Token) -> SyntaxError {
        match &self.string_anchor {
            Some(anchor) => self.error_at_token(msg, anchor),
            None => {
                let mut e = self.error_between(msg, tok.end, tok.end);
                e.end_offset = e.offset;
                e
            }
        }
    }

    /// The pieces of one f-string token's body (or of a format spec, at `depth` > 0).
    fn fstring_pieces(
        &mut self,
        tok: &Token,
        lit: &Literal<'s>,
        whole: Range,
        depth: u32,
        out: &mut Vec<Piece>,
    ) -> PResult<()> {
        let body = lit.body;
        let base = tok.start.offset as usize + lit.body_offset;
        self.fstring_scan(tok, lit, body, base, whole, depth, out)
            .map(|_| ())
    }

    /// Scan `text` (a slice of an f-string token starting at absolute offset `base`) until
    /// its end, or, inside a format spec, until the `}` closing the field. Returns the
    /// number of bytes consumed.
    #[allow(clippy::too_many_arguments)]
    fn fstring_scan(
        &mut self,
        tok: &Token,
        lit: &Literal<'s>,
        text: &str,
        base: usize,
        whole: Range,
        depth: u32,
        out: &mut Vec<Piece>,
    ) -> PResult<usize> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut literal = String::new();
        let flush =
            |literal: &mut String, out: &mut Vec<Piece>, this: &Parser<'s>| -> PResult<()> {
                if literal.is_empty() {
                    return Ok(());
                }
                let mut value = Wtf8Buf::new();
                if lit.raw {
                    value.push_str(literal);
                } else {
                    let mut invalid = None;
                    let r = decode_str_escapes(literal, &mut value, &mut invalid);
                    this.warn_invalid_escape(invalid, tok);
                    if let Err(err) = r {
                        return Err(this.escape_error("unicode", "unicodeescape", &err, tok));
                    }
                }
                out.push(Piece::Text(value));
                literal.clear();
                Ok(())
            };
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'{' {
                if depth == 0 && bytes.get(i + 1) == Some(&b'{') {
                    literal.push('{');
                    i += 2;
                    continue;
                }
                flush(&mut literal, out, self)?;
                if depth >= 2 {
                    return Err(self.fstring_error("f-string: expressions nested too deeply", tok));
                }
                let used =
                    self.fstring_field(tok, lit, &text[i + 1..], base + i + 1, whole, depth, out)?;
                i += 1 + used;
                continue;
            }
            if c == b'}' {
                if depth > 0 {
                    flush(&mut literal, out, self)?;
                    return Ok(i);
                }
                if bytes.get(i + 1) == Some(&b'}') {
                    literal.push('}');
                    i += 2;
                    continue;
                }
                return Err(self.fstring_error("f-string: single '}' is not allowed", tok));
            }
            // Copy one character (escapes are decoded at flush time).
            let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
            if c == b'\\' && !lit.raw && i + 1 < bytes.len() {
                let next_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                // `\N{...}` holds braces that are not fields.
                if bytes[i + 1] == b'N' && bytes.get(i + 2) == Some(&b'{') {
                    if let Some(close) = text[i..].find('}') {
                        literal.push_str(&text[i..i + close + 1]);
                        i += close + 1;
                        continue;
                    }
                }
                literal.push_str(&text[i..i + 1 + next_len]);
                i += 1 + next_len;
                continue;
            }
            literal.push_str(&text[i..i + ch_len]);
            i += ch_len;
        }
        if depth > 0 {
            return Err(self.fstring_error("f-string: expecting '}'", tok));
        }
        flush(&mut literal, out, self)?;
        Ok(i)
    }

    /// One `{...}` field, starting just after its `{`; returns the bytes consumed
    /// including the closing `}`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_field(
        &mut self,
        tok: &Token,
        lit: &Literal<'s>,
        text: &str,
        base: usize,
        whole: Range,
        depth: u32,
        out: &mut Vec<Piece>,
    ) -> PResult<usize> {
        let bytes = text.as_bytes();
        // Find the end of the expression as CPython's fstring_find_expr does: a `}`,
        // `!`, `:` or `=` outside brackets and strings (`!=`, `==`, `<=`, `>=` do not
        // end it), checking brackets and quotes on the way.
        let mut i = 0;
        let mut nesting: Vec<u8> = Vec::new();
        let mut quote: Option<(u8, bool)> = None;
        let mut debug = false;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'\\' {
                return Err(
                    self.fstring_error("f-string expression part cannot include a backslash", tok)
                );
            }
            if let Some((q, triple)) = quote {
                if c == q {
                    if !triple {
                        quote = None;
                    } else if bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q) {
                        i += 2;
                        quote = None;
                    }
                }
                i += 1;
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                    quote = Some((c, triple));
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if nesting.len() >= 200 {
                        return Err(
                            self.fstring_error("f-string: too many nested parenthesis", tok)
                        );
                    }
                    nesting.push(c);
                }
                b'#' => {
                    return Err(
                        self.fstring_error("f-string expression part cannot include '#'", tok)
                    )
                }
                b'!' | b':' | b'}' | b'=' | b'<' | b'>' if nesting.is_empty() => {
                    let next = bytes.get(i + 1).copied();
                    if matches!(c, b'!' | b'=' | b'<' | b'>') && next == Some(b'=') {
                        i += 2;
                        continue;
                    }
                    if matches!(c, b'<' | b'>') {
                        i += 1;
                        continue;
                    }
                    debug = c == b'=';
                    break;
                }
                b')' | b']' | b'}' => {
                    let Some(opening) = nesting.pop() else {
                        let msg = format!("f-string: unmatched '{}'", c as char);
                        return Err(self.fstring_error(&msg, tok));
                    };
                    let expected = match opening {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if c != expected {
                        let msg = format!(
                            "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as char, opening as char
                        );
                        return Err(self.fstring_error(&msg, tok));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if quote.is_some() {
            return Err(self.fstring_error("f-string: unterminated string", tok));
        }
        if let Some(&opening) = nesting.last() {
            let msg = format!("f-string: unmatched '{}'", opening as char);
            return Err(self.fstring_error(&msg, tok));
        }
        if i >= bytes.len() {
            return Err(self.fstring_error("f-string: expecting '}'", tok));
        }
        let expr_text = &text[..i];
        // Only the whitespace CPython's parser skips counts as nothing.
        if expr_text
            .bytes()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c'))
        {
            let msg = match bytes.get(i) {
                Some(&c @ (b'!' | b':' | b'=')) => {
                    format!("f-string: expression required before '{}'", c as char)
                }
                _ => "f-string: empty expression not allowed".to_string(),
            };
            return Err(self.fstring_error(&msg, tok));
        }
        let value = self.fstring_expression(expr_text, base, tok)?;
        if debug {
            i += 1;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let mut t = Wtf8Buf::new();
            t.push_str(&text[..i]);
            out.push(Piece::Text(t));
        }
        let mut conversion = -1;
        if bytes.get(i) == Some(&b'!') {
            i += 1;
            conversion = match bytes.get(i) {
                Some(b's') => 's' as i32,
                Some(b'r') => 'r' as i32,
                Some(b'a') => 'a' as i32,
                // The string ends right after the '!'.
                None => return Err(self.fstring_error("f-string: expecting '}'", tok)),
                _ => {
                    return Err(self.fstring_error(
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                        tok,
                    ));
                }
            };
            i += 1;
        }
        let mut format_spec = None;
        if bytes.get(i) == Some(&b':') {
            i += 1;
            let mut spec_pieces = Vec::new();
            let used = self.fstring_scan(
                tok,
                lit,
                &text[i..],
                base + i,
                whole,
                depth + 1,
                &mut spec_pieces,
            )?;
            i += used;
            // As CPython: literal text before a nested field gets the whole literal's
            // location, the trailing text gets this token's.
            let values = merge_pieces(spec_pieces, whole, range_of(tok.start, tok.end));
            format_spec = Some(Box::new(Expr {
                kind: ExprKind::JoinedStr { values },
                range: range_of(tok.start, tok.end),
            }));
        }
        if bytes.get(i) != Some(&b'}') {
            return Err(self.fstring_error("f-string: expecting '}'", tok));
        }
        i += 1;
        if debug && conversion == -1 && format_spec.is_none() {
            conversion = 'r' as i32;
        }
        out.push(Piece::Field(Expr {
            kind: ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
            range: whole,
        }));
        Ok(i)
    }

    /// Parse the expression of an f-string field as CPython 3.11 does: the text between
    /// the braces, put in parentheses (so a bare tuple or generator spans the braces),
    /// parsed from where CPython places the opening brace (column 0 of the brace's line
    /// when only whitespace follows the brace on that line).
    fn fstring_expression(&mut self, text: &str, base: usize, tok: &Token) -> PResult<Expr> {
        let brace = base.saturating_sub(1);
        let mut at = self.position_of_offset(brace, tok);
        let newline_after_brace = text
            .bytes()
            .take_while(|&c| c != b'}' && c != b'\n')
            .all(|c| matches!(c, b' ' | b'\t' | b'\x0c'));
        if newline_after_brace {
            at.col = if at.line == tok.start.line {
                tok.start.col
            } else {
                0
            };
        }
        let wrapped = format!("({text})");
        let mut sub = Parser::new_at(&wrapped, at, self.remaining_stack_budget());
        let result = (|| {
            let e = sub.star_expressions()?;
            while matches!(sub.peek_kind(), TokenKind::Newline) {
                sub.advance();
            }
            if !matches!(sub.peek_kind(), TokenKind::EndMarker) {
                return Err(sub.syntax_error_here());
            }
            Ok(e)
        })();
        if sub.out_of_stack {
            self.out_of_stack = true;
            return Err(super::memory_error());
        }
        match result {
            Ok(e) => Ok(e),
            Err(err) => {
                let mut e = sub.finish_error(err);
                if !e.msg.starts_with("f-string") {
                    e.msg = format!("f-string: {}", e.msg);
                }
                if e.kind != SyntaxErrorKind::MemoryError {
                    e.text = sub.fstring_error_text(e.lineno);
                }
                Err(e)
            }
        }
    }

    /// The line/column of an absolute byte offset inside a string token.
    fn position_of_offset(&self, offset: usize, tok: &Token) -> Pos {
        let tok_start = tok.start.offset as usize;
        let rel = offset.saturating_sub(tok_start);
        let token_text = self.text(tok);
        let before = &token_text[..rel.min(token_text.len())];
        let newlines = before.matches('\n').count() as u32;
        if newlines == 0 {
            Pos {
                line: tok.start.line,
                col: tok.start.col + rel as u32,
                offset: offset as u32,
            }
        } else {
            let last_nl = before.rfind('\n').unwrap_or(0);
            Pos {
                line: tok.start.line + newlines,
                col: (before.len() - last_nl - 1) as u32,
                offset: offset as u32,
            }
        }
    }
}

/// Merge adjacent text pieces and give every part the location of the whole literal.
fn merge_pieces(pieces: Vec<Piece>, whole: Range, trailing: Range) -> Vec<Expr> {
    let mut values = Vec::new();
    let mut text: Option<Wtf8Buf> = None;
    for p in pieces {
        match p {
            Piece::Text(t) => match &mut text {
                Some(acc) => acc.push_wtf8(&t),
                None => text = Some(t),
            },
            Piece::Field(f) => {
                if let Some(t) = text.take() {
                    if !t.is_empty() {
                        values.push(Expr {
                            kind: ExprKind::Constant {
                                value: Constant::Str(t),
                                kind: None,
                            },
                            range: whole,
                        });
                    }
                }
                values.push(f);
            }
        }
    }
    if let Some(t) = text.take() {
        if !t.is_empty() {
            values.push(Expr {
                kind: ExprKind::Constant {
                    value: Constant::Str(t),
                    kind: None,
                },
                range: trailing,
            });
        }
    }
    values
}
