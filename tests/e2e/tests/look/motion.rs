//! Motion and stillness: transitions short and off when the desktop asks for less motion,
//! and nothing on screen moves when a list arrives.

use std::time::Duration;

use fantoccini::Locator;
use rehearsalhub_e2e::{App, Options, enabled, write_wav};
use serde_json::Value;

/// The longest transition or animation of any element now, in seconds, and whether the page
/// matches `prefers-reduced-motion: reduce`.
const MOTION: &str = r#"
const secs = (list) => Math.max(0, ...list.split(",").map((d) => {
  d = d.trim();
  return d.endsWith("ms") ? parseFloat(d) / 1000 : parseFloat(d) || 0;
}));
let longest = 0, where = "";
for (const el of document.querySelectorAll("*")) {
  const s = getComputedStyle(el);
  const t = Math.max(secs(s.transitionDuration), s.animationName === "none" ? 0 : secs(s.animationDuration));
  if (t > longest) { longest = t; where = el.tagName.toLowerCase() + "." + el.className; }
}
return [longest, where, matchMedia("(prefers-reduced-motion: reduce)").matches];
"#;

async fn motion(app: &App) -> (f64, String, bool) {
    let v = app.client.execute(MOTION, vec![]).await.unwrap();
    (
        v[0].as_f64().unwrap_or(f64::NAN),
        v[1].as_str().unwrap_or("").to_owned(),
        v[2].as_bool().unwrap_or(false),
    )
}

/// Signs up and opens the account menu, whose pop-in is an animation.
async fn with_menu_open(app: &App, username: &str) -> (f64, String, bool) {
    app.sign_up(username, "Mo Motion").await;
    app.click_test_id("account-menu").await;
    app.wait(Locator::Css("[role='menu']")).await;
    motion(app).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transitions_are_short_and_none_when_the_desktop_reduces_motion() {
    if !enabled() {
        return;
    }
    let app = App::launch("look_motion").await;
    let (longest, at, reduced) = with_menu_open(&app, "momo").await;
    assert!(!reduced, "the test desktop asks for reduced motion");
    assert!(
        longest > 0.0 && longest < 0.15,
        "the longest transition is {longest} s on {at}"
    );
    app.quit().await;

    // GTK's "no animations" setting is what WebKitGTK reports as prefers-reduced-motion.
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("gtk-3.0")).unwrap();
    std::fs::write(
        config.path().join("gtk-3.0/settings.ini"),
        "[Settings]\ngtk-enable-animations=false\n",
    )
    .unwrap();
    let opts = Options {
        env: vec![(
            "XDG_CONFIG_HOME".into(),
            config.path().display().to_string(),
        )],
        ..Options::default()
    };
    let app = App::launch_opts(
        "look_motion_reduced",
        tempfile::tempdir().unwrap(),
        &[],
        opts,
    )
    .await;
    let (longest, at, reduced) = with_menu_open(&app, "momo").await;
    assert!(reduced, "GTK's gtk-enable-animations=false is not seen");
    assert!(
        longest == 0.0,
        "with reduced motion a transition of {longest} s is left on {at}"
    );
    app.quit().await;
}

/// Installed before the screens are walked: every frame, where each visible element of
/// these kinds is on the page; one that was there the frame before and moved is a shift.
const WATCH: &str = r#"
window.__shifts = [];
const seen = new WeakMap();
const kinds = "h1, h2, h3, p, form, section, li, table, tr, label, button, [role='tablist'], [data-testid]";
const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? "[" + el.dataset.testid + "]" : "")
  + " '" + (el.textContent || "").trim().slice(0, 30) + "'";
const frame = () => {
  for (const el of document.querySelectorAll(kinds)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const at = [Math.round(r.left + scrollX), Math.round(r.top + scrollY)];
    const was = seen.get(el);
    if (was && (Math.abs(was[0] - at[0]) > 1 || Math.abs(was[1] - at[1]) > 1)) {
      window.__shifts.push(window.__screen + ": " + name(el) + " moved from " + was + " to " + at);
    }
    seen.set(el, at);
  }
  if (!window.__stop) requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
"#;

/// Names the screen the next shifts belong to, after the frames so far are counted.
async fn now_on(app: &App, screen: &str) {
    super::layout::frames(app).await;
    app.client
        .execute("window.__screen = arguments[0];", vec![Value::from(screen)])
        .await
        .unwrap();
}

/// Lets a screen's lists arrive and settle.
async fn settle(app: &App) {
    tokio::time::sleep(Duration::from_millis(800)).await;
    super::layout::frames(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_moves_when_lists_arrive() {
    if !enabled() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);
    let app = App::launch("look_shift").await;
    app.sign_up("sid", "Sid Still").await;
    let band = "Still Band";
    app.create_band(band).await;
    let version = app.add_version(band, "Groove", &wav).await;
    super::comment_on(&app, version).await;
    app.create_invite("Member").await;
    app.click("Done").await;
    walk(&app, band, version).await;
    app.quit().await;
}

/// Walks the screens whose lists load, with the shift watcher on.
async fn walk(app: &App, band: &str, version: i64) {
    app.click("My bands").await;
    app.field("Band name").await;
    app.client.execute(WATCH, vec![]).await.unwrap();

    now_on(app, "my bands").await;
    app.click("My bands").await;
    settle(app).await;
    now_on(app, "band page").await;
    app.open_band(band).await;
    settle(app).await;
    now_on(app, "version view").await;
    app.click_test_id(&format!("open-{version}")).await;
    settle(app).await;
    now_on(app, "back to the band").await;
    app.click("Back to songs").await;
    settle(app).await;
    for tab in ["Members", "Invites", "Activity", "Songs"] {
        now_on(app, tab).await;
        app.tab(tab).await;
        settle(app).await;
    }
    now_on(app, "invitations").await;
    app.click("Invitations").await;
    settle(app).await;

    let shifts = app
        .client
        .execute("window.__stop = true; return window.__shifts;", vec![])
        .await
        .unwrap();
    let shifts: Vec<String> = shifts
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
    if !shifts.is_empty() {
        app.fail(&format!("moved while loading:\n{}", shifts.join("\n")))
            .await;
    }
}
