//! The app as a user installs it. `scripts/package-test.sh` installs the `.deb` with
//! `apt-get`, then runs this with `RH_PACKAGED=1`, `RH_APP_BIN=/usr/bin/rehearsalhub` and
//! `RH_PACKAGE_HOME` (the home the app keeps its data in, checked again after removal).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, app_bin, dbus_enabled};

/// Started as the menu starts it, the installed app reaches its sign-in screen and says
/// its version; a `rehearsalhub://invite/…` link opened with `xdg-open` (as a browser or
/// a chat opens it) reaches that running app, which shows the Join preview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_app_starts_and_opens_invite_links_from_xdg_open() {
    if std::env::var("RH_PACKAGED").as_deref() != Ok("1") {
        eprintln!("RH_PACKAGED is not 1: the package is not installed; skipping");
        return;
    }
    assert!(
        dbus_enabled(),
        "a D-Bus session carries the link to the running app"
    );
    let home = std::env::var("RH_PACKAGE_HOME").expect("RH_PACKAGE_HOME");
    let printed = std::process::Command::new(app_bin())
        .arg("--version")
        .output()
        .expect("the installed app runs");
    let version = String::from_utf8(printed.stdout).unwrap();
    let version = version
        .trim()
        .strip_prefix("rehearsalhub ")
        .expect("a version");

    let opts = Options {
        platform_data_dir: true,
        env: vec![("HOME".into(), home.clone())],
        env_remove: vec!["XDG_DATA_HOME".into(), "XDG_CONFIG_HOME".into()],
        ..Options::default()
    };
    let app = App::launch_opts("package", tempfile::tempdir().unwrap(), &[], opts).await;
    eprintln!("launch of the installed app: {:?}", app.launch_time);
    app.wait(Locator::XPath(
        "//button[normalize-space(.)='Create account']",
    ))
    .await;
    app.see(&format!("RehearsalHub {version}")).await;
    app.snapshot("package_sign_in").await;

    app.sign_up("pia", "Pia Piano").await;
    app.account("About").await;
    assert_eq!(
        app.text_of(Locator::Css("[data-testid='app-version']"))
            .await,
        version
    );
    app.snapshot("package_about").await;
    app.create_band("Installed").await;
    app.create_invite("Member").await;
    let link = app.value_of("invite-link").await;
    app.click("Done").await;
    app.click("Join a band").await;

    let opened = tokio::process::Command::new("xdg-open")
        .arg(&link)
        .env("HOME", &home)
        .kill_on_drop(true)
        .status();
    match tokio::time::timeout(Duration::from_secs(30), opened).await {
        Ok(Ok(s)) => assert!(s.success(), "xdg-open: {s}"),
        _ => app.fail("xdg-open did not hand the link over").await,
    }
    app.wait(Locator::Css("[data-testid='invite-preview']"))
        .await;
    app.see("Installed").await;
    app.snapshot("package_join_preview").await;
    app.quit().await;
}
