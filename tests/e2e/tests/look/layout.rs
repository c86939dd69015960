//! Window sizes, screenshots for people, and whether a screen fits its window: no sideways
//! scrolling, and the header's navigation on one line.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rehearsalhub_e2e::App;
use serde_json::Value;

/// The app's own window size (src-tauri/tauri.conf.json), restored after other sizes.
pub const NORMAL: (u32, u32) = (1100, 760);

/// The sizes screenshots are taken at.
pub const SHOTS: [(u32, u32); 2] = [NORMAL, (1600, 1000)];

/// What does not fit, as sentences (none when it all fits).
const FITS: &str = r#"
const out = [];
const d = document.documentElement;
// The innermost elements reaching past `right`, as selectors.
const past = (root, right) =>
  [...root.querySelectorAll("*")]
    .filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > right + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > right + 1);
    })
    .slice(0, 4)
    .map((e) => {
      const id = e.id ? `#${e.id}` : "";
      const cls = typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : "";
      const test = e.dataset && e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : "";
      const owner = e.parentElement && e.parentElement.closest("[data-testid]");
      const inside = owner ? ` in [data-testid=${owner.dataset.testid}]` : "";
      return `${e.tagName.toLowerCase()}${id}${cls}${test}${inside} (right ${Math.round(e.getBoundingClientRect().right)})`;
    })
    .join(", ");
if (d.scrollWidth > d.clientWidth) {
  out.push(`the page scrolls sideways (scrollWidth ${d.scrollWidth} > clientWidth ${d.clientWidth}): ${past(document.body, d.clientWidth)}`);
}
for (const c of document.querySelectorAll(".content")) {
  if (c.scrollWidth > c.clientWidth + 1) {
    const right = c.getBoundingClientRect().left + c.clientWidth;
    out.push(`.content scrolls sideways (scrollWidth ${c.scrollWidth} > clientWidth ${c.clientWidth}): ${past(c, right)}`);
  }
}
const nav = document.querySelector("nav[aria-label='Main']");
if (!nav) {
  out.push("there is no nav[aria-label='Main']");
} else {
  const kids = [...nav.children].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
  });
  const tops = kids.map((e) => e.offsetTop);
  const sameTop = tops.every((t) => Math.abs(t - tops[0]) <= 4);
  const buttons = [...nav.querySelectorAll("button")].map((b) => b.getBoundingClientRect().height);
  const tallest = Math.max(0, ...buttons);
  const navHeight = nav.getBoundingClientRect().height;
  if (!sameTop && !(tallest > 0 && navHeight < 1.6 * tallest)) {
    const where = kids.map((e) => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 30)}" at ${e.offsetTop}`);
    out.push(`the header's navigation wraps: ${navHeight}px high, buttons ${tallest}px; ${where.join(", ")}`);
  }
}
// Everything in the header shares one row: the lowest top is above the highest bottom.
const header = nav && nav.closest("header");
if (header) {
  const rects = [...header.children]
    .map((e) => e.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0);
  const lowestTop = Math.max(...rects.map((r) => r.top));
  const highestBottom = Math.min(...rects.map((r) => r.bottom));
  if (rects.length > 1 && lowestTop >= highestBottom) {
    out.push(`the header wraps: a part starts at ${lowestTop}px, below another ending at ${highestBottom}px`);
  }
}
return out;
"#;

/// Waits for two animation frames, so what was changed is painted.
pub async fn frames(app: &App) {
    let _ = app
        .client
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
            vec![],
        )
        .await;
}

async fn viewport(app: &App) -> (i64, i64) {
    let v = app
        .client
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap_or(Value::Null);
    (v[0].as_i64().unwrap_or(0), v[1].as_i64().unwrap_or(0))
}

/// Makes the page's viewport `w`×`h`: the window is sized, then corrected by whatever its
/// frame takes, and the page waited for until it has the new size.
pub async fn resize(app: &App, w: u32, h: u32) {
    if let Err(e) = app.client.set_window_size(w, h).await {
        app.fail(&format!("setting the window to {w}x{h}: {e}"))
            .await;
    }
    frames(app).await;
    let (iw, ih) = viewport(app).await;
    let (want_w, want_h) = (i64::from(w), i64::from(h));
    if (iw, ih) != (want_w, want_h) && iw > 0 && ih > 0 {
        let outer_w = u32::try_from(2 * want_w - iw).unwrap_or(w);
        let outer_h = u32::try_from(2 * want_h - ih).unwrap_or(h);
        let _ = app.client.set_window_size(outer_w, outer_h).await;
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        frames(app).await;
        let now = viewport(app).await;
        if now == (want_w, want_h) {
            return;
        }
        if Instant::now() > deadline {
            // Some window systems clamp the size; say so, and go on with what it is.
            eprintln!("the viewport is {now:?}, not {w}x{h}");
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Where screenshots go (`RH_SCREENSHOTS`, relative to the workspace root), if anywhere.
pub fn screenshot_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("RH_SCREENSHOTS").filter(|d| !d.is_empty())?;
    let dir = super::axe::workspace_root().join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir)
}

/// Saves `<dir>/<screen>-<theme>-<w>x<h>.png` at each of [`SHOTS`], then restores [`NORMAL`].
pub async fn screenshots(app: &App, dir: &std::path::Path, screen: &str, theme: &str) {
    for (w, h) in SHOTS {
        resize(app, w, h).await;
        frames(app).await;
        match app.client.screenshot().await {
            Ok(png) => {
                std::fs::write(dir.join(format!("{screen}-{theme}-{w}x{h}.png")), png).unwrap()
            }
            Err(e) => app.fail(&format!("screenshot of {screen}: {e}")).await,
        }
    }
    resize(app, NORMAL.0, NORMAL.1).await;
}

/// What does not fit on the screen shown now (empty when it all fits).
pub async fn misfits(app: &App) -> Vec<String> {
    frames(app).await;
    match app.client.execute(FITS, vec![]).await {
        Ok(Value::Array(v)) => v
            .into_iter()
            .map(|s| s.as_str().unwrap_or_default().to_owned())
            .collect(),
        Ok(other) => vec![format!("the layout check returned {other}")],
        Err(e) => vec![format!("the layout check failed: {e}")],
    }
}
