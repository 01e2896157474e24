// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, while the process has one thread.
    fortnox_connect_app::rendering::choose();
    fortnox_connect_app::run();
}
