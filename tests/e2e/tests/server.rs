//! Bands across machines (issue 5), end to end: a `rehearsalhub-server` on 127.0.0.1 (on
//! PostgreSQL when `DATABASE_URL` names one, as in `scripts/test.sh`) and two app
//! instances, each with its own data directory, connected to it as different users.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use fantoccini::Locator;
use rehearsalhub_e2e::{
    App, Options, PortHold, Server, enabled, files_under, keychain_available, write_wav,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_made_on_one_computer_is_redeemed_on_another_and_b_hears_a() {
    if !enabled() {
        return;
    }
    let server = Server::start("cross");
    let place = format!("on {}/", server.url);
    let opts = Options {
        keychain: keychain_available(),
        ..Options::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("groove.wav");
    write_wav(&wav, 12);

    // Computer A: Ada signs up on the server, creates the band, uploads, invites.
    let a = App::launch_opts("cross_a", tempfile::tempdir().unwrap(), &[], opts.clone()).await;
    a.sign_up_on(&server.url, "ada", "Ada Admin").await;
    a.see(&place).await;
    a.create_band("Across Town").await;
    let version = a.add_version("Across Town", "Groove", &wav).await;
    let token = a.create_invite("Member").await;
    a.click("Done").await;
    a.tab("Members").await;
    a.wait(Locator::Css("[data-testid='member-ada']")).await;
    assert!(
        a.client
            .find(Locator::Css("[data-testid='member-bob']"))
            .await
            .is_err(),
        "Bob is not a member yet"
    );
    // Nothing of the band is in A's own data directory: it lives on the server.
    assert_eq!(
        files_under(&a.data_dir.path().join("blobs")),
        Vec::<PathBuf>::new()
    );

    // Computer B: Bob signs up on the same server and redeems the token.
    let b = App::launch_opts("cross_b", tempfile::tempdir().unwrap(), &[], opts.clone()).await;
    b.sign_up_on(&server.url, "bob", "Bo Bass").await;
    b.paste_invite(&token).await;
    b.click("Join Across Town").await;
    b.wait(Locator::XPath("//h1[normalize-space(.)='Across Town']"))
        .await;
    b.click("My bands").await;
    b.wait(Locator::XPath("//button[normalize-space(.)='Across Town']"))
        .await;

    // A's member list shows Bob once the page is read again.
    a.open_band("Across Town").await;
    a.tab("Members").await;
    a.wait(Locator::Css("[data-testid='member-bob']")).await;

    // B plays the version A uploaded: downloaded into B's cache, verified, then played.
    b.open_band("Across Town").await;
    let row = format!("//li[@data-testid='version-{version}']");
    b.click_in(&row, "Play").await;
    b.wait_player("playing").await;
    let cache = b.data_dir.path().join("cache");
    let cached = files_under(&cache);
    assert_eq!(cached.len(), 1, "one downloaded file: {cached:?}");
    let name = cached[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()),
        "the cached file is named by its SHA-256: {name}"
    );
    assert_eq!(
        std::fs::metadata(&cached[0]).unwrap().len(),
        std::fs::metadata(&wav).unwrap().len()
    );
    // `<cache>/http_<host>_<port>-<hash>/u-bob/<band>/<sha256>`: per server, per user.
    let parts: Vec<String> = cached[0]
        .strip_prefix(&cache)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let server_folder = format!(
        "http_{}-",
        server.url.trim_start_matches("http://").replace(':', "_")
    );
    assert!(
        parts.len() == 4 && parts[0].starts_with(&server_folder) && parts[1] == "u-bob",
        "the cache is per server and user: {}",
        cached[0].display()
    );
    let inode = std::fs::metadata(&cached[0]).unwrap().ino();
    let state = b.invoke("player_state", serde_json::json!({})).await;
    assert_eq!(state["track"]["version_id"], version);

    // Played again, the cached file is reused, not downloaded anew.
    b.click("Stop").await;
    b.wait_player("stopped").await;
    b.click_in(&row, "Play").await;
    b.wait_player("playing").await;
    assert_eq!(files_under(&cache), cached);
    assert_eq!(std::fs::metadata(&cached[0]).unwrap().ino(), inode);

    // Leaving the band stops it and deletes its downloads.
    b.tab("Members").await;
    b.click("Leave band").await;
    b.click("Yes, leave").await;
    b.see_alert("You left the band.").await;
    b.wait_player("stopped").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !files_under(&cache).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the band's audio is still cached: {:?}",
            files_under(&cache)
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // The inbox works through the server too: Ada invites Bob directly, Bob accepts.
    a.tab("Invites").await;
    a.fill("Find a registered user", "bo").await;
    a.click("Invite bob").await;
    a.see("Invitation sent.").await;
    let inbox = b
        .wait(Locator::XPath(
            "//nav//button[starts-with(normalize-space(.), 'Invitations')]",
        ))
        .await;
    b.press(&inbox).await.unwrap();
    b.see("Ada Admin invites you as member").await;
    b.click("Accept").await;
    b.wait(Locator::XPath("//h1[normalize-space(.)='Across Town']"))
        .await;
    b.tab("Members").await;
    b.wait(Locator::Css("[data-testid='member-bob']")).await;

    // With a keychain, B's session on the server survives a restart (it is saved under
    // the server and the user, beside Ada's on the same keychain).
    if keychain_available() {
        let dir = b.quit().await;
        let b = App::launch_opts("cross_b_again", dir, &[], opts).await;
        b.signed_in_as("Bo Bass").await;
        b.see(&place).await;
        b.quit().await;
    } else {
        b.quit().await;
    }
    a.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_is_down_is_said_and_try_again_connects_once_it_is_up() {
    if !enabled() {
        return;
    }
    let (port, hold) = PortHold::new();
    let address = format!("127.0.0.1:{port}");
    let opts = Options {
        keychain: keychain_available(),
        ..Options::default()
    };
    let app = App::launch_opts(
        "server_down",
        tempfile::tempdir().unwrap(),
        &[],
        opts.clone(),
    )
    .await;
    app.click("Create account").await;
    app.choose_server(&address).await;
    app.fill("Username", "cleo").await;
    app.fill("Password", rehearsalhub_e2e::PASSWORD).await;
    app.click_submit("Create account").await;
    app.see_alert(&format!("Cannot reach the server at {address}"))
        .await;
    // The window still answers: the form is there to correct.
    app.fill("Display name (optional)", "Cleo Cello").await;

    hold.release();
    let mut server = Server::start_on("server_down", &address);
    app.click("Try again").await;
    app.signed_in_as("Cleo Cello").await;
    app.see(&format!("on {}/", server.url)).await;

    // Reopened while the server is down: the app starts, says so, and keeps the server
    // chosen; once the server is back, Try again picks the saved session up (with a
    // keychain) or clears the message.
    server.stop();
    let hold = PortHold::again(port);
    let dir = app.quit().await;
    let app = App::launch_opts("server_down_again", dir, &[], opts).await;
    app.see_alert(&format!("Cannot reach the server at {address}"))
        .await;
    let chosen = app
        .wait(Locator::XPath(
            "//label[normalize-space(.)='A server']/input[@type='radio']",
        ))
        .await;
    assert_eq!(
        chosen.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        app.field("Server address")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some(format!("http://{address}/"))
    );
    hold.release();
    server.restart("server_down_again");
    app.click("Try again").await;
    if keychain_available() {
        app.signed_in_as("Cleo Cello").await;
    } else {
        app.wait_gone(Locator::XPath("//*[@role='alert']")).await;
        app.field("Username").await;
    }
    app.quit().await;
}
