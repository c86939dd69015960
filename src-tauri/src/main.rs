//! # rehearsalhub (desktop app)
//!
//! The Tauri shell: window, deep links, single instance, keychain, and the core's use cases
//! as commands (one generic adapter, `cases`; the desktop's own in `shell`) over
//! `rehearsalhub-core`'s `Api`, either on the embedded SQLite database in the data
//! directory (`--data-dir DIR` or `RH_DATA_DIR`, else the platform's app data directory)
//! or on a `rehearsalhub-server` through `rehearsalhub-client`.
//!
//! Holds no business rule: every decision is the core's. Must not depend on the server
//! crate (only on its HTTP API, through the client).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod bindings;
mod cases;
mod connection;
mod handler;
mod keychain;
mod live;
mod session;
mod shell;
mod state;
#[cfg(target_os = "linux")]
mod webkit_env;

use tauri::{Emitter, Manager};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::keychain::Keychain;
use crate::state::AppState;

/// The event that carries a `rehearsalhub://` link to the UI.
pub(crate) const DEEP_LINK_EVENT: &str = "deep-link";

/// Whether this executable was installed by the system package, whose desktop
/// entry registers `rehearsalhub://`: registering it again per user would leave an entry
/// behind in the user's home when the package is removed.
fn installed_by_package() -> bool {
    std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .is_ok_and(|p| p == std::path::Path::new("/usr/bin/rehearsalhub"))
        && std::path::Path::new("/usr/share/applications/RehearsalHub.desktop").exists()
}

fn main() {
    #[cfg(target_os = "linux")]
    webkit_env::apply();
    let args: Vec<String> = std::env::args().collect();
    // Answered before anything needs a display, so a package's install can be checked.
    if args.iter().skip(1).any(|a| a == "--version" || a == "-V") {
        println!("rehearsalhub {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    let data_dir = state::data_dir_override(&args);
    let initial_link = state::link_in_args(&args);

    let mut builder = tauri::Builder::default();
    // A second launch forwards its link to the running window and exits. An explicit
    // `--data-dir` makes an independent instance instead (tests run several side by side);
    // `RH_DATA_DIR` keeps the single-instance behaviour.
    if !state::has_data_dir_arg(&args) {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            if let Some(link) = state::link_in_args(&argv) {
                let _ = app.emit(DEEP_LINK_EVENT, link);
            }
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.set_focus();
            }
        }));
    }
    let result = builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let dir = match data_dir.clone() {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let keychain = Keychain::probe();
            let state = tauri::async_runtime::block_on(AppState::open(
                &dir,
                keychain,
                app.handle().clone(),
            ))?;
            if let Ok(mut pending) = state.pending_link.lock() {
                *pending = initial_link.clone();
            }
            app.manage(state);
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                for url in event.urls() {
                    let _ = handle.emit(DEEP_LINK_EVENT, url.to_string());
                }
            });
            if data_dir.is_none() && !installed_by_package() {
                #[cfg(any(target_os = "linux", windows))]
                if let Err(e) = app.deep_link().register_all() {
                    tracing::warn!(error = %e, "could not register the rehearsalhub:// scheme");
                }
            }
            Ok(())
        })
        .invoke_handler(handler::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("RehearsalHub could not start: {e}");
        std::process::exit(1);
    }
}
