//! `inkom settings set|show`: the unit's settings (organisation, unit, user, diary prefix, cull
//! decision). Kept apart because `show` also tells where the store lives and how it is unlocked,
//! which no other command prints.

use serde_json::json;

use inkom::lifecycle;
use inkom::store::{Setting, Settings, Store};
use inkom::{path_text, terminal};

use super::args::SettingsCommand;
use super::failure::{Failure, json_failure};
use super::open::act;
use super::print::{print_json, say};

/// Runs one `inkom settings` command.
pub(super) fn run(store: &mut Store, command: SettingsCommand, json: bool) -> Result<(), Failure> {
    match command {
        SettingsCommand::Set { key, value } => set(store, &key, &value, json),
        SettingsCommand::Show => show(store, json),
    }
}

/// `inkom settings set KEY VALUE`: an empty value removes the setting; audited.
fn set(store: &mut Store, key: &str, value: &str, json: bool) -> Result<(), Failure> {
    let setting = Setting::from_key(key)?;
    let act = act(store)?;
    lifecycle::set_setting(store, setting, value, &act)?;
    let settings = Settings::load(store.conn())?;
    if json {
        print_json(&settings)?;
    } else {
        say!("{key} = {}", settings.get(setting).unwrap_or("(tomt)"));
    }
    Ok(())
}

/// `inkom settings show`: every setting, the data directory and how the store is unlocked.
fn show(store: &Store, json: bool) -> Result<(), Failure> {
    let settings = Settings::load(store.conn())?;
    if json {
        // The settings' own keys, plus how the store is unlocked.
        let mut shown = serde_json::to_value(&settings).map_err(json_failure)?;
        shown["key_source"] = json!(store.key_source());
        print_json(&shown)?;
    } else {
        for s in Setting::ALL {
            say!("{:<14} {}", s.key(), settings.get(s).unwrap_or("(tomt)"));
        }
        say!(
            "{:<14} {}",
            "datakatalog",
            terminal::line(&path_text::display(store.path()))
        );
        say!("{:<14} {}", "skydd", store.key_source().sv());
    }
    Ok(())
}
