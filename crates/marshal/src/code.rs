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
    // Each location takes at least 4 bytes: never reserve more than the data can hold.
    let mut out = Vec::with_capacity(count.min(bytes.len() / 4));
    let mut previous_line: i64 = 0;
    let mut rest = bytes;
    while out.len() < count {
        // The usual case: four one-byte varints (small line deltas, columns below 127).
        if let [a, b, c, d, tail @ ..] = rest {
            if (a | b | c | d) & 0x80 == 0 {
                // Small deltas cannot overflow an i64; the lines must still fit a u32.
                let line = previous_line + unzigzag(*a as u64);
                let end_line = line + unzigzag(*b as u64);
                if !(0..=u32::MAX as i64).contains(&line)
                    || !(0..=u32::MAX as i64).contains(&end_line)
                {
                    return Err(BAD);
                }
                out.push(Location {
                    lineno: line as u32,
                    end_lineno: end_line as u32,
                    col: (*c as u32).wrapping_sub(1),
                    end_col: (*d as u32).wrapping_sub(1),
                });
                previous_line = line;
                rest = tail;
                continue;
            }
        }
        let mut reader = VarintReader {
            bytes: rest,
            pos: 0,
        };
        let line = previous_line
            .checked_add(unzigzag(reader.next_u64().ok_or(BAD)?))
            .ok_or(BAD)?;
        let end_line = line
            .checked_add(unzigzag(reader.next_u64().ok_or(BAD)?))
            .ok_or(BAD)?;
        let col = reader.next_u32().ok_or(BAD)?.wrapping_sub(1);
        let end_col = reader.next_u32().ok_or(BAD)?.wrapping_sub(1);
        let lineno = u32::try_from(line).map_err(|_| BAD)?;
        let end_lineno = u32::try_from(end_line).map_err(|_| BAD)?;
        out.push(Location {
            lineno,
            end_lineno,
            col,
            end_col,
        });
        previous_line = line;
        rest = &rest[reader.pos..];
    }
    if !rest.is_empty() {
        return Err(BAD);
    }
    Ok(out)
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
    let mut extended: u32 = 0;
    for instruction in &code.instructions {
        let Some(op) = Opcode::from_u8(instruction.op_byte()) else {
            return Err("opcode");
        };
        let arg = (extended << 24) | instruction.arg();
        if op == Opcode::ExtendedArg {
            if extended > 0xFF {
                return Err("extended argument");
            }
            extended = arg;
            continue;
        }
        extended = 0;
        let arg = arg as usize;
        let in_range = match op {
            Opcode::LoadConst | Opcode::KwNames => arg < code.constants.len(),
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
            | Opcode::LoadMethod => arg < code.names.len(),
            Opcode::LoadGlobal => (arg >> 1) < code.names.len(),
            Opcode::LoadFast
            | Opcode::StoreFast
            | Opcode::DeleteFast
            | Opcode::MakeCell
            | Opcode::LoadClosure
            | Opcode::LoadDeref
            | Opcode::StoreDeref
            | Opcode::DeleteDeref
            | Opcode::LoadClassDeref => arg < nlocalsplus,
            Opcode::CopyFreeVars => arg <= code.freevars.len(),
            op if op.is_jump() => arg <= len,
            _ => true,
        };
        if !in_range {
            return Err("instruction argument");
        }
    }
    Ok(())
}
