//! The benchmark floor: an empty Tauri window from the same crate and profile.
fn main() {}
