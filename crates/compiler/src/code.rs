//! A code object's location table and its byte encoding (the one the bytecode cache
//! stores): a code object read from a cache keeps the encoded bytes and decodes them on
//! first use (a traceback, `co_positions`, tracing), as CPython keeps `co_linetable`;
//! most code read from a cache never needs its locations.

use std::sync::OnceLock;

use crate::bytecode::Location;

/// One location per instruction: a decoded table, or the encoded bytes and the table
/// decoded from them when first asked for. Reads as a slice of locations (`Deref`).
pub struct Locations {
    table: OnceLock<Box<[Location]>>,
    /// The encoding ([`encode_locations`]) the table comes from; empty when the table
    /// was given.
    encoded: Box<[u8]>,
    len: usize,
}

impl Locations {
    /// Locations from their encoding, checked for shape only: `len` entries of four
    /// varints each. A value out of range (a line beyond `u32`, a varint beyond 64
    /// bits) is found when they are decoded, and its location is then unknown (the
    /// default), never an error.
    pub fn from_encoded(bytes: &[u8], len: usize) -> Result<Locations, &'static str> {
        // Each varint ends with one byte below 0x80: 4 per location, the last byte one.
        // (Counted eight bytes at a time: the high bits gathered and counted.)
        let mut words = bytes.chunks_exact(8);
        let mut continued = 0;
        for word in &mut words {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            continued += (w & 0x8080_8080_8080_8080).count_ones() as usize;
        }
        continued += words.remainder().iter().filter(|&&b| b >= 0x80).count();
        let ends = bytes.len() - continued;
        if ends != len.checked_mul(4).ok_or("locations")?
            || bytes.last().is_some_and(|&b| b >= 0x80)
        {
            return Err("locations");
        }
        Ok(Locations {
            table: OnceLock::new(),
            encoded: bytes.into(),
            len,
        })
    }

    /// The number of locations (without decoding them).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The locations, decoded now if they have not been.
    pub fn table(&self) -> &[Location] {
        self.table.get_or_init(|| {
            decode_locations(&self.encoded, self.len)
                .map(Vec::into_boxed_slice)
                .unwrap_or_else(|_| vec![Location::default(); self.len].into_boxed_slice())
        })
    }

    /// The encoding of the locations (the bytes they were read from, if they were).
    pub fn encode(&self) -> Vec<u8> {
        if self.encoded.is_empty() {
            encode_locations(self.table())
        } else {
            self.encoded.to_vec()
        }
    }
}

impl From<Vec<Location>> for Locations {
    fn from(table: Vec<Location>) -> Locations {
        let len = table.len();
        Locations {
            table: OnceLock::from(table.into_boxed_slice()),
            encoded: Box::default(),
            len,
        }
    }
}

impl std::ops::Deref for Locations {
    type Target = [Location];
    fn deref(&self) -> &[Location] {
        self.table()
    }
}

impl<'a> IntoIterator for &'a Locations {
    type Item = &'a Location;
    type IntoIter = std::slice::Iter<'a, Location>;
    fn into_iter(self) -> Self::IntoIter {
        self.table().iter()
    }
}

impl Clone for Locations {
    fn clone(&self) -> Locations {
        Locations {
            table: match self.table.get() {
                Some(t) => OnceLock::from(t.clone()),
                None => OnceLock::new(),
            },
            encoded: self.encoded.clone(),
            len: self.len,
        }
    }
}

impl PartialEq for Locations {
    fn eq(&self, other: &Locations) -> bool {
        self.len == other.len
            && ((!self.encoded.is_empty() && self.encoded == other.encoded)
                || self.table() == other.table())
    }
}

impl std::fmt::Debug for Locations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.table()).finish()
    }
}

/// Appends `value` as a LEB128 varint.
pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
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
pub struct VarintReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> VarintReader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> VarintReader<'a> {
        VarintReader { bytes, pos: 0 }
    }

    /// The next varint, or `None` past the end or beyond 64 bits.
    #[inline]
    pub fn next_u64(&mut self) -> Option<u64> {
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

    /// The next varint if it fits a `u32`.
    #[inline]
    pub fn next_u32(&mut self) -> Option<u32> {
        u32::try_from(self.next_u64()?).ok()
    }

    /// Whether every byte has been read.
    pub fn at_end(&self) -> bool {
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

/// The `count` locations [`encode_locations`] wrote, or an error when the bytes hold
/// another number of them or a value out of range.
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
    let mut reader = VarintReader::new(bytes);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Location> {
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
        locations
    }

    /// Every location survives encoding and decoding: one-byte fields (the word-at-a-time
    /// path), long ones (lines far apart, wide columns, unknown columns), and mixes.
    #[test]
    fn locations_round_trip() {
        let locations = sample();
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

    /// Locations kept encoded read as the table they encode, compare equal to it, and
    /// give back the very bytes they were made from.
    #[test]
    fn lazy_locations() {
        let table = sample();
        let bytes = encode_locations(&table);
        let lazy = Locations::from_encoded(&bytes, table.len()).unwrap();
        assert_eq!(lazy.len(), table.len());
        assert_eq!(lazy.encode(), bytes);
        let given = Locations::from(table.clone());
        assert_eq!(given.encode(), bytes);
        assert_eq!(lazy, given);
        assert_eq!(&*lazy, &table[..]);
        assert_eq!(lazy.iter().count(), table.len());
        assert_eq!(lazy.clone(), given.clone());
        // The shape is checked at once: wrong count, a varint cut short.
        assert!(Locations::from_encoded(&bytes, table.len() - 1).is_err());
        assert!(Locations::from_encoded(&bytes[..bytes.len() - 1], table.len()).is_err());
        assert!(Locations::from_encoded(&[0, 0, 0, 0x81], 1).is_err());
        assert!(Locations::from_encoded(&[], 0).unwrap().is_empty());
        // Values out of range are found when decoded: those locations are unknown.
        let bad = Locations::from_encoded(&[1, 0, 1, 1], 1).unwrap();
        assert_eq!(&*bad, &[Location::default()]);
        let mut huge = vec![0xFF; 10];
        huge.extend_from_slice(&[1, 0, 1, 1]);
        let bad = Locations::from_encoded(&huge, 1).unwrap();
        assert_eq!(&*bad, &[Location::default()]);
    }
}
