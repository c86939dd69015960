//! How the app looks: every screen checked with axe-core in the light and the dark theme
//! (serious and critical violations fail, colour contrast included; all are written to
//! `target/e2e-logs/axe-report.{json,txt}`), the main screens checked to fit an 800×600
//! window, transitions under 150 ms and none when the desktop asks for reduced motion,
//! nothing moving when lists arrive (`motion.rs`), and with `RH_SCREENSHOTS=<dir>` screenshots of every screen and theme at
//! 1100×760 and 1600×1000 (`scripts/screenshots.sh` puts them in `docs/screenshots`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod axe;
mod layout;
mod motion;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use rehearsalhub_e2e::{App, PASSWORD, enabled, write_wav};
use serde_json::json;

/// One app walked through every screen, with what axe said about each.
struct Tour {
    app: App,
    axe: String,
    shots: Option<PathBuf>,
    theme: &'static str,
    findings: Vec<axe::Finding>,
}

impl Tour {
    /// Checks the screen shown now (and takes its screenshots when asked to).
    async fn look(&mut self, screen: &str) {
        // Colours may fade in after a change; axe reads them as they are painted.
        tokio::time::sleep(Duration::from_millis(300)).await;
        layout::frames(&self.app).await;
        let theme = self
            .app
            .client
            .execute("return document.documentElement.dataset.theme;", vec![])
            .await
            .unwrap();
        if theme.as_str() != Some(self.theme) {
            self.app
                .fail(&format!(
                    "{screen}: <html data-theme> is {theme}, not {}",
                    self.theme
                ))
                .await;
        }
        let (violations, undecided) = axe::check(&self.app, &self.axe).await;
        eprintln!(
            "axe: {screen} [{}]: {} violations",
            self.theme,
            violations.len()
        );
        self.findings.push(axe::Finding {
            screen: screen.to_owned(),
            theme: self.theme.to_owned(),
            violations,
            undecided,
        });
        if let Some(dir) = &self.shots {
            layout::screenshots(&self.app, dir, screen, self.theme).await;
        }
    }

    /// Chooses `label` ("Light", "Dark", "Match the system") in Settings.
    async fn choose_theme(&self, label: &str) {
        let app = &self.app;
        app.account("Settings").await;
        let radio = app
            .wait(Locator::XPath(&format!(
                "//fieldset[legend[normalize-space(.)='Theme']]//label[normalize-space(.)='{label}']"
            )))
            .await;
        if let Err(e) = app.press(&radio).await {
            app.fail(&format!("choosing the {label} theme: {e}")).await;
        }
        if label != "Match the system" {
            let theme = label.to_lowercase();
            app.wait(Locator::Css(&format!("html[data-theme='{theme}']")))
                .await;
        }
    }

    /// Settings, About, then signed out: the sign-in and create-account forms; then signs up
    /// `username` (a new account, so its band list starts empty).
    async fn account_screens(&mut self, username: &str, display: &str) {
        let label = if self.theme == "light" {
            "Light"
        } else {
            "Dark"
        };
        self.choose_theme(label).await;
        self.look("settings").await;
        self.app.account("About").await;
        self.app
            .wait(Locator::Css("[data-testid='app-version']"))
            .await;
        self.look("about").await;
        self.app.sign_out().await;
        self.look("sign-in").await;
        self.app.click("Create account").await;
        self.app.field("Display name (optional)").await;
        self.look("create-account").await;
        self.app.fill("Username", username).await;
        self.app.fill("Password", PASSWORD).await;
        self.app.fill("Display name (optional)", display).await;
        self.app.click_submit("Create account").await;
        self.app.signed_in_as(display).await;
        self.app.click("My bands").await;
        self.app.field("Band name").await;
        self.look("bands-empty").await;
    }

    /// My bands with a band, and the band page's tabs, the delete confirmation and the
    /// invite-created dialog; returns the version's id and the invite's token.
    async fn band_screens(&mut self, band: &str, wav: &Path) -> (i64, String) {
        let app = &self.app;
        app.create_band(band).await;
        app.click("My bands").await;
        app.wait(Locator::XPath(&format!(
            "//button[normalize-space(.)='{band}']"
        )))
        .await;
        self.look("bands").await;
        let app = &self.app;
        app.open_band(band).await;
        let version = app.add_version(band, "Groove", wav).await;
        app.click("Edit details").await;
        app.fill("Key", "F#m").await;
        app.fill("Tempo (BPM)", "104").await;
        app.fill("Tags", "funk, live").await;
        app.fill("Notes", "Horns come in on the second chorus.")
            .await;
        self.look("song-details").await;
        self.app.click_submit("Save details").await;
        self.app
            .wait(Locator::XPath(
                "//*[@data-testid='song-key' and normalize-space(.)='F♯ minor']",
            ))
            .await;
        self.look("band-songs").await;
        let row = format!("//*[@data-testid='version-{version}']");
        self.app.click_in(&row, "Delete").await;
        self.app
            .wait(Locator::XPath("//button[normalize-space(.)='Cancel']"))
            .await;
        self.look("delete-confirm").await;
        self.app.click("Cancel").await;
        self.app.tab("Members").await;
        self.look("band-members").await;
        let token = self.app.create_invite("Member").await;
        self.look("invite-created").await;
        self.app.click("Done").await;
        self.look("band-invites").await;
        self.app.tab("Activity").await;
        self.look("band-activity").await;
        (version, token)
    }

    /// The version view with comments and a reply, its comment actions menu, and the
    /// keyboard shortcuts overlay.
    async fn version_screens(&mut self, version: i64) {
        let issue = comment_on(&self.app, version).await;
        self.app.tab("Songs").await;
        self.app.click_test_id(&format!("open-{version}")).await;
        self.app
            .wait(Locator::Css(&format!("[data-testid='reply-{}']", issue.1)))
            .await;
        self.look("version").await;
        self.app
            .click_test_id(&format!("actions-{}", issue.0))
            .await;
        self.app.wait(Locator::Css("[role='menu']")).await;
        self.look("version-actions-menu").await;
        // Escape where the focus is: on the menu's first item.
        if let Ok(focused) = self.app.client.active_element().await {
            let _ = focused
                .send_keys(&char::from(Key::Escape).to_string())
                .await;
        }
        if self
            .app
            .client
            .find(Locator::Css("[role='menu']"))
            .await
            .is_ok()
        {
            // Escape went to the page, not the menu: the trigger closes it too.
            self.app
                .click_test_id(&format!("actions-{}", issue.0))
                .await;
        }
        self.app.wait_gone(Locator::Css("[role='menu']")).await;
        self.app.press_on_body("?").await;
        let dialog = "//*[@role='dialog'][contains(normalize-space(.), 'Keyboard shortcuts')]";
        self.app.wait(Locator::XPath(dialog)).await;
        self.look("shortcuts").await;
        self.app.click_in(dialog, "Close").await;
        self.app.wait_gone(Locator::XPath(dialog)).await;
    }

    /// The join preview of `token` and the inbox.
    async fn join_screens(&mut self, token: &str) {
        self.app.paste_invite(token).await;
        self.app
            .wait(Locator::XPath(
                "//*[@data-testid='invite-preview' or @role='alert']",
            ))
            .await;
        self.look("join-preview").await;
        self.app.click("Invitations").await;
        self.app.see("No invitations right now").await;
        self.look("invitations").await;
    }
}

/// Adds an issue with a reply, a keeper over a range and a suggestion to `version`, as the
/// UI would; returns the issue's and the reply's ids.
async fn comment_on(app: &App, version: i64) -> (i64, i64) {
    let add = |at: i64, until: Option<i64>, body: &str, tag: &str| json!({ "version_id": version, "at_ms": at, "until_ms": until, "body": body, "tag": tag });
    let issue = app
        .invoke(
            "add_comment",
            add(2000, None, "The bridge drags here", "issue"),
        )
        .await;
    app.invoke(
        "add_comment",
        add(5000, Some(9000), "Keep this part", "keeper"),
    )
    .await;
    app.invoke(
        "add_comment",
        add(12_000, None, "Try the last chorus slower", "suggestion"),
    )
    .await;
    let issue = issue["id"].as_i64().unwrap();
    let reply = app
        .invoke(
            "reply_to_comment",
            json!({ "comment_id": issue, "body": "Agreed, slower next time" }),
        )
        .await;
    (issue, reply["id"].as_i64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_the_light_and_the_dark_theme() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);
    let app = App::launch("look_axe").await;
    layout::resize(&app, layout::NORMAL.0, layout::NORMAL.1).await;
    app.sign_up("lee", "Lee Look").await;
    let mut tour = Tour {
        app,
        axe: axe::source(),
        shots: layout::screenshot_dir(),
        theme: "light",
        findings: Vec::new(),
    };
    for (theme, user, display) in [("light", "lia", "Lia Light"), ("dark", "dan", "Dan Dark")] {
        tour.theme = theme;
        tour.account_screens(user, display).await;
        let band = format!("{display} Band");
        let (version, token) = tour.band_screens(&band, &wav).await;
        tour.version_screens(version).await;
        tour.join_screens(&token).await;
    }
    // The theme is kept in the webview's storage, which other tests may share.
    tour.choose_theme("Match the system").await;
    axe::write(&tour.findings);
    print!("{}", axe::summary(&tour.findings));
    tour.app.quit().await;
    let blocking = axe::blocking_report(&tour.findings);
    assert!(
        blocking.is_empty(),
        "{} serious or critical axe violations (all in target/e2e-logs/axe-report.txt):\n{}",
        blocking.len(),
        blocking.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_screens_fit_800x600_and_1100x760() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);
    let app = App::launch("look_layout").await;
    app.sign_up("lou", "Lou Layout-With-A-Rather-Long-Name")
        .await;
    let band = "A Band With A Fairly Long Name For A Small Window";
    app.create_band(band).await;
    let version = app.add_version(band, "Groove", &wav).await;
    comment_on(&app, version).await;
    let mut misfits = Vec::new();
    for (w, h) in [(800, 600), layout::NORMAL] {
        layout::resize(&app, w, h).await;
        app.click("My bands").await;
        app.field("Band name").await;
        for m in layout::misfits(&app).await {
            misfits.push(format!("{w}x{h} my bands: {m}"));
        }
        app.snapshot(&format!("look-bands-{w}x{h}")).await;
        app.open_band(band).await;
        for m in layout::misfits(&app).await {
            misfits.push(format!("{w}x{h} band page: {m}"));
        }
        app.snapshot(&format!("look-band-{w}x{h}")).await;
        app.click_test_id(&format!("open-{version}")).await;
        app.wait(Locator::Css(&format!(
            "[data-testid='version-view-{version}']"
        )))
        .await;
        for m in layout::misfits(&app).await {
            misfits.push(format!("{w}x{h} version view: {m}"));
        }
        app.snapshot(&format!("look-version-{w}x{h}")).await;
    }
    layout::resize(&app, layout::NORMAL.0, layout::NORMAL.1).await;
    if !misfits.is_empty() {
        app.fail(&format!("does not fit:\n{}", misfits.join("\n")))
            .await;
    }
    app.quit().await;
}
