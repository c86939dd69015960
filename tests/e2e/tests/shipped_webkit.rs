//! The app with its own WebKit settings, as users run it on Linux (src-tauri/src/
//! webkit_env.rs): painted in software, no OpenGL in the app's own process, no JIT. The
//! other tests turn compositing back on for WebKitWebDriver's screenshots, which leaves
//! WebKit's defaults; this one takes no screenshot. It signs up, adds a version, comments on
//! it and reads the comment in the version view; then it checks that the app's own process
//! never loaded Mesa (20 MB of it did, through EGL and GLX probes) and that WebKit's web
//! process got the settings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, enabled, write_wav};

/// The app process started on `data_dir` (its command line names the folder).
fn app_pid(data_dir: &Path) -> Option<u32> {
    let needle = data_dir.to_string_lossy().to_string();
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid = e.file_name().to_string_lossy().parse::<u32>().ok()?;
        let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        (cmd.contains("rehearsalhub")
            && cmd.contains(&needle)
            && !cmd.contains("tauri-driver")
            && !cmd.contains("WebKit"))
        .then_some(pid)
    })
}

/// The children of `pid` whose name starts with `name`.
fn children_named(pid: u32, name: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            let parent = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse::<u32>().ok());
            let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            parent == Some(pid) && comm.starts_with(name)
        })
        .collect()
}

fn environ(pid: u32) -> Vec<String> {
    let raw = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
    raw.split(|b| *b == 0)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_as_shipped_works_painted_in_software_with_no_mesa_in_its_own_process() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 5);
    let opts = Options {
        shipped_webkit: true,
        ..Options::default()
    };
    let app = App::launch_opts("shipped_webkit", tempfile::tempdir().unwrap(), &[], opts).await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("Shipped Band").await;
    let version = app.add_version("Shipped Band", "Groove", &wav).await;
    app.invoke(
        "add_comment",
        serde_json::json!({ "version_id": version, "at_ms": 1500.0, "until_ms": null,
            "body": "The tempo drifts here", "tag": "issue" }),
    )
    .await;
    app.click_test_id(&format!("open-{version}")).await;
    app.wait(Locator::Css(&format!(
        "[data-testid='version-view-{version}']"
    )))
    .await;
    app.see("The tempo drifts here").await;

    let pid = app_pid(app.data_dir.path()).expect("the app's process");
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    for mesa in ["libLLVM", "_dri.so", "libEGL_mesa", "libGLX_mesa"] {
        assert!(
            !maps.contains(mesa),
            "the app's own process loaded {mesa}: some EGL or GLX probe is back"
        );
    }
    let web = children_named(pid, "WebKitWebProces");
    assert_eq!(web.len(), 1, "one web process under the app");
    let env = environ(web[0]);
    for setting in [
        "WEBKIT_DISABLE_COMPOSITING_MODE=1",
        "WEBKIT_DISABLE_DMABUF_RENDERER=1",
        "GDK_GL=disable",
        "JSC_useJIT=0",
    ] {
        assert!(
            env.iter().any(|v| v == setting),
            "the web process runs without {setting}"
        );
    }
    app.quit().await;
}
