//! inkom's desktop app. Everything happens in [`inkom_app::run`].
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    inkom_app::run();
}
