//! Every importer through the public entry point, format detected from content. Seed the corpus
//! with the fixtures (see README, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    inkom_fuzz::parse(data);
});
