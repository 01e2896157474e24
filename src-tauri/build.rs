fn main() {
    // The manifest is the repository root (see Cargo.toml), so the config is
    // found there; capabilities stay beside the app's code.
    tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*"),
    )
    .expect("tauri-build failed");
}
