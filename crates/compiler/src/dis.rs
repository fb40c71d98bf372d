//! A textual disassembly of code objects, for tests and for pyrs's own `dis` module.

use std::fmt::Write;

use crate::bytecode::{CodeConstant, CodeObject, Opcode};

/// One line per instruction (`offset  LINE  OPNAME  ARG (meaning)`), then the exception
/// table, then the nested code objects.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &CodeObject, out: &mut String) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {} at line {}>:",
        code.qualname, code.firstlineno
    );
    let mut last_line = 0;
    for (i, ins) in code.instructions.iter().enumerate() {
        let op = Opcode::from_u8(ins.op_byte());
        let line = code.locations.get(i).map_or(0, |l| l.lineno);
        let line_col = if line != last_line && line != 0 {
            line.to_string()
        } else {
            String::new()
        };
        last_line = line;
        let arg = ins.arg();
        let meaning = match op {
            Some(Opcode::LoadConst) => code.constants.get(arg as usize).map(|c| match c {
                CodeConstant::Value(v) => pyrs_parser::dump::repr_constant(v),
                CodeConstant::Code(c) => format!("<code object {}>", c.name),
            }),
            Some(
                Opcode::LoadName
                | Opcode::StoreName
                | Opcode::DeleteName
                | Opcode::LoadAttr
                | Opcode::StoreAttr
                | Opcode::DeleteAttr
                | Opcode::LoadMethod
                | Opcode::ImportName
                | Opcode::ImportFrom
                | Opcode::StoreGlobal
                | Opcode::DeleteGlobal,
            ) => code.names.get(arg as usize).map(|n| n.to_string()),
            Some(Opcode::LoadGlobal) => code.names.get((arg >> 1) as usize).map(|n| {
                if arg & 1 == 1 {
                    format!("NULL + {n}")
                } else {
                    n.to_string()
                }
            }),
            Some(Opcode::LoadFast | Opcode::StoreFast | Opcode::DeleteFast) => {
                code.varnames.get(arg as usize).map(|n| n.to_string())
            }
            Some(o) if o.is_jump() => Some(format!("to {arg}")),
            _ => None,
        };
        let name = op.map_or_else(|| format!("<{}>", ins.op_byte()), |o| format!("{o:?}"));
        let _ = match meaning {
            Some(m) => writeln!(out, "{line_col:>4} {i:>6} {name:<20} {arg} ({m})"),
            None => writeln!(out, "{line_col:>4} {i:>6} {name:<20} {arg}"),
        };
    }
    if !code.exception_table.is_empty() {
        let _ = writeln!(out, "ExceptionTable:");
        for e in &code.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
    for c in &code.constants {
        if let CodeConstant::Code(child) = c {
            out.push('\n');
            disassemble_into(child, out);
        }
    }
}
