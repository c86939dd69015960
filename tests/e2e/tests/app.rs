//! The desktop app end to end, through WebDriver (issue 3's scenarios).

use fantoccini::Locator;
use rehearsalhub_e2e::{App, enabled};

/// Admin creates a band and an invite, copies the token; a second user pastes it, sees
/// the preview, joins, and sees the band and its members. Then (2) that member's invite
/// list: statuses, no token, no create or revoke controls.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_invite_round_trip_and_member_view() {
    if !enabled() {
        return;
    }
    let app = App::launch("token_invite_round_trip").await;
    app.sign_up("ada", "Ada Admin").await;
    app.create_band("The Tuesdays").await;
    let token = app.create_invite("Member").await;
    app.click("Copy token").await;
    app.see("Token copied.").await;
    app.click("Done").await;
    app.sign_out().await;

    app.sign_up("bob", "Bo Bass").await;
    app.paste_invite(&token).await;
    app.wait(Locator::Css("[data-testid='invite-preview']"))
        .await;
    app.see("The Tuesdays").await;
    assert_eq!(
        app.text_of(Locator::Css("[data-testid='preview-role']"))
            .await,
        "member"
    );
    assert_eq!(
        app.text_of(Locator::Css("[data-testid='preview-status']"))
            .await,
        "pending"
    );
    app.click("Join The Tuesdays").await;
    app.wait(Locator::XPath("//h1[normalize-space(.)='The Tuesdays']"))
        .await;
    app.tab("Members").await;
    app.wait(Locator::Css("[data-testid='member-ada']")).await;
    app.wait(Locator::Css("[data-testid='member-bob']")).await;

    // (2) The member's view of the invites: rendered, statuses, no token, no controls.
    app.tab("Invites").await;
    app.wait(Locator::Css("[data-testid='invite-row']")).await;
    let statuses = app.texts("invite-status").await;
    assert_eq!(statuses, vec!["Used".to_owned()], "one used invite");
    let page = app.client.source().await.unwrap();
    assert!(
        !page.contains(&token),
        "a member's page never shows a token"
    );
    assert!(
        !app.has_button("Create invite").await,
        "members cannot create invites"
    );
    assert!(!app.has_button("Revoke").await, "members cannot revoke");
    assert!(
        app.client
            .find(Locator::XPath("//*[@role='alert']"))
            .await
            .is_err(),
        "no error shown"
    );
    app.quit().await;
}

/// (3) Revoked, used and garbage tokens each get their own message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_used_and_invalid_tokens() {
    if !enabled() {
        return;
    }
    let app = App::launch("revoked_used_invalid").await;
    app.sign_up("cyd", "Cy Admin").await;
    app.create_band("Garage").await;
    let used = app.create_invite("Member").await;
    app.click("Done").await;
    let revoked = app.create_invite("Admin").await;
    app.click("Done").await;
    app.click("Revoke").await; // the newest invite is listed first
    app.click("Yes, revoke").await;
    app.see("Revoked").await;
    app.sign_out().await;

    app.sign_up("dee", "Dee Drums").await;
    app.paste_invite(&used).await;
    app.click("Join Garage").await;
    app.wait(Locator::XPath("//h1[normalize-space(.)='Garage']"))
        .await;
    app.sign_out().await;

    app.sign_up("eve", "Eve Keys").await;
    app.paste_invite(&revoked).await;
    app.see_alert("This invite was revoked.").await;
    app.paste_invite(&used).await;
    app.see_alert("This invite has already been used.").await;
    app.paste_invite("this is not a token at all").await;
    app.see_alert("This is not an invite token or link.").await;
    let stranger = "A".repeat(43);
    app.paste_invite(&stranger).await;
    app.see_alert("This invite is not valid.").await;
    app.quit().await;
}

/// (4) Direct invite: the admin finds a registered user, who accepts from the inbox.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_invite_through_the_inbox() {
    if !enabled() {
        return;
    }
    let app = App::launch("direct_invite").await;
    app.sign_up("fay", "Fay Fiddle").await;
    app.sign_out().await;
    app.sign_up("gus", "Gus Admin").await;
    app.create_band("Strings").await;
    app.tab("Invites").await;
    app.fill("Find a registered user", "fa").await;
    app.click("Invite fay").await;
    app.see("Invitation sent.").await;
    app.sign_out().await;

    app.sign_in("fay", "Fay Fiddle").await;
    let badge = app.wait(Locator::Css("[data-testid='inbox-count']")).await;
    assert_eq!(badge.text().await.unwrap(), "1");
    app.click("Invitations1").await;
    app.see("Gus Admin invites you as member").await;
    app.click("Accept").await;
    app.wait(Locator::XPath("//h1[normalize-space(.)='Strings']"))
        .await;
    app.tab("Members").await;
    app.wait(Locator::Css("[data-testid='member-fay']")).await;
    app.quit().await;
}

/// (5) Remove a member and change a role from the band page; the last admin cannot leave.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manage_members_and_last_admin() {
    if !enabled() {
        return;
    }
    let app = App::launch("manage_members").await;
    app.sign_up("hal", "Hal Admin").await;
    app.create_band("Horns").await;
    let t1 = app.create_invite("Member").await;
    app.click("Done").await;
    let t2 = app.create_invite("Member").await;
    app.click("Done").await;
    app.sign_out().await;
    for (user, name, token) in [("ivy", "Ivy Sax", &t1), ("jon", "Jon Tuba", &t2)] {
        app.sign_up(user, name).await;
        app.paste_invite(token).await;
        app.click("Join Horns").await;
        app.wait(Locator::XPath("//h1[normalize-space(.)='Horns']"))
            .await;
        app.sign_out().await;
    }
    app.sign_in("hal", "Hal Admin").await;
    app.open_band("Horns").await;
    app.tab("Members").await;
    app.click("Make Ivy Sax an admin").await;
    app.wait(Locator::XPath("//tr[@data-testid='member-ivy']/td[@data-testid='member-role'][normalize-space(.)='admin']")).await;
    app.click("Remove Jon Tuba").await;
    app.see("Remove Jon Tuba from Horns?").await;
    app.click("Yes, remove").await;
    let deadline = std::time::Instant::now() + rehearsalhub_e2e::WAIT;
    while app
        .client
        .find(Locator::Css("[data-testid='member-jon']"))
        .await
        .is_ok()
    {
        assert!(std::time::Instant::now() < deadline, "Jon is still listed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Ivy steps down again; Hal is then the last admin and cannot leave.
    app.click("Make Ivy Sax a member").await;
    app.wait(Locator::XPath("//tr[@data-testid='member-ivy']/td[@data-testid='member-role'][normalize-space(.)='member']")).await;
    app.click("Leave band").await;
    app.click("Yes, leave").await;
    app.see_alert("A band needs at least one admin").await;
    app.wait(Locator::XPath("//h1[normalize-space(.)='Horns']"))
        .await;
    app.quit().await;
}

/// (6) Two app instances at once, each with its own driver and data directory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_side_by_side() {
    if !enabled() {
        return;
    }
    let (a, b) = tokio::join!(App::launch("instance_a"), App::launch("instance_b"));
    tokio::join!(a.sign_up("kai", "Kai A"), b.sign_up("lea", "Lea B"));
    tokio::join!(a.create_band("Band A"), b.create_band("Band B"));
    a.click("My bands").await;
    b.click("My bands").await;
    a.see("Band A").await;
    b.see("Band B").await;
    let a_page = a.client.source().await.unwrap();
    assert!(!a_page.contains("Band B"), "instances do not share data");
    assert_ne!(a.data_dir.path(), b.data_dir.path());
    tokio::join!(a.quit(), b.quit());
}

/// Deep links: started with `rehearsalhub://invite/<token>`, the app shows the Join
/// preview once signed in, and redeems nothing by itself; a broken link shows an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_link_opens_the_join_preview() {
    if !enabled() {
        return;
    }
    let app = App::launch("deep_link_setup").await;
    app.sign_up("max", "Max Admin").await;
    app.create_band("Linked").await;
    let token = app.create_invite("Member").await;
    let link = app.value_of("invite-link").await;
    assert_eq!(link, format!("rehearsalhub://invite/{token}"));
    app.click("Done").await;
    let dir = app.quit().await;

    let app = App::launch_with("deep_link_open", dir, &[&link]).await;
    app.sign_up("nia", "Nia Newcomer").await;
    app.wait(Locator::Css("[data-testid='invite-preview']"))
        .await;
    app.see("Linked").await;
    assert_eq!(
        app.text_of(Locator::Css("[data-testid='preview-status']"))
            .await,
        "pending"
    );
    let bands = app.invoke("list_my_bands", serde_json::json!({})).await;
    assert_eq!(
        bands,
        serde_json::json!([]),
        "nothing is redeemed without the Join click"
    );
    let dir = app.quit().await;

    let app = App::launch_with(
        "deep_link_broken",
        dir,
        &["rehearsalhub://invite/not-a-real-token"],
    )
    .await;
    app.sign_in("nia", "Nia Newcomer").await;
    app.see_alert("This is not an invite token or link.").await;
    app.quit().await;
}
