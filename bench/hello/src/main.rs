//! Hello, world in Tauri: one window, one page, one command the page calls
//! when it has loaded (the benchmark waits for the line it prints).

/// `painted_ms`: when the page was painted, in ms since its navigation
/// began (the benchmark's breakdown).
#[tauri::command]
fn ready(painted_ms: f64) {
    eprintln!("hello ready painted_ms={painted_ms:.1}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello app runs");
}
