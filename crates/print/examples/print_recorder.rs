//! Not an example: the program `tests/windows.rs` registers, under Wine, as the "print" verb of
//! a private file type. Run as `print_recorder OUT_DIR FILE [EXIT_CODE]`, it records what it was
//! given, in files named after its process id so that a second start would show:
//! `received-PID` (a copy of FILE), `args-PID.utf16` (every argument after the program, each
//! as its UTF-16 units, little-endian, followed by a zero unit), and `done-PID` last. Then it
//! exits with EXIT_CODE (0 when absent).

use std::path::Path;

fn main() {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let (Some(out), Some(file)) = (args.first(), args.get(1)) else {
        eprintln!("usage: print_recorder OUT_DIR FILE [EXIT_CODE]");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let pid = std::process::id();
    let mut record = Vec::new();
    for arg in &args {
        for unit in units(arg) {
            record.extend(unit.to_le_bytes());
        }
        record.extend([0, 0]);
    }
    let written = std::fs::copy(file, out.join(format!("received-{pid}")))
        .and_then(|_| std::fs::write(out.join(format!("args-{pid}.utf16")), &record))
        .and_then(|()| std::fs::write(out.join(format!("done-{pid}")), b""));
    if let Err(e) = written {
        eprintln!("print_recorder: {e}");
        std::process::exit(2);
    }
    let code = args
        .get(2)
        .and_then(|c| c.to_str())
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    std::process::exit(code);
}

/// The argument's UTF-16 units as Windows gave them (a lone surrogate included).
#[cfg(windows)]
fn units(arg: &std::ffi::OsStr) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    arg.encode_wide().collect()
}

/// Elsewhere (the example is only built there, never run): its UTF-8 text as UTF-16.
#[cfg(not(windows))]
fn units(arg: &std::ffi::OsStr) -> Vec<u16> {
    arg.to_string_lossy().encode_utf16().collect()
}
