//! The interactive prompt: `pyrs` on a terminal, or `pyrs -i` after a program.
//!
//! Lines are read with a line editor (history, cursor keys) when standard input is a
//! terminal; otherwise plainly, with the prompts written to stderr as CPython does. Each
//! statement is collected line by line until the parser says it is complete (a compound
//! statement ends with a blank line), then run in `__main__` in `single` mode, so that
//! expression values are shown by `sys.displayhook`.

use std::io::{BufRead, IsTerminal, Write};

use pyrs_parser::InteractiveInput;
use pyrs_vm::interpreter::PromptOutcome;
use pyrs_vm::Interpreter;

/// The file name CPython gives statements typed at the prompt.
const FILENAME: &str = "<stdin>";

/// A source of lines: the line editor on a terminal, plain reads otherwise.
enum LineSource {
    Editor(Box<rustyline::DefaultEditor>),
    Plain(std::io::StdinLock<'static>),
}

/// One read: a line (without its newline), end of input, or Ctrl-C.
enum Read {
    Line(String),
    Eof,
    Interrupted,
}

impl LineSource {
    fn new() -> LineSource {
        if std::io::stdin().is_terminal() {
            if let Ok(editor) = rustyline::DefaultEditor::new() {
                return LineSource::Editor(Box::new(editor));
            }
        }
        LineSource::Plain(std::io::stdin().lock())
    }

    fn is_editor(&self) -> bool {
        matches!(self, LineSource::Editor(_))
    }

    fn read(&mut self, prompt: &str) -> Read {
        match self {
            LineSource::Editor(editor) => match editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    Read::Line(line)
                }
                Err(rustyline::error::ReadlineError::Interrupted) => Read::Interrupted,
                Err(_) => Read::Eof,
            },
            LineSource::Plain(stdin) => {
                let mut err = std::io::stderr();
                let _ = err.write_all(prompt.as_bytes());
                let _ = err.flush();
                let mut buf = Vec::new();
                match stdin.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => Read::Eof,
                    Ok(_) => {
                        if buf.last() == Some(&b'\n') {
                            buf.pop();
                        }
                        Read::Line(String::from_utf8_lossy(&buf).into_owned())
                    }
                }
            }
        }
    }
}

/// Whether the statement is a compound one (if, for, def, class, ...).
fn starts_compound(module: &pyrs_parser::ast::Mod) -> bool {
    match module {
        pyrs_parser::ast::Mod::Interactive { body } => {
            body.first().is_some_and(|s| s.kind.is_compound())
        }
        _ => false,
    }
}

/// The banner printed when the prompt starts without `-q`.
fn banner() -> String {
    format!(
        "pyrs {} (Python {}) on {}\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
        env!("CARGO_PKG_VERSION"),
        "3.11.7",
        std::env::consts::OS
    )
}

/// Run the prompt until end of input or SystemExit; returns the exit status after the
/// interpreter's shutdown.
pub fn run(interpreter: &mut Interpreter, show_banner: bool, startup: Option<String>) -> i32 {
    if show_banner {
        eprint!("{}", banner());
    }
    if let Some(path) = startup {
        interpreter.run_startup_file(&path);
    }
    interpreter.run_interactive_hook();
    let mut source = LineSource::new();
    let mut lines: Vec<String> = Vec::new();
    let status = loop {
        let prompt = interpreter.prompt(!lines.is_empty());
        let line = match source.read(&prompt) {
            Read::Line(line) => line,
            Read::Eof => {
                // The line editor has already ended the line.
                if !source.is_editor() {
                    eprintln!();
                }
                break 0;
            }
            Read::Interrupted => {
                eprintln!("KeyboardInterrupt");
                lines.clear();
                continue;
            }
        };
        let blank = line.trim().is_empty();
        if lines.is_empty() && (blank || line.trim_start().starts_with('#')) {
            continue;
        }
        lines.push(line);
        let text = lines.join("\n") + "\n";
        let complete = match pyrs_parser::parse_interactive_partial(&text) {
            // A compound statement ends with a blank line.
            InteractiveInput::Complete(module) => blank || !starts_compound(&module),
            // Inside brackets or a string, blank lines are part of the text.
            InteractiveInput::Open => false,
            // A blank line ends the statement: what is still missing is an error.
            InteractiveInput::Incomplete => blank,
            InteractiveInput::Error(_) => true,
        };
        if !complete {
            continue;
        }
        lines.clear();
        if let PromptOutcome::Exit(status) = interpreter.run_prompt_statement(&text, FILENAME) {
            break status;
        }
    };
    interpreter.finish(status)
}
