//! The pyrs compiler: AST to code objects (symbol table, code generation) and the
//! bytecode definition shared with the VM.

pub mod bytecode;
pub mod code;
mod codegen;
mod dis;
mod fold;
pub mod future;
pub mod symtable;
mod unparse;

use std::sync::Arc;

use pyrs_parser::ast::Mod;
use pyrs_parser::SyntaxError;

pub use bytecode::CodeObject;
pub use dis::disassemble;
pub use future::Features;

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
    mode: Mode,
    optimize: u8,
) -> Result<Arc<CodeObject>, SyntaxError> {
    compile_with_features(
        module,
        source,
        filename,
        mode,
        optimize,
        Features::default(),
    )
}

/// `compile` with future features already on, as `compile()`'s flags (e.g.
/// `CO_FUTURE_ANNOTATIONS`) ask; the module's own future statements add to them.
pub fn compile_with_features(
    module: &Mod,
    source: &str,
    filename: &str,
    _mode: Mode,
    optimize: u8,
    inherited: Features,
) -> Result<Arc<CodeObject>, SyntaxError> {
    let own = future::scan(module, source)?;
    let features = Features {
        annotations: own.annotations || inherited.annotations,
    };
    let scope = symtable::SymbolTableBuilder::build(module, source, features)?;
    codegen::Codegen::new(filename, source, optimize, features).compile_module(module, scope)
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
