//! inkom — register, file or keep the electronic documents a Swedish social-services unit
//! receives (SMS, e-mail, screenshots), as the law asks, and then delete their sources.
//!
//! The core knows no user interface: the `inkom` command line and the desktop app both call the
//! functions in [`lifecycle`], which enforce every rule, write the [`store`] and the [`audit`]
//! trail in one transaction per action.
//!
//! # Glossary
//! Swedish legal terms stay Swedish in the domain model:
//!
//! | term | meaning |
//! |---|---|
//! | allmän handling | public document; every message to or from the authority is one |
//! | diarium, diarieföra | the register of public documents (on paper here); to register |
//! | diarienummer (dnr) | diary number, e.g. `SN 2026/0042` |
//! | ärendemening | short public description of a document, must not reveal secrets |
//! | personakt | a client's personal case file; its material is filed there, not registered |
//! | personnummer, samordningsnummer | personal identity number; coordination number (day + 60) |
//! | ringa betydelse (`ringa`) | of minor importance: kept ordered, not registered, later culled |
//! | gallra, gallring | to cull, culling (destroying documents under a decision) |
//! | gallringsbeslut | the decision that allows culling |
//! | inaktualitet | no longer needed (when ringa items may be culled) |
//! | sekretess, sekretessmarkering | secrecy; a marking that warns of it (not a decision) |
//! | handläggare, registrator | caseworker; registrar |
//! | OSL | offentlighets- och sekretesslagen (2009:400) |

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
pub mod audit_export;
pub mod clients;
pub mod desk;
pub mod documents;
pub mod fidelity;
pub mod import;
pub mod language;
pub mod lifecycle;
pub mod lists;
pub mod model;
pub mod output_file;
pub mod path_text;
pub mod pdf;
pub mod personnummer;
pub mod private_temp;
pub mod recover;
pub mod source_file;
pub mod store;
pub mod suggest;
pub mod terminal;
pub mod text_fold;
pub mod unit;
