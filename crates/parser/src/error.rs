//! Syntax errors as CPython reports them: kind, message and position.

use std::fmt;

/// Which built-in exception class a syntax error is raised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`
    SyntaxError,
    /// `IndentationError` (a subclass of SyntaxError)
    IndentationError,
    /// `TabError` (a subclass of IndentationError)
    TabError,
    /// `MemoryError`: CPython's parser gives up with a bare MemoryError when source is
    /// nested too deeply for its stack (`-` or `not` repeated thousands of times).
    MemoryError,
    /// `RecursionError`: the compiler met an AST nested deeper than CPython's compiler
    /// allows ("maximum recursion depth exceeded during compilation").
    RecursionError,
}

impl SyntaxErrorKind {
    /// The Python class name, as printed in tracebacks.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::SyntaxError => "SyntaxError",
            SyntaxErrorKind::IndentationError => "IndentationError",
            SyntaxErrorKind::TabError => "TabError",
            SyntaxErrorKind::MemoryError => "MemoryError",
            SyntaxErrorKind::RecursionError => "RecursionError",
        }
    }
}

/// A syntax error with the fields of CPython's `SyntaxError` object.
///
/// `lineno`/`end_lineno` are 1-based lines. `offset`/`end_offset` are 1-based *character*
/// columns as CPython 3.11 stores them in the exception (not UTF-8 bytes); 0 means unknown
/// and CPython sometimes stores -1 in `end_offset`.
/// `text` is the offending source line including its trailing newline when there is one,
/// exactly as CPython's `SyntaxError.text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub lineno: u32,
    pub offset: i32,
    pub end_lineno: u32,
    pub end_offset: i32,
    pub text: Option<String>,
}

impl SyntaxError {
    /// A plain `SyntaxError` with position but no source text yet; see [`SyntaxError::with_text`].
    pub fn new(
        msg: impl Into<String>,
        lineno: u32,
        offset: i32,
        end_lineno: u32,
        end_offset: i32,
    ) -> Self {
        SyntaxError {
            kind: SyntaxErrorKind::SyntaxError,
            msg: msg.into(),
            lineno,
            offset,
            end_lineno,
            end_offset,
            text: None,
        }
    }

    /// The same error raised as another class (IndentationError, TabError).
    pub fn with_kind(mut self, kind: SyntaxErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// Attach the offending line of `source`, as CPython does when it reports the error.
    pub fn with_text(mut self, source: &str) -> Self {
        if self.text.is_none() && self.lineno > 0 {
            self.text = source_line(source, self.lineno);
        }
        self
    }
}

/// Line `lineno` (1-based) of `source`, with its newline, or `None` when out of range.
pub fn source_line(source: &str, lineno: u32) -> Option<String> {
    let mut rest = source;
    for _ in 1..lineno {
        let nl = rest.find('\n')?;
        rest = &rest[nl + 1..];
    }
    if rest.is_empty() && lineno > 1 {
        return None;
    }
    let end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

impl SyntaxError {
    /// The report CPython 3.11 prints on stderr for this error when it is uncaught:
    /// `  File "x.py", line 3`, the offending line and its `^` markers, then
    /// `SyntaxError: msg`, each line ending in a newline.
    pub fn render(&self, filename: &str) -> String {
        if self.kind == SyntaxErrorKind::MemoryError {
            return "MemoryError\n".to_string();
        }
        let mut out = format!("  File \"{}\", line {}\n", filename, self.lineno);
        if let Some(text) = &self.text {
            let mut end_offset = i64::from(self.end_offset);
            if self.end_lineno > self.lineno {
                end_offset = text.len() as i64;
            }
            if end_offset > text.len() as i64 + 1 {
                end_offset = text.len() as i64 + 1;
            }
            if self.kind != SyntaxErrorKind::SyntaxError {
                // CPython marks indentation errors with a single caret.
                end_offset = -1;
            }
            out.push_str(&render_error_text(i64::from(self.offset), end_offset, text));
        }
        out.push_str(self.kind.name());
        out.push_str(": ");
        out.push_str(&self.msg);
        out.push('\n');
        out
    }
}

/// The source line and caret line of a syntax error report, as CPython's
/// `print_error_text`: leading blanks are stripped (moving the caret with them), the caret
/// is clipped to the line, and it is left out when it would point left of the text.
/// `offset`/`end_offset` are 1-based; the text is measured in bytes where CPython does.
pub fn render_error_text(offset: i64, end_offset: i64, text: &str) -> String {
    let carets = if end_offset > 0 && end_offset > offset {
        (end_offset - offset) as usize
    } else {
        1
    };
    let mut offset = offset - 1;
    let mut text = text;
    let stripped = text.trim_start_matches([' ', '\t', '\x0c']);
    offset -= (text.len() - stripped.len()) as i64;
    text = stripped;
    let len = text.strip_suffix('\n').unwrap_or(text).len() as i64;
    if offset > len {
        offset = len;
    }
    // Skip lines before the one the offset falls in (text holding several lines).
    while let Some(nl) = text.find('\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        text = &text[nl + 1..];
        offset -= inl + 1;
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("    ");
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    if offset < 0 {
        return out;
    }
    out.push_str("    ");
    for _ in 0..offset {
        out.push(' ');
    }
    for _ in 0..carets {
        out.push('^');
    }
    out.push('\n');
    out
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (line {})",
            self.kind.name(),
            self.msg,
            self.lineno
        )
    }
}

impl std::error::Error for SyntaxError {}
