//! iPhone sms.db: the bytes follow the SQLite header, so they reach the sms.db reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"");
    inkom_fuzz::parse(&bytes);
});
