//! Declares the app's own command permissions (read from `commands.txt`, which a unit test
//! keeps equal to the commands the app registers), so each window gets only what its
//! capability grants.

fn main() {
    println!("cargo:rerun-if-changed=commands.txt");
    let listed = std::fs::read_to_string("commands.txt").unwrap_or_default();
    let names: Vec<&'static str> = listed
        .split_whitespace()
        .map(|s| &*Box::leak(s.to_owned().into_boxed_str()))
        .collect();
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(names));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build failed: {e:#}");
    }
}
