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
}

impl SyntaxErrorKind {
    /// The Python class name, as printed in tracebacks.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorKind::SyntaxError => "SyntaxError",
            SyntaxErrorKind::IndentationError => "IndentationError",
            SyntaxErrorKind::TabError => "TabError",
        }
    }
}

/// A syntax error with the fields of CPython's `SyntaxError` object.
///
/// `lineno`/`end_lineno` are 1-based lines. `offset`/`end_offset` are 1-based *character*
/// columns as CPython 3.11 stores them in the exception (not UTF-8 bytes); 0 means unknown.
/// `text` is the offending source line including its trailing newline when there is one,
/// exactly as CPython's `SyntaxError.text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub lineno: u32,
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
    pub text: Option<String>,
}

impl SyntaxError {
    /// A plain `SyntaxError` with position but no source text yet; see [`SyntaxError::with_text`].
    pub fn new(
        msg: impl Into<String>,
        lineno: u32,
        offset: u32,
        end_lineno: u32,
        end_offset: u32,
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
