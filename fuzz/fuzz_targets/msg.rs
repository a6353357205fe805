//! The Outlook .msg reader on raw bytes (it never touches the file system), with the words of
//! an RTF-only body and the objects embedded in it read as the import reads them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = inkom::import::msg::parse_msg(data) {
        let _ = message.rtf_text();
        let _ = message.rtf_objects();
    }
});
