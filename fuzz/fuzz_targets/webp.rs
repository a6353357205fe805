//! WebP screenshots: the bytes follow a RIFF/WEBP header, so they reach the WebP header check and metadata readers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"RIFF\x00\x00\x00\x00WEBPVP8X".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"");
    inkom_fuzz::parse(&bytes);
});
