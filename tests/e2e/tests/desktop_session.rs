//! What needs a desktop session (D-Bus): the session token in a real keychain, and a second
//! launch handing its link to the running window.

use std::time::Duration;

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, app_bin, dbus_enabled, files_under};

/// Signed in once, the app opens signed in next time (the token is in the keychain, and
/// nowhere in the data directory); signing out forgets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_survives_a_restart_through_the_keychain() {
    if !dbus_enabled() {
        return;
    }
    let opts = Options {
        keychain: true,
        ..Options::default()
    };
    let app = App::launch_opts(
        "keychain_first",
        tempfile::tempdir().unwrap(),
        &[],
        opts.clone(),
    )
    .await;
    app.sign_up("kim", "Kim Keys").await;
    let page = app.client.source().await.unwrap();
    assert!(
        !page.contains("No keychain"),
        "the keychain works here, so no warning"
    );
    let dir = app.quit().await;
    // The token went to the keychain: the data directory holds the database, its lock,
    // audio, and `connection.json` (the place and the username only), and no other file.
    let connection: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("connection.json")).unwrap())
            .unwrap();
    assert_eq!(
        connection,
        serde_json::json!({ "place": { "kind": "this_computer" }, "username": "kim" })
    );
    for entry in files_under(dir.path()) {
        let rel = entry
            .strip_prefix(dir.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            rel.starts_with("rehearsalhub.db")
                || rel.starts_with("blobs")
                || rel == "connection.json",
            "unexpected file in the data directory: {rel}"
        );
    }

    let app = App::launch_opts("keychain_second", dir, &[], opts.clone()).await;
    app.signed_in_as("Kim Keys").await;
    app.sign_out().await;
    let dir = app.quit().await;

    let app = App::launch_opts("keychain_third", dir, &[], opts.clone()).await;
    app.field("Username").await;
    assert!(
        app.client
            .find(Locator::Css("[data-testid='account-menu']"))
            .await
            .is_err(),
        "signed out: no account menu"
    );
    app.quit().await;
}

/// A second launch with a `rehearsalhub://invite/…` link exits by itself and the running
/// window shows the Join preview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_launch_hands_its_link_to_the_running_window() {
    if !dbus_enabled() {
        return;
    }
    let opts = Options {
        data_dir_by_env: true,
        ..Options::default()
    };
    let app = App::launch_opts(
        "single_instance",
        tempfile::tempdir().unwrap(),
        &[],
        opts.clone(),
    )
    .await;
    app.sign_up("ole", "Ole Admin").await;
    app.create_band("Handoff").await;
    app.create_invite("Member").await;
    let link = app.value_of("invite-link").await;
    app.click("Done").await;

    let second = tokio::process::Command::new(app_bin())
        .arg(&link)
        .env("RH_DATA_DIR", app.data_dir.path())
        .env("RH_NO_KEYCHAIN", "1")
        .kill_on_drop(true)
        .status();
    let status = tokio::time::timeout(Duration::from_secs(30), second).await;
    match status {
        Ok(Ok(s)) => assert!(s.success(), "the second instance exits cleanly: {s}"),
        _ => app.fail("the second instance did not exit by itself").await,
    }
    app.wait(Locator::Css("[data-testid='invite-preview']"))
        .await;
    app.see("Handoff").await;
    app.quit().await;
}
