//! Personnummer parsing on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23);
        if let Some(today) = today {
            let _ = inkom::personnummer::Personnummer::parse(s, today);
        }
    }
});
