//! The desktop shell: windows, the login webview and IPC commands. All
//! product logic lives in `fortnox-core`; this crate only adapts it.

#![warn(clippy::unwrap_used)]

mod commands;
mod error;
mod ipc;
mod login_window;
mod startup;
mod state;

use std::sync::{Arc, Mutex};

use fortnox_core::FortnoxConnect;
use tauri::Manager;

use crate::state::AppState;

/// A D-Bus-safe name per data directory: a second launch with the same
/// data focuses the first; another data directory is another instance.
fn instance_id(data_dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    format!("se.fortnoxconnect.app.i{:016x}", hasher.finish())
}

pub fn run() {
    startup::init_tracing();
    let context = match startup::AppContext::from_environment() {
        Ok(context) => context,
        Err(err) => {
            startup::report_fatal(&err);
            std::process::exit(2);
        }
    };
    let service = tauri::async_runtime::block_on(FortnoxConnect::open(context.profile.clone(), &context.data_dir));
    let lang = context.lang_arg.or_else(|| service.saved_language()).unwrap_or_else(startup::system_lang);
    let state = AppState {
        service: Arc::new(service),
        lang: Mutex::new(lang),
        sandbox: context.is_demo(),
        profile_path: context.profile_path.clone(),
        cancel_login: Arc::new(tokio::sync::Notify::new()),
    };
    let data_dir = context.data_dir.clone();
    #[cfg(feature = "demo")]
    let demo = context.demo;

    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&data_dir))
        .callback(|app, _args, _cwd| {
            if let Some(main) = app.get_webview_window("main") {
                let _ = main.unminimize();
                let _ = main.show();
                let _ = main.set_focus();
            }
        })
        .build();

    let result = tauri::Builder::default()
        .plugin(single_instance)
        .manage(state)
        .invoke_handler(handlers!())
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(err) => {
            startup::restart_if_previous_instance_just_died(&err);
            startup::report_fatal(&err);
            std::process::exit(1);
        }
    };
    app.state::<AppState>().forget_old_logins();
    app.run(move |_, event| {
        #[cfg(not(feature = "demo"))]
        let _ = event;
        #[cfg(feature = "demo")]
        if let tauri::RunEvent::Exit = event
            && let Some(demo) = &demo
        {
            demo.withdraw();
        }
    });
}
