//! The `array` module's storage: typed arrays of machine values kept as raw bytes
//! (native byte order), so that `_struct` and binary I/O can read and write them.

use std::cell::RefCell;

use pyrs_vm::object::NativeData;
use pyrs_vm::Value;

pub struct ArrayData {
    pub typecode: u8,
    pub itemsize: usize,
    /// The items' bytes in native order: `data.len()` is a multiple of `itemsize`.
    pub data: RefCell<Vec<u8>>,
}

impl NativeData for ArrayData {}

/// The bytes of an `array.array`, when `v` is one.
pub fn bytes_of_array(v: &Value) -> Option<Vec<u8>> {
    crate::util::native_of::<ArrayData>(v).map(|a| a.data.borrow().clone())
}

/// Overwrite bytes of an `array.array` at `off` (the caller checked the bounds).
pub fn write_array_bytes(v: &Value, off: usize, bytes: &[u8]) {
    if let Some(a) = crate::util::native_of::<ArrayData>(v) {
        let mut d = a.data.borrow_mut();
        if off + bytes.len() <= d.len() {
            d[off..off + bytes.len()].copy_from_slice(bytes);
        }
    }
}
