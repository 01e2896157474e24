fn main() {
    // The manifest is the repository root (see Cargo.toml), so the config
    // is found there; capabilities stay beside the app's code. Every app
    // command gets an `allow-…` permission that only the main window's
    // capability grants: the Fortnox login window can call nothing.
    let commands: &[&str] = &[
        "app_info",
        "set_language",
        "list_connections",
        "enable_connection",
        "disable_connection",
        "remove_connection",
        "verify_connection",
        "activity_log",
        "connect",
        "cancel_connect",
        "decide",
        "explain",
        "export_diagnostics",
        "open_external",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri-build failed");
}
