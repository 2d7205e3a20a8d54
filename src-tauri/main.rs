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
    // The web view runs its scripts without JavaScriptCore's just-in-time compilers: the form,
    // History's pages and Bulk's visible rows are small scripts, and the compilers' code and
    // buffers cost the web process ~7 MiB (BENCHMARKS.md). Set before any thread starts and
    // before WebKit spawns its web process, which inherits it; a value already set is kept.
    if std::env::var_os("JSC_useJIT").is_none() {
        std::env::set_var("JSC_useJIT", "0");
    }
    invite_desk::run()
}
