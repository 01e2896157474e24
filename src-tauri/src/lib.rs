//! The desktop shell: windows, the login webview, and one command per
//! operation. All product logic lives in `fortnox-core`; starting is
//! shared with the CLI (`fortnox-launch`).

#![warn(clippy::unwrap_used)]

mod commands;
mod host;
mod keepalive;
mod login_window;
mod main_window;
mod notify;
pub mod rendering;
mod startup;
mod state;
mod updates;
mod webview_runtime;

use std::sync::{Arc, OnceLock};

use clap::Parser;
use fortnox_core::operations::Operations;
use fortnox_launch::{DemoUse, Wanted};
use tauri::{Emitter, Manager};

use crate::host::TauriHost;
use crate::state::AppState;

/// A D-Bus-safe name per data directory: a second launch with the same
/// data focuses the first; another data directory is another instance.
fn instance_id(data_dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    format!("se.fortnoxconnect.app.i{:016x}", hasher.finish())
}

/// Looks for an update shortly after the start and then daily, and tells
/// the main window what it found.
fn look_for_updates(app: tauri::AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(crate::updates::FIRST_AFTER).await;
        loop {
            let ops = &app.state::<AppState>().ops;
            if let Ok(status) = ops.check_for_updates(fortnox_core::operations::Nothing {}).await {
                if matches!(status.en, fortnox_core::operations::UpdateStatus::Off { .. }) {
                    return;
                }
                let _ = app.emit_to("main", host::UPDATE_EVENT, status);
            }
            tokio::time::sleep(crate::updates::EVERY).await;
        }
    });
}

pub fn run() {
    fortnox_launch::init_tracing("RUST_LOG", "info");
    let args = startup::Args::parse();
    let lang = args.lang();
    let wanted = Wanted { profile: args.profile.clone(), data_dir: args.data_dir.clone() };
    if args.notify {
        std::process::exit(notify::run(&args, &wanted));
    }
    if args.keepalive {
        std::process::exit(keepalive::run(wanted, lang));
    }
    let show = args.show();
    let launched = match tauri::async_runtime::block_on(fortnox_launch::launch(wanted.clone(), DemoUse::Own)) {
        Ok(launched) => launched,
        Err(err) => {
            startup::report_fatal(&err);
            std::process::exit(2);
        }
    };
    let fortnox_launch::Launched { service, run, data_dir, demo } = launched;
    let host = TauriHost {
        app: OnceLock::new(),
        cancel: Arc::new(tokio::sync::Notify::new()),
        demo: run.demo,
        data_dir: service.data_dir().to_path_buf(),
        wanted,
        update: Default::default(),
    };
    // Older versions kept each connection's login cookies on disk; the
    // login window is private now (docs/security.md), so they go, as do
    // login profiles a crash left behind (Windows).
    let _ = std::fs::remove_dir_all(service.data_dir().join("webview"));
    let _ = std::fs::remove_dir_all(login_window::profiles_dir(&host.data_dir));
    let ops = Operations::new(service, host, run, lang, fortnox_launch::system_lang());
    let state = AppState { ops };

    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&data_dir))
        .callback(|app, args, _cwd| {
            tracing::info!("another launch with the same data handed over: showing this window");
            if let Some(main) = app.get_webview_window("main") {
                let _ = main.unminimize();
                let _ = main.show();
                let _ = main.set_focus();
            }
            // A notification's click: open on its target.
            if let Some(target) = fortnox_core::operations::NoticeTarget::from_args(&args) {
                let _ = app.emit_to("main", host::SHOW_EVENT, target);
            }
        })
        .build();

    let mut builder = tauri::Builder::default().plugin(updates::plugin());
    // Windows hands over through a named mutex and a window message; Linux
    // through a D-Bus name, which needs a session bus.
    if cfg!(windows) || startup::session_bus_reachable() {
        builder = builder.plugin(single_instance);
    } else {
        tracing::warn!("no D-Bus session: starting without the single-instance check");
    }
    let result = builder
        .manage(state)
        .invoke_handler(commands::handlers())
        .setup(move |app| {
            let ops = &app.state::<AppState>().ops;
            if let Err(missing) = webview_runtime::check(ops.lang()) {
                std::process::exit(missing.exit_code());
            }
            let _ = ops.host().app.set(app.handle().clone());
            // What changed since the last start is marked in the list (here,
            // in the one instance that shows it: a second launch ends before).
            tauri::async_runtime::block_on(ops.look_at_connections());
            let first = ops.first_screen().map(|first| fortnox_core::operations::FirstScreenData { show, ..first });
            main_window::create(app, first)?;
            // Connections this computer saved but the broker still holds as
            // unconfirmed (a crash right after a connect) are confirmed.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { handle.state::<AppState>().ops.reconcile().await });
            look_for_updates(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(err) => {
            startup::restart_if_previous_instance_just_died(&err);
            startup::report_fatal(&err);
            std::process::exit(1);
        }
    };
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            demo.withdraw();
        }
    });
}
