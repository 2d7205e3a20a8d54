// Keep a console window from opening beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // `invite-desk team …`: the team server's admin command (see README, "Team mode").
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("team") {
        std::process::exit(invite_desk::team::admin::main(&args[1..]));
    }
    // `invite-desk read-sheet <path>`: the child process that reads a workbook for the app
    // (src-tauri/bulk/read/child.rs).
    if args.first().map(String::as_str) == Some("read-sheet") {
        std::process::exit(invite_desk::bulk::read::child_main(&args[1..]));
    }
    invite_desk::run()
}
