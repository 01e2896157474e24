//! Hello, world in Tauri: one window, one page, one command the page calls
//! when it has loaded (the benchmark waits for the line it prints).

#[tauri::command]
fn ready() {
    eprintln!("hello ready");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello app runs");
}
