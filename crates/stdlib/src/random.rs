//! The `_random` module: `Random`, the Mersenne Twister (MT19937) exactly as CPython's
//! `_randommodule.c` drives it, so that `random.seed(42); random.random()` gives
//! CPython's numbers. Seeds: ints by their absolute value in 32-bit words (little end
//! first), other hashable objects by their hash, None by 624 words of OS randomness.

use std::cell::RefCell;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::objects::int;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{cls_arg, one_arg, pos_only, rest, this};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    pub fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(19650218);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    pub fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mut i = 1usize;
        let mut j = 0usize;
        let len = key.len().max(1);
        let mut k = N.max(len);
        while k > 0 {
            let prev = self.state[i - 1];
            let kj = if key.is_empty() { 0 } else { key[j] };
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(kj)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            k -= 1;
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    pub fn genrand_u32(&mut self) -> u32 {
        if self.index >= N {
            let mag01 = [0u32, MATRIX_A];
            let mt = &mut self.state;
            let mut kk = 0;
            while kk < N - M {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M] ^ (y >> 1) ^ mag01[(y & 1) as usize];
                kk += 1;
            }
            while kk < N - 1 {
                let y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
                mt[kk] = mt[kk + M - N] ^ (y >> 1) ^ mag01[(y & 1) as usize];
                kk += 1;
            }
            let y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
            mt[N - 1] = mt[M - 1] ^ (y >> 1) ^ mag01[(y & 1) as usize];
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// A float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = (self.genrand_u32() >> 5) as f64;
        let b = (self.genrand_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }
}

impl Default for Mt {
    fn default() -> Self {
        Mt::new()
    }
}

struct RandomObj {
    mt: RefCell<Mt>,
}

impl NativeData for RandomObj {}

fn rnd<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a RandomObj> {
    this(vm, args, "_random.Random")
}

fn os_random_words() -> Vec<u32> {
    use std::io::Read;
    let mut buf = vec![0u8; N * 4];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok();
    if !ok {
        // Fall back on the time and the process id, as CPython does.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let pid = std::process::id();
        return vec![t as u32, (t >> 32) as u32, pid, (t >> 64) as u32];
    }
    buf.chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn seed_from(vm: &Vm, mt: &mut Mt, arg: &Value) -> PyResult<()> {
    if arg.is_none() {
        mt.init_by_array(&os_random_words());
        return Ok(());
    }
    let n: BigInt = match arg {
        Value::Int(_) | Value::Bool(_) => int::as_bigint(arg).unwrap_or_default().abs(),
        Value::Obj(o) if matches!(o.payload, pyrs_vm::object::Payload::Int(_)) => {
            int::as_bigint(arg).unwrap_or_default().abs()
        }
        _ => {
            let h = vm.hash(arg)?;
            BigInt::from(h as u64)
        }
    };
    let key = if n.is_zero() {
        vec![0u32]
    } else {
        let (_, digits) = n.to_u32_digits();
        digits
    };
    let _ = Sign::Plus;
    mt.init_by_array(&key);
    Ok(())
}

fn random_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        RandomObj {
            mt: RefCell::new(Mt::new()),
        },
    )))
}

/// `Random.__init__(seed=None)`: positional only, seeds the generator.
fn random_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let a = rest(&args);
    crate::util::no_kwargs(vm, "Random", &a)?;
    if a.pos().len() > 1 {
        return Err(vm.type_error("Random() requires 0 or 1 argument"));
    }
    let mut mt = Mt::new();
    seed_from(vm, &mut mt, a.pos().first().unwrap_or(&Value::None))?;
    *r.mt.borrow_mut() = mt;
    Ok(Value::None)
}

fn random_seed(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let p = pos_only(vm, "seed", &rest(&args), 0, 1)?;
    let mut mt = Mt::new();
    seed_from(vm, &mut mt, p.first().unwrap_or(&Value::None))?;
    *r.mt.borrow_mut() = mt;
    Ok(Value::None)
}

fn random_random(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let extra = rest(&args);
    if !extra.args.is_empty() {
        return Err(vm.type_error(format!(
            "Random.random() takes no arguments ({} given)",
            extra.args.len()
        )));
    }
    Ok(Value::Float(r.mt.borrow_mut().random()))
}

fn random_getrandbits(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let kv = one_arg(vm, "getrandbits", &rest(&args))?;
    let k = crate::util::to_isize(vm, kv)?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    let mut mt = r.mt.borrow_mut();
    if k <= 32 {
        return Ok(Value::Int((mt.genrand_u32() >> (32 - k)) as i64));
    }
    let words = ((k - 1) / 32 + 1) as usize;
    let mut out = Vec::with_capacity(words);
    let mut left = k;
    for _ in 0..words {
        let mut w = mt.genrand_u32();
        if left < 32 {
            w >>= 32 - left;
        }
        out.push(w);
        left -= 32;
    }
    Ok(vm.new_bigint(BigInt::from_slice(Sign::Plus, &out)))
}

fn random_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let mt = r.mt.borrow();
    let mut items: Vec<Value> = mt.state.iter().map(|&w| Value::Int(w as i64)).collect();
    items.push(Value::Int(mt.index as i64));
    Ok(vm.new_tuple(items))
}

fn random_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = rnd(vm, &args)?;
    let st = one_arg(vm, "setstate", &rest(&args))?;
    let items = match st {
        Value::Obj(o) if o.payload.as_tuple().is_some() => {
            o.payload.as_tuple().unwrap_or(&[]).to_vec()
        }
        _ => return Err(vm.type_error("state vector must be a tuple")),
    };
    if items.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut mt = Mt::new();
    for (i, v) in items[..N].iter().enumerate() {
        let b = crate::util::to_bigint(vm, v)?;
        let w: u64 = match num_traits::ToPrimitive::to_u64(&b) {
            Some(w) if w <= u32::MAX as u64 => w,
            _ => {
                if b.is_negative() {
                    return Err(vm.overflow_error("can't convert negative value to unsigned int"));
                }
                return Err(vm.overflow_error("Python int too large to convert to C unsigned long"));
            }
        };
        mt.state[i] = w as u32;
    }
    let idx = crate::util::to_isize(vm, &items[N])?;
    if idx < 0 || idx > N as i64 {
        return Err(vm.value_error("invalid state"));
    }
    mt.index = idx as usize;
    *r.mt.borrow_mut() = mt;
    Ok(Value::None)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_random");
    let t = vm.new_native_type("_random", "Random", None, true, false);
    vm.add_static(&t, "__new__", random_new);
    vm.add_method(&t, "__init__", random_init);
    vm.add_method(&t, "seed", random_seed);
    vm.add_method(&t, "random", random_random);
    vm.add_method(&t, "getrandbits", random_getrandbits);
    vm.add_method(&t, "getstate", random_getstate);
    vm.add_method(&t, "setstate", random_setstate);
    if let Some(d) = m.dict() {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern("Random"), Value::Obj(t));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mt_matches_reference_outputs() {
        // The reference MT19937 with init_by_array({0x123, 0x234, 0x345, 0x456}).
        let mut mt = Mt::new();
        mt.init_by_array(&[0x123, 0x234, 0x345, 0x456]);
        let first: Vec<u32> = (0..5).map(|_| mt.genrand_u32()).collect();
        assert_eq!(
            first,
            vec![1067595299, 955945823, 477289528, 4107218783, 4228976476]
        );
    }
}
