//! The RTF body reader of an Outlook message (the words of an RTF-only body, and the pictures
//! and OLE objects pasted into it), on raw bytes after an `{\rtf1` header, as a decompressed
//! PR_RTF_COMPRESSED stream gives them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rtf = b"{\\rtf1".to_vec();
    rtf.extend_from_slice(data);
    let message = inkom::import::msg::MsgMessage {
        body_rtf: Some(rtf),
        ..Default::default()
    };
    let _ = message.rtf_text();
    let _ = message.rtf_has_pictures();
    let _ = message.rtf_pictures();
    let _ = message.rtf_objects();
    let _ = message.rtf_lacks_embedded();
});
