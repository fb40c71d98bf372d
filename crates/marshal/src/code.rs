//! The byte-string encodings of a pyrs code object's tables, and the checks that make a
//! code object read from bytes safe for the VM to run.
//!
//! A `TYPE_PYRS_CODE` record holds, in order: the layout tag (a long), argcount,
//! posonlyargcount, kwonlyargcount, flags, stacksize, firstlineno (longs); name, qualname,
//! filename (str); instructions, locations, exception table (bytes, encoded below);
//! constants (tuple); names, varnames, cellvars, freevars (tuples of str); cell_slots
//! (bytes). Strings of code objects are written once and referenced afterwards.

use pyrs_compiler::bytecode::{CodeObject, ExceptionTableEntry, Instruction, Location, Opcode};

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

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// Reads LEB128 varints from a byte string.
struct VarintReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl VarintReader<'_> {
    #[inline]
    fn next_u64(&mut self) -> Option<u64> {
        // Most values fit one byte.
        let first = *self.bytes.get(self.pos)?;
        if first < 0x80 {
            self.pos += 1;
            return Some(first as u64);
        }
        self.next_u64_long()
    }

    fn next_u64_long(&mut self) -> Option<u64> {
        let mut value: u64 = 0;
        let mut shift = 0;
        loop {
            let byte = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if shift >= 64 || (shift == 63 && byte > 1) {
                return None;
            }
            value |= ((byte & 0x7F) as u64) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    }

    #[inline]
    fn next_u32(&mut self) -> Option<u32> {
        u32::try_from(self.next_u64()?).ok()
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Locations as varints: line delta from the previous line (zigzag), end line minus line
/// (zigzag), column + 1 and end column + 1 (0 for unknown, `u32::MAX`).
pub fn encode_locations(locations: &[Location]) -> Vec<u8> {
    let mut out = Vec::with_capacity(locations.len() * 4);
    let mut previous_line: i64 = 0;
    for location in locations {
        let line = location.lineno as i64;
        push_varint(&mut out, zigzag(line - previous_line));
        push_varint(&mut out, zigzag(location.end_lineno as i64 - line));
        push_varint(&mut out, location.col.wrapping_add(1) as u64);
        push_varint(&mut out, location.end_col.wrapping_add(1) as u64);
        previous_line = line;
    }
    out
}

pub fn decode_locations(bytes: &[u8], count: usize) -> Result<Vec<Location>, &'static str> {
    const BAD: &str = "locations";
    // Each location takes at least 4 bytes: never allocate more than the data can hold.
    if count > bytes.len() / 4 {
        return Err(BAD);
    }
    let mut out = vec![Location::default(); count];
    let mut previous_line: i64 = 0;
    let mut pos = 0;
    let mut done = 0;
    while done < count {
        // The usual case: a run of locations of four one-byte varints (small line deltas,
        // columns below 127), each read as one word (the loop keeps its state in
        // registers: the slots are there already).
        let mut run = 0;
        for (slot, chunk) in out[done..].iter_mut().zip(bytes[pos..].chunks_exact(4)) {
            let word = u32::from_le_bytes(chunk.try_into().unwrap_or([0x80; 4]));
            if word & 0x8080_8080 != 0 {
                break;
            }
            // Small deltas cannot overflow an i64; the lines must still fit a u32.
            let line = previous_line + unzigzag((word & 0x7F) as u64);
            let end_line = line + unzigzag(((word >> 8) & 0x7F) as u64);
            if (line | end_line) as u64 > u32::MAX as u64 {
                return Err(BAD);
            }
            *slot = Location {
                lineno: line as u32,
                end_lineno: end_line as u32,
                col: ((word >> 16) & 0x7F).wrapping_sub(1),
                end_col: (word >> 24).wrapping_sub(1),
            };
            previous_line = line;
            run += 1;
        }
        done += run;
        pos += 4 * run;
        if done == count {
            break;
        }
        let (location, used) = decode_location_long(&bytes[pos..], previous_line).ok_or(BAD)?;
        out[done] = location;
        previous_line = location.lineno as i64;
        pos += used;
        done += 1;
    }
    if pos != bytes.len() {
        return Err(BAD);
    }
    Ok(out)
}

/// One location whose varints are not all one byte long (out of the loop over the
/// usual ones): the location and the bytes it took.
#[inline(never)]
fn decode_location_long(bytes: &[u8], previous_line: i64) -> Option<(Location, usize)> {
    let mut reader = VarintReader { bytes, pos: 0 };
    let line = previous_line.checked_add(unzigzag(reader.next_u64()?))?;
    let end_line = line.checked_add(unzigzag(reader.next_u64()?))?;
    let col = reader.next_u32()?.wrapping_sub(1);
    let end_col = reader.next_u32()?.wrapping_sub(1);
    let location = Location {
        lineno: u32::try_from(line).ok()?,
        end_lineno: u32::try_from(end_line).ok()?,
        col,
        end_col,
    };
    Some((location, reader.pos))
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
    let mut reader = VarintReader { bytes, pos: 0 };
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
    let mut reader = VarintReader { bytes, pos: 0 };
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

    /// Every location survives encoding and decoding: one-byte fields (the word-at-a-time
    /// path), long ones (lines far apart, wide columns, unknown columns), and mixes.
    #[test]
    fn locations_round_trip() {
        let mut locations = Vec::new();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let mut line = 1u32;
        for i in 0..5000 {
            line = match next(10) {
                0 => next(1 << 20) as u32,
                1 => line.saturating_sub(next(200) as u32),
                _ => line + next(3) as u32,
            };
            let col = match next(8) {
                0 => u32::MAX,
                1 => next(100_000) as u32,
                _ => next(120) as u32,
            };
            locations.push(Location {
                lineno: if i % 97 == 0 { 0 } else { line },
                end_lineno: line + next(3) as u32,
                col,
                end_col: if col == u32::MAX {
                    u32::MAX
                } else {
                    col + next(300) as u32
                },
            });
        }
        locations.push(Location {
            lineno: u32::MAX,
            end_lineno: u32::MAX,
            col: u32::MAX - 1,
            end_col: 0,
        });
        let bytes = encode_locations(&locations);
        assert_eq!(
            decode_locations(&bytes, locations.len()),
            Ok(locations.clone())
        );
        // Fewer or more entries than the data holds is bad data.
        assert!(decode_locations(&bytes, locations.len() - 1).is_err());
        assert!(decode_locations(&bytes, locations.len() + 1).is_err());
        // A line below zero or above u32::MAX is bad data on either path.
        assert!(decode_locations(&[1, 0, 1, 1], 1).is_err());
        assert!(decode_locations(&[0, 1, 1, 1], 1).is_err());
        let mut high = Vec::new();
        push_varint(&mut high, zigzag(u32::MAX as i64));
        high.extend_from_slice(&[2, 1, 1]);
        assert!(decode_locations(&high, 1).is_err());
        let at = high.len() - 3;
        high[at] = 0;
        assert!(decode_locations(&high, 1).is_ok());
    }

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
            locations: vec![Location::default(); instructions.len()],
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
        assert!(validate(&nop(ins(Opcode::LoadName, 1))).is_err());
        assert_eq!(validate(&nop(ins(Opcode::LoadGlobal, 1))), Ok(()));
        assert!(validate(&nop(ins(Opcode::LoadGlobal, 2))).is_err());
        assert!(validate(&nop(ins(Opcode::LoadConst, 0))).is_err());
        assert!(validate(&nop(ins(Opcode::LoadFast, 0))).is_err());
        assert_eq!(validate(&nop(ins(Opcode::Jump, 2))), Ok(()));
        assert!(validate(&nop(ins(Opcode::Jump, 3))).is_err());
        assert!(validate(&nop(Instruction(Opcode::LAST as u8 as u32 + 1))).is_err());
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
        assert!(validate(&chain(0x100)).is_err());
        // A prefix does not reach past the instruction it prefixes.
        let reset = code_of(vec![
            ins(Opcode::ExtendedArg, 1),
            ins(Opcode::Nop, 0),
            ins(Opcode::LoadName, 0),
            ins(Opcode::ReturnValue, 0),
        ]);
        assert_eq!(validate(&reset), Ok(()));
    }
}
