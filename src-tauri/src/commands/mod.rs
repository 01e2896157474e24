//! IPC commands: each one a few lines that call into `fortnox-core`.

pub mod app;
pub mod connect;
pub mod connections;
pub mod support;

/// Every command the UI may call. `build.rs` turns these into
/// permissions; only the main window's capability grants them.
#[macro_export]
macro_rules! handlers {
    () => {
        tauri::generate_handler![
            $crate::commands::app::app_info,
            $crate::commands::app::set_language,
            $crate::commands::connections::list_connections,
            $crate::commands::connections::enable_connection,
            $crate::commands::connections::disable_connection,
            $crate::commands::connections::remove_connection,
            $crate::commands::connections::verify_connection,
            $crate::commands::connections::activity_log,
            $crate::commands::connect::connect,
            $crate::commands::connect::cancel_connect,
            $crate::commands::connect::decide,
            $crate::commands::support::explain,
            $crate::commands::support::export_diagnostics,
            $crate::commands::support::open_external,
        ]
    };
}
