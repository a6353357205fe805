//! inkom — register, file or keep the electronic documents a Swedish social-services unit
//! receives.
//!
//! (crate docs and glossary: being written)

pub mod import;
pub mod model;
pub mod pdf;
pub mod personnummer;
