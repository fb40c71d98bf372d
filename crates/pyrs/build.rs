//! Link options for the `pyrs` executable on Linux (x86-64, glibc; Rust links it with its
//! bundled LLD there).
//!
//! - At a fixed address (not position-independent): a PIE carries ~0.5 MiB of relative
//!   relocations that the loader applies at every start, dirtying ~1 MiB of pages
//!   (`.data.rel.ro` and the relocation table) that a fixed-address executable never
//!   touches. Measured: 1.2 MiB less peak RSS per process.
//! - With the functions listed in `symbol-order.txt` (those run at start-up and by the
//!   benchmark programs, hottest first; `tools/symbol_order.py` regenerates it) laid out
//!   together at the start of `.text`. The kernel maps 64 KiB around each page fault of
//!   a file mapping, so functions scattered over the text make most of it resident even
//!   when few run. Names the linker does not find are skipped silently. Set
//!   `PYRS_NO_SYMBOL_ORDER=1` to link without it. The names are in Rust's v0 mangling
//!   (`.cargo/config.toml`), which does not change when a type in a function's signature
//!   does; they hold for builds with the workspace's release settings (another `debug`
//!   level or `RUSTFLAGS` of one's own give other crate disambiguators). The option is LLD's: it is passed only
//!   when Rust links with its bundled LLD (rustc 1.90 or later, no linker of one's own
//!   configured), since GNU ld refuses it.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        let order = std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
            .join("symbol-order.txt");
        if arch == "x86_64"
            && order.exists()
            && std::env::var_os("PYRS_NO_SYMBOL_ORDER").is_none()
            && links_with_bundled_lld()
        {
            println!(
                "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
                order.display()
            );
            println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
        }
        println!("cargo:rerun-if-changed=symbol-order.txt");
    }
    println!("cargo:rerun-if-env-changed=PYRS_NO_SYMBOL_ORDER");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    println!("cargo:rerun-if-changed=build.rs");
}

/// Whether the executable is linked by Rust's bundled LLD: the default for x86-64 Linux
/// from rustc 1.90, unless a linker is configured (through the target's LINKER variable
/// or `-C linker` in the flags).
fn links_with_bundled_lld() -> bool {
    if std::env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_some() {
        return false;
    }
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") {
        return false;
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (...)": the minor version of 1.x.
    let text = String::from_utf8_lossy(&out.stdout);
    let minor = text
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|m| m.parse::<u32>().ok());
    minor.is_some_and(|m| m >= 90)
}
