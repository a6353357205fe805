//! SMS Backup & Restore XML: the bytes become the inside of <smses>, so every input reaches the XML parser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"<?xml version='1.0' encoding='UTF-8' ?>\n<smses count=\"1\">\n".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"\n</smses>\n");
    inkom_fuzz::parse(&bytes);
});
