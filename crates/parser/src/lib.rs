//! The front end of pyrs: Python 3.11 source text to an abstract syntax tree.
//!
//! The pipeline inside this crate is `source bytes -> decode (PEP 263) -> lexer (tokens,
//! INDENT/DEDENT) -> parser (PEG-style, CPython's grammar) -> ast`. Every failure is a
//! [`SyntaxError`] carrying CPython 3.11's message, line and column.

pub mod ast;
pub mod dump;
pub mod error;
pub mod grammar;
pub mod source;
pub mod token;
pub mod tokenizer;
pub mod warnings;
pub mod wtf8;

pub use error::{SyntaxError, SyntaxErrorKind};
pub use grammar::{
    parse_expression, parse_file_bytes, parse_interactive, parse_interactive_partial, parse_module,
    parse_module_with_warnings, InteractiveInput,
};
pub use token::{Keyword, Op, Pos, Token, TokenKind};
