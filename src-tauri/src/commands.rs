//! One Tauri command per operation of `crates/core/src/operations/ipc.in`,
//! generated: each passes its request to the operation and returns what
//! the operation returns. Nothing is decided here.

use fortnox_core::operations::*;
use tauri::State;

use crate::state::AppState;

macro_rules! ipc_operations {
    ($($name:ident($request:ty) -> $response:ty;)*) => {
        $(
            #[tauri::command]
            pub async fn $name(request: $request, state: State<'_, AppState>) -> Result<$response, Failure> {
                state.ops.$name(request).await
            }
        )*

        /// Every command, for the invoke handler.
        pub fn handlers() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/core/src/operations/ipc.in"));
