//! Compile every `.py` file under a directory and report the ones that fail:
//! `cargo run --release -p pyrs-compiler --example compile_tree -- DIR [--dis FILE]`.

fn main() {
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(run);
    if worker.map(|h| h.join().is_err()).unwrap_or(true) {
        std::process::exit(101);
    }
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn run() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--dis") {
        let path = &args[1];
        let bytes = std::fs::read(path).unwrap_or_default();
        let source = pyrs_parser::source::decode(&bytes).unwrap_or_default();
        match pyrs_compiler::compile_source(&source, path, pyrs_compiler::Mode::Exec, 0) {
            Ok(code) => print!("{}", pyrs_compiler::disassemble(&code)),
            Err(e) => println!("{}", e.render(path)),
        }
        return;
    }
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/usr/lib/python3.11".into());
    let mut files = Vec::new();
    walk(std::path::Path::new(&dir), &mut files);
    files.sort();
    let mut ok = 0;
    let mut failed = 0;
    let started = std::time::Instant::now();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        let Ok((source, module)) = pyrs_parser::parse_file_bytes(&bytes, &path.to_string_lossy())
        else {
            continue;
        };
        match pyrs_compiler::compile(
            &module,
            &source,
            &path.to_string_lossy(),
            pyrs_compiler::Mode::Exec,
            0,
        ) {
            Ok(_) => ok += 1,
            Err(e) => {
                failed += 1;
                println!("{}: {} (line {})", path.display(), e.msg, e.lineno);
            }
        }
    }
    println!("{ok} compiled, {failed} failed, {:?}", started.elapsed());
}
