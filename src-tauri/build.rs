//! Declares the app's commands to Tauri and grants the main window exactly those: the
//! core's use cases (from its registry, `rehearsalhub_core::case::names`) and the app's
//! own commands (`src/shell/names.rs`). Tauri makes an `allow-<command>` permission of
//! each; the capability that grants them all, with the core events, clipboard writing and
//! the open-file dialog, is written here into `OUT_DIR`, so no list is kept by hand.

use std::path::PathBuf;

#[path = "src/shell/names.rs"]
#[allow(dead_code)]
mod shell_names;

/// What the main window may use beside the app's own commands.
const PLUGINS: &[&str] = &[
    "core:default",
    "clipboard-manager:allow-write-text",
    "dialog:allow-open",
];

fn main() {
    println!("cargo:rerun-if-changed=src/shell/names.rs");
    let mut names: Vec<&'static str> = shell_names::NAMES.to_vec();
    for name in rehearsalhub_core::case::names() {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let permissions: Vec<String> = PLUGINS
        .iter()
        .map(|p| (*p).to_owned())
        .chain(
            names
                .iter()
                .map(|n| format!("allow-{}", n.replace('_', "-"))),
        )
        .collect();
    let capability = serde_json::json!({
        "identifier": "main",
        "description": "The main window: the app's own commands (generated from the core's use cases and the desktop's commands by build.rs), events (deep links, player state, upload and download progress), writing to the clipboard (Copy token / Copy link) and the open-file dialog (Add a version). Nothing else.",
        "windows": ["main"],
        "permissions": permissions,
    });
    let dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("capabilities");
    if let Err(e) = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("main.json"), capability.to_string()))
    {
        panic!("cannot write the capability: {e}");
    }
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    let pattern: &'static str = Box::leak(format!("{}/*.json", dir.display()).into_boxed_str());
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(names))
        .capabilities_path_pattern(pattern);
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {e:#}");
    }
}
