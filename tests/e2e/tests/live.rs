//! Live changes (issue 11), end to end: what one member does shows on the others' open
//! screens within 2 s, with no click: two apps on one server, and one app on this computer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, Server, enabled, write_wav};

/// How soon a change made elsewhere must show.
const LIVE: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_computers_see_each_others_changes_within_two_seconds() {
    if !enabled() {
        return;
    }
    let mut server = Server::start("live");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);

    let b = App::launch_opts(
        "live_b",
        tempfile::tempdir().unwrap(),
        &[],
        Options::default(),
    )
    .await;
    b.sign_up_on(&server.url, "bob", "Bo Bass").await;
    b.click("Invitations").await;
    b.see("No invitations right now").await;

    let a = App::launch_opts(
        "live_a",
        tempfile::tempdir().unwrap(),
        &[],
        Options::default(),
    )
    .await;
    a.sign_up_on(&server.url, "ada", "Ada Admin").await;
    a.create_band("Live Band").await;

    let token = a.create_invite("Member").await;
    a.click("Done").await;

    // A direct invite reaches Bob's open inbox, and its count, with no click.
    a.fill("Find a registered user", "bo").await;
    a.click("Invite bob").await;
    a.see("Invitation sent.").await;
    b.wait_within(
        Locator::XPath("//*[contains(normalize-space(.), 'Ada Admin invites you as member')]"),
        LIVE,
    )
    .await;
    b.wait_within(Locator::Css("[data-testid='inbox-count']"), LIVE)
        .await;

    // Bob redeems the token invite: Ada's open member list shows him.
    a.tab("Members").await;
    b.paste_invite(&token).await;
    b.click("Join Live Band").await;
    b.wait(Locator::XPath("//h1[normalize-space(.)='Live Band']"))
        .await;
    a.wait_within(Locator::Css("[data-testid='member-bob']"), LIVE)
        .await;

    // Ada uploads a version: Bob's open song list shows it.
    let version = a.add_version("Live Band", "Groove", &wav).await;
    let row = format!("//li[@data-testid='version-{version}']");
    b.wait_within(Locator::XPath(&row), LIVE).await;

    // Ada sets the song's details; Bob's open list shows them, in the core's spelling.
    a.click("Edit details").await;
    a.choose("Status", "Ready").await;
    a.fill("Key", "am").await;
    a.fill("Tempo (BPM)", "96").await;
    a.fill("Tags", "Ballad, live").await;
    a.click_submit("Save details").await;
    let key = "//*[@data-testid='song-key' and normalize-space(.)='A minor']";
    b.wait_within(Locator::XPath(key), LIVE).await;
    b.wait_within(
        Locator::XPath("//*[@data-testid='song-bpm' and normalize-space(.)='96 BPM']"),
        LIVE,
    )
    .await;
    assert_eq!(b.texts("song-tag").await, ["ballad", "live"]);
    assert_eq!(b.texts("song-status").await, ["Ready"]);

    // Bob plays it; Ada removes him: his page says so and the music stops.
    b.click_in(&row, "Play").await;
    b.wait_player("playing").await;
    a.tab("Members").await;
    a.click("Remove Bo Bass").await;
    a.click("Yes, remove").await;
    b.wait_within(
        Locator::XPath(
            "//main//*[@role='alert'][normalize-space(.)='You are no longer a member of this band.']",
        ),
        LIVE,
    )
    .await;
    let deadline = std::time::Instant::now() + LIVE;
    while b.player_status().await != "stopped" {
        assert!(
            std::time::Instant::now() < deadline,
            "Bob's playback of the band did not stop within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The server goes away: the header says Offline; back, the band's page is current again.
    server.stop();
    a.wait(Locator::Css("[data-testid='offline']")).await;
    server.restart("live");
    a.wait_gone(Locator::Css("[data-testid='offline']")).await;
    b.quit().await;
    a.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_activity_list_shows_each_change_with_no_reload() {
    if !enabled() {
        return;
    }
    let app = App::launch("live_here").await;
    // Three accounts on this computer: Bob and Cleo first, then Ada, who runs the band.
    app.sign_up("bob", "Bo Bass").await;
    app.sign_out().await;
    app.sign_up("cleo", "Cleo Cello").await;
    app.sign_out().await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("Here Band").await;
    app.tab("Invites").await;
    app.fill("Find a registered user", "bo").await;
    app.click("Invite bob").await;
    app.see("Invitation sent.").await;
    app.sign_out().await;
    app.sign_in("bob", "Bo Bass").await;
    let inbox = app
        .wait(Locator::XPath(
            "//nav//button[starts-with(normalize-space(.), 'Invitations')]",
        ))
        .await;
    app.press(&inbox).await.unwrap();
    app.click("Accept").await;
    app.wait(Locator::XPath("//h1[normalize-space(.)='Here Band']"))
        .await;
    app.sign_out().await;
    app.sign_in("ada", "Ada Admin").await;
    app.open_band("Here Band").await;
    let entry = |what: &str| {
        format!("//ol[contains(@class, 'activity')]/li[contains(normalize-space(.), '{what}')]")
    };

    // Each change shows in the log (its own tab, read when opened).
    app.tab("Members").await;
    app.click("Make Bo Bass an admin").await;
    app.tab("Activity").await;
    app.wait_within(Locator::XPath(&entry("role changed (Bo Bass)")), LIVE)
        .await;
    // A token invite, then its revoke.
    app.create_invite("Member").await;
    app.click("Done").await;
    app.click("Revoke").await;
    app.click("Yes, revoke").await;
    app.tab("Activity").await;
    app.wait_within(Locator::XPath(&entry("invite created")), LIVE)
        .await;
    app.wait_within(Locator::XPath(&entry("invite revoked")), LIVE)
        .await;
    // A direct invite made while the log is open shows there without a click.
    let band = app.invoke("list_my_bands", serde_json::json!({})).await[0]["id"].clone();
    let cleo = app
        .invoke(
            "search_non_members",
            serde_json::json!({ "band_id": band, "q": "cl" }),
        )
        .await[0]["id"]
        .clone();
    app.invoke(
        "create_invite",
        serde_json::json!({ "band_id": band, "invitee_id": cleo, "role": "member", "expires_in_hours": 72 }),
    )
    .await;
    app.wait_within(Locator::XPath(&entry("invite created (Cleo Cello)")), LIVE)
        .await;
    app.quit().await;
}
