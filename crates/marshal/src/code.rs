//! The byte-string encodings of a pyrs code object's tables, and the checks that make a
//! code object read from bytes safe for the VM to run.
//!
//! A `TYPE_PYRS_CODE` record holds, in order: the layout tag (a long), argcount,
//! posonlyargcount, kwonlyargcount, flags, stacksize, firstlineno (longs); name, qualname,
//! filename (str); instructions, locations, exception table (bytes, encoded below);
//! constants (tuple); names, varnames, cellvars, freevars (tuples of str); cell_slots
//! (bytes). Strings of code objects are written once and referenced afterwards.

use pyrs_compiler::bytecode::{CodeObject, ExceptionTableEntry, Instruction, Opcode};
use pyrs_compiler::code::{push_varint, VarintReader};

/// Bump when the record layout or the meaning of any field changes (the opcode numbering
/// is covered by the tag on its own: it includes the highest opcode).
pub const CODE_LAYOUT_REVISION: u32 = 1;

/// The tag at the start of every code record: a pyrs whose bytecode differs reads a
/// stale .pyc as bad data (and rebuilds it) instead of running wrong instructions.
pub fn layout_tag() -> u32 {
    (CODE_LAYOUT_REVISION << 8) | Opcode::LAST as u8 as u32
}

/// Instructions as 4 little-endian bytes each.
pub fn encode_instructions(instructions: &[Instruction]) -> Vec<u8> {
    let mut out = Vec::with_capacity(instructions.len() * 4);
    for instruction in instructions {
        out.extend_from_slice(&instruction.0.to_le_bytes());
    }
    out
}

/// The instructions of 4-byte words (their opcodes are checked by [`validate`], which
/// every reader calls on the finished code object).
pub fn decode_instructions(bytes: &[u8]) -> Result<Vec<Instruction>, &'static str> {
    let chunks = bytes.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return Err("instructions");
    }
    Ok(chunks
        .map(|chunk| Instruction(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])))
        .collect())
}

/// Exception table entries as varints: start, end - start, target, depth * 2 + lasti.
pub fn encode_exception_table(entries: &[ExceptionTableEntry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 4);
    for entry in entries {
        push_varint(&mut out, entry.start as u64);
        push_varint(&mut out, entry.end.wrapping_sub(entry.start) as u64);
        push_varint(&mut out, entry.target as u64);
        push_varint(&mut out, ((entry.depth as u64) << 1) | entry.lasti as u64);
    }
    out
}

pub fn decode_exception_table(bytes: &[u8]) -> Result<Vec<ExceptionTableEntry>, &'static str> {
    const BAD: &str = "exception table";
    let mut reader = VarintReader::new(bytes);
    let mut out = Vec::new();
    while !reader.at_end() {
        let start = reader.next_u32().ok_or(BAD)?;
        let end = start.wrapping_add(reader.next_u32().ok_or(BAD)?);
        let target = reader.next_u32().ok_or(BAD)?;
        let depth_lasti = reader.next_u64().ok_or(BAD)?;
        let depth = u32::try_from(depth_lasti >> 1).map_err(|_| BAD)?;
        out.push(ExceptionTableEntry {
            start,
            end,
            target,
            depth,
            lasti: depth_lasti & 1 != 0,
        });
    }
    Ok(out)
}

pub fn encode_u32s(values: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len());
    for &value in values {
        push_varint(&mut out, value as u64);
    }
    out
}

pub fn decode_u32s(bytes: &[u8]) -> Result<Vec<u32>, &'static str> {
    let mut reader = VarintReader::new(bytes);
    let mut out = Vec::new();
    while !reader.at_end() {
        out.push(reader.next_u32().ok_or("cell slots")?);
    }
    Ok(out)
}

// What `validate` checks of an instruction's argument, by opcode: no check, or below
// one of the bounds (indices into `validate`'s `bounds`), or an `ExtendedArg` prefix, or
// no such opcode.
const ARG_ANY: u8 = 0;
const ARG_CONST: u8 = 1;
const ARG_NAME: u8 = 2;
/// `LoadGlobal`: the name index is the argument shifted right by one.
const ARG_GLOBAL: u8 = 3;
const ARG_LOCAL: u8 = 4;
/// `CopyFreeVars`: at most the number of free variables.
const ARG_FREE_COUNT: u8 = 5;
/// A jump: a target inside the code, or just after it.
const ARG_JUMP: u8 = 6;
const ARG_EXTENDED: u8 = 7;
const ARG_BAD_OPCODE: u8 = 8;

/// The argument class of every opcode byte (made once).
fn arg_classes() -> &'static [u8; 256] {
    static CLASSES: std::sync::OnceLock<[u8; 256]> = std::sync::OnceLock::new();
    CLASSES.get_or_init(|| {
        let mut classes = [ARG_BAD_OPCODE; 256];
        for (byte, class) in classes.iter_mut().enumerate() {
            let Some(op) = Opcode::from_u8(byte as u8) else {
                continue;
            };
            *class = match op {
                Opcode::ExtendedArg => ARG_EXTENDED,
                Opcode::LoadConst | Opcode::KwNames => ARG_CONST,
                Opcode::LoadName
                | Opcode::StoreName
                | Opcode::DeleteName
                | Opcode::StoreGlobal
                | Opcode::DeleteGlobal
                | Opcode::ImportName
                | Opcode::ImportFrom
                | Opcode::LoadAttr
                | Opcode::StoreAttr
                | Opcode::DeleteAttr
                | Opcode::LoadMethod => ARG_NAME,
                Opcode::LoadGlobal => ARG_GLOBAL,
                Opcode::LoadFast
                | Opcode::StoreFast
                | Opcode::DeleteFast
                | Opcode::MakeCell
                | Opcode::LoadClosure
                | Opcode::LoadDeref
                | Opcode::StoreDeref
                | Opcode::DeleteDeref
                | Opcode::LoadClassDeref => ARG_LOCAL,
                Opcode::CopyFreeVars => ARG_FREE_COUNT,
                op if op.is_jump() => ARG_JUMP,
                _ => ARG_ANY,
            };
        }
        classes
    })
}

/// Check that the VM can run `code` without indexing out of bounds: one location per
/// instruction, cell slots and local/name/constant arguments in range, jump targets and
/// exception handlers inside the code. Nested code objects are checked when they are
/// read. The stack size is bounded by the code's length, not verified exactly.
pub fn validate(code: &CodeObject) -> Result<(), &'static str> {
    let len = code.instructions.len();
    if code.locations.len() != len {
        return Err("locations");
    }
    if code.cell_slots.len() != code.cellvars.len() {
        return Err("cell slots");
    }
    let nlocalsplus_bound = code.varnames.len() + code.cellvars.len() + code.freevars.len();
    if code
        .cell_slots
        .iter()
        .any(|&slot| slot as usize >= nlocalsplus_bound)
    {
        return Err("cell slots");
    }
    let nlocalsplus = code.nlocalsplus();
    if code.argcount as usize + code.kwonlyargcount as usize > code.varnames.len()
        || code.posonlyargcount > code.argcount
    {
        return Err("argument counts");
    }
    // The VM sizes frames by stacksize: bound it by the code (no instruction of compiled
    // code pushes more than two values net, unpacking aside, whose targets are
    // instructions too), so a small file cannot ask for a huge frame.
    if code.stacksize as usize > 2 * len + 16 {
        return Err("stack size");
    }
    for entry in &code.exception_table {
        if entry.start > entry.end || entry.end as usize > len || entry.target as usize >= len {
            return Err("exception table");
        }
    }
    let classes = arg_classes();
    let bounds = [
        usize::MAX,
        code.constants.len(),
        code.names.len(),
        code.names.len() << 1,
        nlocalsplus,
        code.freevars.len() + 1,
        len + 1,
    ];
    let mut extended: u32 = 0;
    for instruction in &code.instructions {
        let class = classes[instruction.op_byte() as usize];
        let prefix = std::mem::take(&mut extended);
        let arg = (prefix << 24) | instruction.arg();
        match class {
            ARG_ANY => continue,
            ARG_BAD_OPCODE => return Err("opcode"),
            ARG_EXTENDED => {
                if prefix > 0xFF {
                    return Err("extended argument");
                }
                extended = arg;
                continue;
            }
            // The argument must be below the class's bound.
            _ => {
                if arg as usize >= bounds[class as usize] {
                    return Err("instruction argument");
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrs_compiler::bytecode::Location;

    fn code_of(instructions: Vec<Instruction>) -> CodeObject {
        CodeObject {
            name: "f".into(),
            qualname: "f".into(),
            filename: "f.py".into(),
            firstlineno: 1,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: 0,
            stacksize: 2,
            locations: vec![Location::default(); instructions.len()].into(),
            instructions,
            exception_table: Vec::new(),
            constants: Vec::new(),
            names: vec!["x".into()],
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            cell_slots: Vec::new(),
        }
    }

    fn ins(op: Opcode, arg: u32) -> Instruction {
        Instruction((arg << 8) | op as u8 as u32)
    }

    /// Arguments are checked against their tables (with `ExtendedArg` prefixes), and a
    /// chain of prefixes may only carry what fits 32 bits.
    #[test]
    fn validate_arguments() {
        let nop = |op| code_of(vec![op, ins(Opcode::ReturnValue, 0)]);
        assert_eq!(validate(&nop(ins(Opcode::LoadName, 0))), Ok(()));
        assert_eq!(
            validate(&nop(ins(Opcode::LoadName, 1))),
            Err("instruction argument")
        );
        assert_eq!(validate(&nop(ins(Opcode::LoadGlobal, 1))), Ok(()));
        assert!(validate(&nop(ins(Opcode::LoadGlobal, 2))).is_err());
        assert!(validate(&nop(ins(Opcode::LoadConst, 0))).is_err());
        assert!(validate(&nop(ins(Opcode::LoadFast, 0))).is_err());
        assert_eq!(validate(&nop(ins(Opcode::Jump, 2))), Ok(()));
        assert!(validate(&nop(ins(Opcode::Jump, 3))).is_err());
        assert_eq!(
            validate(&nop(Instruction(Opcode::LAST as u8 as u32 + 1))),
            Err("opcode")
        );
        // A prefix makes the argument large: out of range.
        let prefixed = code_of(vec![
            ins(Opcode::ExtendedArg, 1),
            ins(Opcode::LoadName, 0),
            ins(Opcode::ReturnValue, 0),
        ]);
        assert!(validate(&prefixed).is_err());
        // Prefixes before an instruction without a checked argument.
        let chain = |first| {
            code_of(vec![
                ins(Opcode::ExtendedArg, first),
                ins(Opcode::ExtendedArg, 0x1234),
                ins(Opcode::ReturnValue, 0),
            ])
        };
        assert_eq!(validate(&chain(0xFF)), Ok(()));
        assert_eq!(validate(&chain(0x100)), Err("extended argument"));
        // A prefix does not reach past the instruction it prefixes.
        let reset = code_of(vec![
            ins(Opcode::ExtendedArg, 1),
            ins(Opcode::Nop, 0),
            ins(Opcode::LoadName, 0),
            ins(Opcode::ReturnValue, 0),
        ]);
        assert_eq!(validate(&reset), Ok(()));
    }

    /// Exception table entries and cell slots survive encoding and decoding, and cut or
    /// overlong data is refused.
    #[test]
    fn tables_round_trip() {
        let entries = vec![
            ExceptionTableEntry {
                start: 0,
                end: 3,
                target: 7,
                depth: 0,
                lasti: false,
            },
            ExceptionTableEntry {
                start: 200,
                end: 70_000,
                target: 1 << 20,
                depth: 300,
                lasti: true,
            },
        ];
        let bytes = encode_exception_table(&entries);
        assert_eq!(decode_exception_table(&bytes), Ok(entries.clone()));
        assert_eq!(decode_exception_table(&[]), Ok(Vec::new()));
        // The first entry takes four one-byte varints: a cut there leaves it alone; a
        // cut anywhere else leaves an entry unfinished.
        assert_eq!(
            decode_exception_table(&bytes[..4]),
            Ok(entries[..1].to_vec())
        );
        for cut in (1..bytes.len()).filter(|&cut| cut != 4) {
            assert!(
                decode_exception_table(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        // A varint past 32 bits where a u32 is expected.
        assert!(decode_exception_table(&[0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0]).is_err());
        let slots = vec![0, 5, 127, 128, u32::MAX];
        let bytes = encode_u32s(&slots);
        assert_eq!(decode_u32s(&bytes), Ok(slots));
        assert!(decode_u32s(&bytes[..bytes.len() - 1]).is_err());
        let instructions = vec![ins(Opcode::Nop, 0), ins(Opcode::LoadName, 0x00AB_CDEF)];
        let bytes = encode_instructions(&instructions);
        assert_eq!(decode_instructions(&bytes), Ok(instructions));
        assert!(decode_instructions(&bytes[..7]).is_err());
    }

    /// The checks besides instruction arguments: locations per instruction, cell slots,
    /// argument counts, stack size, exception handlers inside the code.
    #[test]
    fn validate_tables() {
        let base = || code_of(vec![ins(Opcode::Nop, 0), ins(Opcode::ReturnValue, 0)]);
        assert_eq!(validate(&base()), Ok(()));
        let mut code = base();
        code.locations = vec![Location::default(); 1].into();
        assert_eq!(validate(&code), Err("locations"));
        let mut code = base();
        code.cellvars = vec!["c".into()];
        assert_eq!(validate(&code), Err("cell slots"));
        code.cell_slots = vec![0];
        assert_eq!(validate(&code), Ok(()));
        code.cell_slots = vec![1];
        assert_eq!(validate(&code), Err("cell slots"));
        let mut code = base();
        code.argcount = 1;
        assert_eq!(validate(&code), Err("argument counts"));
        code.varnames = vec!["a".into()];
        assert_eq!(validate(&code), Ok(()));
        code.posonlyargcount = 2;
        assert_eq!(validate(&code), Err("argument counts"));
        let mut code = base();
        code.stacksize = 2 * 2 + 16;
        assert_eq!(validate(&code), Ok(()));
        code.stacksize += 1;
        assert_eq!(validate(&code), Err("stack size"));
        let handler = |start, end, target| ExceptionTableEntry {
            start,
            end,
            target,
            depth: 0,
            lasti: false,
        };
        let mut code = base();
        code.exception_table = vec![handler(0, 2, 1)];
        assert_eq!(validate(&code), Ok(()));
        for bad in [handler(1, 0, 1), handler(0, 3, 1), handler(0, 1, 2)] {
            code.exception_table = vec![bad];
            assert_eq!(validate(&code), Err("exception table"));
        }
    }
}
