//! The TNEF reader (`winmail.dat`) on raw bytes after the signature, and the printout's and the
//! deletion gate's reading of such an attachment (its text and the files inside it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut tnef = vec![0x78, 0x9F, 0x3E, 0x22];
    tnef.extend_from_slice(data);
    if let Ok(message) = inkom::import::msg::parse_tnef(&tnef) {
        let _ = message.rtf_text();
        let _ = message.rtf_objects();
    }
    let attachment = inkom::model::Attachment::new("winmail.dat", "application/ms-tnef", tnef);
    let _ = inkom::documents::off_paper(&[attachment], None);
});
