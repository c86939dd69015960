//! How WebKitGTK runs the app's page on Linux: painted in software, with no OpenGL in the
//! app's own process, and its JavaScript interpreted.
//!
//! WebKitGTK composites pages on the GPU by default. Without a GPU (and under Xvfb) that is
//! Mesa's software renderer, and loading Mesa costs each process that does it about 22 MB
//! (libLLVM's relocations and code: `scripts/bench-installed.sh --mappings`). The app's pages
//! are forms, lists and waveform canvases, painted just as well by the CPU. So, unless the
//! user chose how WebKit composites (`WEBKIT_DISABLE_COMPOSITING_MODE` set to anything), the
//! app asks for:
//!
//! - no compositing (`WEBKIT_DISABLE_COMPOSITING_MODE=1`): the web process keeps no GL
//!   buffers (312 → 225 MB on the sign-in screen);
//! - no DMA-BUF renderer (`WEBKIT_DISABLE_DMABUF_RENDERER=1`): the UI process does not open
//!   an EGL display to learn which buffer formats a GPU would share;
//! - the render node named (`WEBKIT_WEB_RENDER_DEVICE_FILE`): otherwise the UI process opens
//!   an EGL display only to ask Mesa for that path, which the web process then never opens
//!   without the DMA-BUF renderer;
//! - no GL in GTK (`GDK_GL=disable`): GTK 3 otherwise loads GLX when it opens the X display,
//!   to choose visuals for GL areas the app does not have.
//!
//! Together the app's own process loads no Mesa at all (225 → 204 MB). The web process still
//! does: WebKit aborts without an EGL display there.
//!
//! And it runs the page's JavaScript without JavaScriptCore's JIT (`JSC_useJIT=0`, a
//! JavaScriptCore option read from the environment): 7 MB less on the sign-in screen (→ 196
//! MB), and under load it keeps no compiled code: a version with 1,000 comments and 3,000
//! replies, opened seven times, left the app at 716 MB with the JIT and 451 MB without. The
//! price is speed where the page itself computes: that version opens in 0.75 s instead of
//! 0.2 s, one with 100 comments and 300 replies in 68 ms instead of 35
//! (`scripts/bench-view.sh`). The app's heavy work (audio, waveforms, threading comments) is
//! Rust's, not the page's.
//!
//! Each variable a user set is left alone.

use std::ffi::OsString;
use std::path::Path;

/// What the user sets to choose WebKit's compositing; set to anything, this module does
/// nothing.
const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What to add to the environment, given how it reads (`get`) and the first DRM render node
/// (`render_node`, asked only when needed).
pub(crate) fn plan(
    get: impl Fn(&str) -> Option<OsString>,
    render_node: impl FnOnce() -> Option<OsString>,
) -> Vec<(&'static str, OsString)> {
    if get(COMPOSITING).is_some() {
        return Vec::new();
    }
    let mut set = vec![(COMPOSITING, OsString::from("1"))];
    for (var, value) in [
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
        ("GDK_GL", "disable"),
        ("JSC_useJIT", "0"),
    ] {
        if get(var).is_none() {
            set.push((var, OsString::from(value)));
        }
    }
    const DEVICE: &str = "WEBKIT_WEB_RENDER_DEVICE_FILE";
    if get(DEVICE).is_none() {
        // WebKit only passes the path on; with no render node, any path that is not one.
        set.push((DEVICE, render_node().unwrap_or_else(|| "/dev/null".into())));
    }
    set
}

/// The first DRM render node (`/dev/dri/renderD128`, …), as WebKit itself would pick it.
fn first_render_node() -> Option<OsString> {
    let mut nodes: Vec<OsString> = std::fs::read_dir(Path::new("/dev/dri"))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        .map(|e| e.path().into_os_string())
        .collect();
    nodes.sort();
    nodes.into_iter().next()
}

/// Applies [`plan`] to this process's environment, which WebKit's processes
/// inherit.
pub(crate) fn apply() {
    fn get(var: &str) -> Option<OsString> {
        std::env::var_os(var)
    }
    for (var, value) in plan(get, first_render_node) {
        // SAFETY: called first in `main`, before this process has any other thread that
        // could read or write the environment at the same time.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var(var, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(env: &[(&str, &str)], node: Option<&str>) -> Vec<(String, String)> {
        let get = |k: &str| {
            env.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        };
        plan(get, || node.map(OsString::from))
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_string_lossy().into_owned()))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn an_untouched_environment_paints_in_software_with_no_gl_in_the_app_and_no_jit() {
        assert_eq!(
            planned(&[], Some("/dev/dri/renderD128")),
            pairs(&[
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
                ("GDK_GL", "disable"),
                ("JSC_useJIT", "0"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/renderD128"),
            ])
        );
    }

    #[test]
    fn without_a_render_node_the_device_is_still_named_so_no_egl_is_opened_to_ask() {
        let p = planned(&[], None);
        assert!(p.contains(&("WEBKIT_WEB_RENDER_DEVICE_FILE".into(), "/dev/null".into())));
    }

    #[test]
    fn a_compositing_choice_leaves_everything_to_the_user() {
        assert!(planned(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "0")], None).is_empty());
        assert!(planned(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")], None).is_empty());
    }

    #[test]
    fn a_variable_set_empty_is_the_users_too() {
        let p = planned(
            &[("WEBKIT_WEB_RENDER_DEVICE_FILE", ""), ("JSC_useJIT", "")],
            None,
        );
        assert!(!p.iter().any(|(k, _)| k == "WEBKIT_WEB_RENDER_DEVICE_FILE"));
        assert!(!p.iter().any(|(k, _)| k == "JSC_useJIT"));
    }

    #[test]
    fn each_variable_the_user_set_is_kept() {
        let p = planned(
            &[
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "0"),
                ("GDK_GL", "gles"),
                ("JSC_useJIT", "1"),
                ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/renderD129"),
            ],
            Some("/dev/dri/renderD128"),
        );
        assert_eq!(p, pairs(&[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")]));
    }
}
