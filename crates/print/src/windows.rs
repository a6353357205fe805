//! Windows: the "print" verb of the program registered for the file's type, started by
//! `ShellExecuteExW` itself (issue 17 item 6). Until then a PowerShell script did the same
//! through .NET, so a shell stood between the path and the call; now the path goes from
//! `OsStrExt::encode_wide` straight into `lpFile` (a name that is not valid Unicode included)
//! and nothing on the way parses it.

use std::ffi::OsStr;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::time::Duration;

use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_INVALID_PARAMETER, ERROR_NO_ASSOCIATION, GetLastError, WAIT_OBJECT_0,
};
use windows_sys::Win32::System::Com::{
    COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE, CoInitializeEx, CoUninitialize,
};
use windows_sys::Win32::System::Threading::{GetExitCodeProcess, WaitForSingleObject};
use windows_sys::Win32::UI::Shell::{
    SE_ERR_NOASSOC, SEE_MASK_FLAG_NO_UI, SEE_MASK_NOASYNC, SEE_MASK_NOCLOSEPROCESS,
    SHELLEXECUTEINFOW, ShellExecuteExW,
};
use windows_sys::Win32::UI::WindowsAndMessaging::SW_HIDE;

use crate::{PrintError, Sent};

/// How long to wait for the print program before calling the file handed over: long enough
/// that one failing at once (no printer, a file it cannot read) is reported as a failure; one
/// still printing, or staying open as most PDF readers do, is not waited for.
const HANDLER_GRACE: Duration = Duration::from_secs(2);

/// "print", NUL-terminated UTF-16.
const PRINT_VERB: [u16; 6] = [0x70, 0x72, 0x69, 0x6e, 0x74, 0];

/// What became of the program the verb started.
#[derive(Debug, PartialEq, Eq)]
enum Handler {
    /// It ended within the grace time with this exit code.
    Exited(u32),
    /// Still running (or its end could not be read): printing, as far as anyone can tell.
    Running,
    /// No process to watch: the verb went to a program already running (DDE) or a shell
    /// extension.
    NoProcess,
}

/// Why `ShellExecuteExW` refused: `GetLastError()` and the legacy `hInstApp` code.
#[derive(Debug)]
struct Refusal {
    last_error: u32,
    inst_app: usize,
}

/// Prints through the file type's print verb. Windows names no job here (the program talks
/// to the spooler itself), so success is [`Sent::HandedOver`].
pub(crate) fn print(path: &Path) -> Result<Sent, PrintError> {
    let file = wide_nul(path.as_os_str()).ok_or(PrintError::NulInPath)?;
    // A thread of its own, so COM can be initialised there as ShellExecuteEx asks, without
    // touching the apartment of the caller's thread.
    let outcome = std::thread::spawn(move || print_verb(&file, HANDLER_GRACE))
        .join()
        .map_err(|_| PrintError::ShellExecute { code: 0 })?;
    match outcome {
        Ok(Handler::Exited(0) | Handler::Running | Handler::NoProcess) => Ok(Sent::HandedOver),
        Ok(Handler::Exited(code)) => Err(PrintError::HandlerFailed { code }),
        Err(r) if r.last_error == ERROR_NO_ASSOCIATION || r.inst_app == SE_ERR_NOASSOC as usize => {
            Err(PrintError::NoAssociation)
        }
        Err(r) => Err(PrintError::ShellExecute { code: r.last_error }),
    }
}

/// The path as `lpFile` takes it: its UTF-16 units as they are, then one NUL. `None` when a
/// NUL inside would cut it short.
fn wide_nul(path: &OsStr) -> Option<Vec<u16>> {
    let mut wide: Vec<u16> = path.encode_wide().collect();
    if wide.contains(&0) {
        return None;
    }
    wide.push(0);
    Some(wide)
}

/// Starts the print verb for `file` (NUL-terminated UTF-16) with no window and no dialog, and
/// waits up to `grace` for the program it started. The crate's only unsafe code.
#[allow(unsafe_code)]
fn print_verb(file: &[u16], grace: Duration) -> Result<Handler, Refusal> {
    if file.last() != Some(&0) {
        return Err(Refusal {
            last_error: ERROR_INVALID_PARAMETER,
            inst_app: 0,
        });
    }
    // SAFETY: the reserved pointer is null as required; this thread is new, so nothing else
    // chose its apartment. A success (S_OK, S_FALSE) is paired with CoUninitialize below.
    let com = unsafe {
        CoInitializeEx(
            std::ptr::null(),
            (COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE) as u32,
        )
    };
    let mut info = SHELLEXECUTEINFOW {
        cbSize: size_of::<SHELLEXECUTEINFOW>() as u32,
        // NOASYNC: a DDE print verb (common for PDF readers) is finished before this thread,
        // and its COM apartment, go away.
        fMask: SEE_MASK_NOCLOSEPROCESS | SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC,
        lpVerb: PRINT_VERB.as_ptr(),
        lpFile: file.as_ptr(),
        nShow: SW_HIDE,
        ..Default::default()
    };
    // SAFETY: `info` is a zero-initialised SHELLEXECUTEINFOW with its true size in cbSize;
    // lpVerb and lpFile point at NUL-terminated UTF-16 (checked above) that outlive the call;
    // every other pointer is null, which the API allows.
    let ok = unsafe { ShellExecuteExW(&mut info) };
    let outcome = if ok == 0 {
        Err(Refusal {
            // SAFETY: no arguments; reads this thread's error of the call just made.
            last_error: unsafe { GetLastError() },
            inst_app: info.hInstApp as usize,
        })
    } else if info.hProcess.is_null() {
        Ok(Handler::NoProcess)
    } else {
        let ms = u32::try_from(grace.as_millis()).unwrap_or(u32::MAX);
        // SAFETY: hProcess is the process handle SEE_MASK_NOCLOSEPROCESS asked for; it is ours,
        // valid until the CloseHandle at the end of this block, and closed exactly once.
        unsafe {
            let mut code = 0u32;
            let handler = if WaitForSingleObject(info.hProcess, ms) == WAIT_OBJECT_0
                && GetExitCodeProcess(info.hProcess, &mut code) != 0
            {
                Handler::Exited(code)
            } else {
                Handler::Running
            };
            CloseHandle(info.hProcess);
            Ok(handler)
        }
    };
    if com >= 0 {
        // SAFETY: pairs the successful CoInitializeEx above, on the same thread.
        unsafe { CoUninitialize() };
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;
    use std::os::windows::ffi::OsStringExt;

    /// Issue 17 item 6. Nothing parses the path any more: its UTF-16 units go into `lpFile` as
    /// they are, one NUL after them; a name that is not valid Unicode (a lone surrogate)
    /// survives, and a NUL inside is refused rather than cutting the name short. Under Wine,
    /// tests/windows.rs shows the registered program receiving exactly this file.
    #[test]
    fn security_printing_on_windows_never_parses_the_path_as_script() {
        let mut units: Vec<u16> = r"C:\Users\Anna Test\tmp\a'; $(Remove-Item x); [b] åäö "
            .encode_utf16()
            .collect();
        units.push(0xD800); // a lone surrogate: valid in an NTFS name, not in UTF-8
        units.extend(".pdf".encode_utf16());
        let hostile = OsString::from_wide(&units);
        let wide = wide_nul(&hostile).expect("no NUL inside");
        assert_eq!(&wide[..units.len()], &units[..]);
        assert_eq!(wide.len(), units.len() + 1);
        assert_eq!(wide.last(), Some(&0));

        let cut = OsString::from_wide(&[0x61, 0, 0x62]);
        assert_eq!(wide_nul(&cut), None);
        assert!(matches!(print(Path::new(&cut)), Err(PrintError::NulInPath)));
        assert!(print_verb(&[0x61], Duration::ZERO).is_err(), "unterminated");
    }
}
