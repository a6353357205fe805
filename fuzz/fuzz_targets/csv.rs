//! Plain CSV SMS lists: the bytes follow a header row, so they reach the CSV reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"datum;nummer;riktning;text\n".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"");
    inkom_fuzz::parse(&bytes);
});
