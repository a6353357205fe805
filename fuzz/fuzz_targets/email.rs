//! .eml and mbox: the bytes follow a From header, so every input reaches the mail parsers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"From: Test <test@example.com>\r\n".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"");
    inkom_fuzz::parse(&bytes);
});
