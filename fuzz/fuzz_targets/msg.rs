//! The Outlook .msg reader on raw bytes (it never touches the file system).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = inkom::import::msg::parse_msg(data);
});
