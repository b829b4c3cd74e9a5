//! The desktop app's entry point; everything else is in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    minyi_app::run();
}
