//! Comments on a take (issue 12), end to end with two apps on one server: Ada plays a
//! version, pins an issue at the playhead and a keeper over a range she drags; Bob sees both
//! pins within 2 s, clicks the issue's pin and the player goes there, replies and resolves
//! it; Ada sees the reply and the resolution within 2 s.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use rehearsalhub_e2e::{App, Options, Server, enabled, write_wav};

/// How soon a change made elsewhere must show.
const LIVE: Duration = Duration::from_secs(2);

/// Waits in the page for the player to play, then returns the position the open version's
/// view shows (or null after 10 s).
const FIRST_PLAYING_POSITION: &str = r#"
const done = arguments[arguments.length - 1];
const start = Date.now();
const tick = () => {
  const bar = document.querySelector("[data-testid='player-bar']");
  const pos = document.querySelector("[data-testid='view-position']");
  if (bar && bar.dataset.status === "playing" && pos) return done(Number(pos.dataset.positionMs));
  if (Date.now() - start > 10000) return done(null);
  setTimeout(tick, 5);
};
tick();
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_pinned_on_one_computer_is_played_answered_and_resolved_on_another() {
    if !enabled() {
        return;
    }
    let mut server = Server::start("comments");
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);

    let a = App::launch_opts(
        "comments_a",
        tempfile::tempdir().unwrap(),
        &[],
        Options::default(),
    )
    .await;
    a.sign_up_on(&server.url, "ada", "Ada Admin").await;
    a.create_band("Notes Band").await;
    let token = a.create_invite("Member").await;
    a.click("Done").await;
    let version = a.add_version("Notes Band", "Groove", &wav).await;

    let b = App::launch_opts(
        "comments_b",
        tempfile::tempdir().unwrap(),
        &[],
        Options::default(),
    )
    .await;
    b.sign_up_on(&server.url, "bob", "Bo Bass").await;
    b.paste_invite(&token).await;
    b.click("Join Notes Band").await;
    b.wait(Locator::XPath("//h1[normalize-space(.)='Notes Band']"))
        .await;
    // Bob has the version open before Ada says anything about it.
    b.click_test_id(&format!("open-{version}")).await;
    let view = format!("[data-testid='version-view-{version}']");
    b.wait(Locator::Css(&view)).await;

    // Ada opens it, plays it, and pins an issue at the playhead.
    a.click_test_id(&format!("open-{version}")).await;
    a.wait(Locator::Css(&view)).await;
    a.click_test_id("view-toggle").await;
    a.wait_player("playing").await;
    // One waveform per screen: the player bar shows a thin line while the version is open.
    a.wait(Locator::Css("[data-testid='player-progress']"))
        .await;
    let waves = a.client.find_all(Locator::Css(".waveform")).await.unwrap();
    assert_eq!(waves.len(), 1, "waveforms drawn beside the version view");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    a.click_test_id("comment-here").await;
    a.fill("Comment", "The bridge drags here").await;
    a.choose("Tag", "Issue").await;
    a.click_submit("Save comment").await;
    let issue_pin = a
        .wait(Locator::Css("[data-testid^='pin-'][data-tag='issue']"))
        .await;
    let issue_id = issue_pin.attr("data-testid").await.unwrap().unwrap()["pin-".len()..].to_owned();
    let issue_at: i64 = issue_pin
        .attr("data-at-ms")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        issue_at >= 1000,
        "pinned at the playhead, not the start: {issue_at}"
    );

    // A keeper over a range dragged across the waveform (from a quarter to the middle).
    let wave = a.wait(Locator::Css("[data-testid='big-waveform']")).await;
    let width = wave.rectangle().await.unwrap().2;
    let quarter = width / 4.0;
    let drag = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element: wave.clone(),
            duration: None,
            x: -quarter,
            y: 20.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: wave.clone(),
            duration: Some(Duration::from_millis(300)),
            x: 0.0,
            y: 20.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    a.client.perform_actions(drag).await.unwrap();
    a.wait(Locator::Css("[data-testid='selection']")).await;
    a.click_test_id("comment-here").await;
    a.fill("Comment", "Keep this part").await;
    a.choose("Tag", "Keeper").await;
    a.click_submit("Save comment").await;
    let keeper = a
        .wait(Locator::XPath(
            "//li[starts-with(@data-testid, 'comment-')][contains(@class, 'tag-keeper')]",
        ))
        .await;
    let range = keeper
        .find(Locator::Css("button.time"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(range.contains('–'), "the keeper covers a range: {range}");

    // Bob sees both pins, live.
    let bob_issue = b
        .wait_within(
            Locator::Css(&format!("[data-testid='pin-{issue_id}']")),
            LIVE,
        )
        .await;
    b.wait_within(
        Locator::Css("[data-testid^='pin-'][data-tag='keeper']"),
        LIVE,
    )
    .await;
    // His click plays from the comment's moment: the position shown when the player
    // starts (read in the page, so the time WebDriver takes does not count).
    b.press(&bob_issue).await.unwrap();
    let shown = b
        .client
        .execute_async(FIRST_PLAYING_POSITION, vec![])
        .await
        .unwrap()
        .as_i64()
        .expect("the player never started");
    assert!(
        (shown - issue_at).abs() <= 300,
        "the player is at {shown} ms, the comment at {issue_at} ms"
    );

    // He replies and resolves it.
    let item = format!("//li[@data-testid='comment-{issue_id}']");
    b.click_in(&item, "Reply").await;
    b.fill("Reply", "Agreed, slower next time").await;
    b.click_submit("Send reply").await;
    // Resolve is in the comment's "More actions" menu.
    b.click_test_id(&format!("actions-{issue_id}")).await;
    b.click("Resolve").await;
    b.wait(Locator::XPath(&format!("{item}[@data-resolved='true']")))
        .await;

    // Ada sees both within 2 s.
    a.wait_within(
        Locator::XPath(&format!(
            "{item}//li[contains(normalize-space(.), 'Agreed, slower next time')]"
        )),
        LIVE,
    )
    .await;
    a.wait_within(
        Locator::XPath(&format!("{item}[@data-resolved='true']")),
        LIVE,
    )
    .await;
    a.see("Resolved by Bo Bass").await;
    a.snapshot("version-view").await;
    b.click("Back to songs").await;
    b.snapshot("band-songs").await;

    a.quit().await;
    b.quit().await;
    server.stop();
}
