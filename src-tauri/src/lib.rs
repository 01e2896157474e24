//! The desktop shell: windows, the login webview and IPC commands. All
//! product logic lives in `fortnox-core`; this crate only adapts it.

#![warn(clippy::unwrap_used)]

mod commands;
mod ipc;
mod startup;

pub fn run() {
    startup::init_tracing();
    let context = match startup::AppContext::from_environment() {
        Ok(context) => context,
        Err(err) => {
            startup::report_fatal(&err);
            std::process::exit(2);
        }
    };

    let lang = commands::UiLanguage(std::sync::Mutex::new(context.initial_lang));
    let result = tauri::Builder::default()
        .manage(context)
        .manage(lang)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_language
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        startup::report_fatal(&err);
        std::process::exit(1);
    }
}
