//! The pyrs compiler: AST to code objects (symbol table, code generation) and the
//! bytecode definition shared with the VM.

pub mod bytecode;
mod codegen;
mod dis;
mod fold;
pub mod symtable;

use std::sync::Arc;

use pyrs_parser::ast::Mod;
use pyrs_parser::SyntaxError;

pub use bytecode::CodeObject;
pub use dis::disassemble;

/// The three modes of `compile()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Exec,
    Eval,
    Single,
}

/// Compile a parsed module. `source` is the decoded source text, used for the text of
/// SyntaxErrors raised by the symbol table and code generator.
pub fn compile(
    module: &Mod,
    source: &str,
    filename: &str,
    _mode: Mode,
    optimize: u8,
) -> Result<Arc<CodeObject>, SyntaxError> {
    let scope = symtable::SymbolTableBuilder::build(module, source)?;
    codegen::Codegen::new(filename, source, optimize).compile_module(module, scope)
}

/// Parse and compile source text.
pub fn compile_source(
    source: &str,
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> Result<Arc<CodeObject>, SyntaxError> {
    let module = match mode {
        Mode::Exec => pyrs_parser::parse_module(source, filename)?,
        Mode::Eval => pyrs_parser::parse_expression(source, filename)?,
        Mode::Single => pyrs_parser::parse_interactive(source, filename)?,
    };
    compile(&module, source, filename, mode, optimize)
}
