//! Runs hand-assembled code objects (until the compiler lands) and checks the results.

use std::sync::Arc;

use pyrs_compiler::bytecode::{CodeConstant, CodeObject, Instruction, Location, Opcode};
use pyrs_parser::ast::{Constant, IntValue};
use pyrs_vm::{Config, Interpreter};

fn module(instrs: Vec<(Opcode, u32)>, consts: Vec<Constant>, names: &[&str]) -> Arc<CodeObject> {
    let n = instrs.len();
    Arc::new(CodeObject {
        name: "<module>".into(),
        qualname: "<module>".into(),
        filename: "<test>".into(),
        firstlineno: 1,
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        flags: 0,
        stacksize: 8,
        instructions: instrs
            .into_iter()
            .map(|(o, a)| Instruction::new(o, a))
            .collect(),
        locations: vec![
            Location {
                lineno: 1,
                end_lineno: 1,
                col: 0,
                end_col: 1
            };
            n
        ]
        .into(),
        exception_table: vec![],
        constants: consts.into_iter().map(CodeConstant::Value).collect(),
        names: names.iter().map(|&s| s.into()).collect(),
        varnames: vec![],
        cellvars: vec![],
        freevars: vec![],
        cell_slots: vec![],
    })
}

#[test]
fn arithmetic_and_globals() {
    let mut interp = Interpreter::new(Config::default());
    // x = 2 ** 70 // 3; y = x % 7; z = len([x, y]) ; if z != 2: raise
    let code = module(
        vec![
            (Opcode::Resume, 0),
            (Opcode::LoadConst, 0),
            (Opcode::LoadConst, 1),
            (Opcode::BinaryOp, 8),
            (Opcode::LoadConst, 2),
            (Opcode::BinaryOp, 2),
            (Opcode::StoreName, 0),
            (Opcode::LoadName, 0),
            (Opcode::LoadConst, 3),
            (Opcode::BinaryOp, 6),
            (Opcode::StoreName, 1),
            (Opcode::PushNull, 0),
            (Opcode::LoadName, 2),
            (Opcode::LoadName, 0),
            (Opcode::LoadName, 1),
            (Opcode::BuildList, 2),
            (Opcode::Call, 1),
            (Opcode::LoadConst, 0),
            (Opcode::CompareOp, 3),
            (Opcode::PopJumpIfFalse, 22),
            (Opcode::LoadAssertionError, 0),
            (Opcode::RaiseVarargs, 1),
            (Opcode::LoadConst, 4),
            (Opcode::ReturnValue, 0),
        ],
        vec![
            Constant::Int(IntValue::Small(2)),
            Constant::Int(IntValue::Small(70)),
            Constant::Int(IntValue::Small(3)),
            Constant::Int(IntValue::Small(7)),
            Constant::None,
        ],
        &["x", "y", "len"],
    );
    assert_eq!(interp.run_code(code), 0);
}

#[test]
fn uncaught_exception_exits_1() {
    let mut interp = Interpreter::new(Config::default());
    let code = module(
        vec![
            (Opcode::Resume, 0),
            (Opcode::LoadConst, 0),
            (Opcode::LoadConst, 1),
            (Opcode::BinaryOp, 11),
            (Opcode::ReturnValue, 0),
        ],
        vec![
            Constant::Int(IntValue::Small(1)),
            Constant::Int(IntValue::Small(0)),
        ],
        &[],
    );
    assert_eq!(interp.run_code(code), 1);
}
