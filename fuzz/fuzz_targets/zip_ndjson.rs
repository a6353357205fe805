//! SMS Import/Export ZIP and NDJSON: the bytes follow an NDJSON line start, so they reach the NDJSON reader (a ZIP corpus entry, starting with PK, reaches the ZIP reader through import_any).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"{\"thread_id\":\"1\",\"address\":\"+46701740605\",".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"");
    inkom_fuzz::parse(&bytes);
});
