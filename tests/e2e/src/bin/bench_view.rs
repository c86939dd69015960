//! Measures the heaviest screen the web page draws: a version with 1,000 comments and 3,000
//! replies, opened from its band's Songs tab, in the app as users run it (the environment
//! the app chooses for WebKit, not the tests' compositing). Prints the time from the click
//! on Open until the view is on screen with its first comments painted (the first
//! screenful: the view renders that first and the rest after it), and until every comment
//! and reply is in the page (medians of 7), and the proportional set size of the app and its
//! WebKit processes with that view open.
//! Run under Xvfb and a D-Bus session: `scripts/bench-view.sh [APP_BINARY]`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use rehearsalhub_e2e::{App, Options, write_wav};

/// Comments on the version (`RH_BENCH_COMMENTS`, default 1,000), each with three replies.
fn comments() -> usize {
    std::env::var("RH_BENCH_COMMENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}
const REPLIES_EACH: usize = 3;

/// Adds comments `from..to` and their replies from inside the page, as the UI would, one
/// after another (in batches: WebDriver gives a script 30 s).
const SEED: &str = r#"
const [version, from, to, repliesEach, done] = arguments;
(async () => {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  const tags = ["issue", "suggestion", "keeper", "note"];
  for (let i = from; i < to; i++) {
    const c = await invoke("add_comment", { version_id: version, at_ms: (i * 17) % 19000,
      until_ms: null, body: `Comment ${i}: the bass comes in late after the second chorus`,
      tag: tags[i % 4] });
    for (let r = 0; r < repliesEach; r++)
      await invoke("reply_to_comment", { comment_id: c.id, body: `Reply ${r} to comment ${i}` });
  }
  done(null);
})().catch((e) => done(JSON.stringify(e)));
"#;

/// Clicks Open; answers [ms until the waveform and the first comments are painted, ms until
/// every comment and reply is in the page] (performance.now()), or a message. "Painted" is
/// the frame after the one that first had them: a requestAnimationFrame callback runs before
/// a paint, so the second one runs after it.
const OPEN: &str = r#"
const [version, comments, replies, done] = arguments;
const start = performance.now();
let first = null;
document.querySelector(`[data-testid='open-${version}']`).click();
const tick = () => {
  const c = document.querySelectorAll("li[data-testid^='comment-']").length;
  const r = document.querySelectorAll("li[data-testid^='reply-']").length;
  if (first === null && c > 0 && document.querySelector("[data-testid='version-waveform']")) {
    first = -1;
    requestAnimationFrame(() => requestAnimationFrame(() => { first = performance.now() - start; }));
  }
  if (c >= comments && r >= replies && first > 0) return done([first, performance.now() - start]);
  if (performance.now() - start > 30000) return done(`only ${c} comments and ${r} replies after 30 s`);
  setTimeout(tick, 1);
};
tick();
"#;

/// Clicks the band page's tab `name` and answers the ms until its panel is painted with
/// `ready` (a CSS selector) in it, or a message.
const TAB: &str = r#"
const [name, ready, done] = arguments;
const start = performance.now();
const tab = [...document.querySelectorAll("[role=tab]")].find((t) => t.textContent.trim() === name);
if (!tab) return done(`no tab ${name}`);
tab.click();
const tick = () => {
  if (document.querySelector(`[role=tabpanel] ${ready}`))
    return requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - start)));
  if (performance.now() - start > 10000) return done(`tab ${name} never showed ${ready}`);
  setTimeout(tick, 1);
};
tick();
"#;

/// The band page's tabs, each with what shows once its panel has loaded.
const TABS: [(&str, &str); 4] = [
    ("Members", "tbody tr"),
    ("Invites", "#invites-title"),
    ("Activity", ".activity li"),
    ("Songs", "li[data-testid^='song-']"),
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Pss of the app started on `data_dir` and every process under it: (name, KiB) each.
fn pss_kib(data_dir: &std::path::Path) -> Option<Vec<(String, u64)>> {
    let needle = data_dir.to_string_lossy().to_string();
    let mut parent = std::collections::HashMap::new();
    let mut app = None;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok())
        {
            parent.insert(pid, ppid);
        }
        let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
        if cmd.contains("rehearsalhub") && cmd.contains(&needle) && !cmd.contains("tauri-driver") {
            app = Some(pid);
        }
    }
    let mut all = vec![app?];
    let mut i = 0;
    while i < all.len() {
        let p = all[i];
        all.extend(parent.iter().filter(|(_, pp)| **pp == p).map(|(c, _)| *c));
        i += 1;
    }
    let mut each = Vec::new();
    for pid in all {
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
        let line = rollup.lines().find(|l| l.starts_with("Pss:"))?;
        let kib = line.split_whitespace().nth(1)?.parse::<u64>().ok()?;
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        each.push((name.trim().to_owned(), kib));
    }
    Some(each)
}

#[tokio::main]
async fn main() {
    let comments = comments();
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("take.wav");
    write_wav(&wav, 20);
    let opts = Options {
        shipped_webkit: true,
        ..Options::default()
    };
    let app = App::launch_opts("bench_view", tempfile::tempdir().unwrap(), &[], opts).await;
    app.sign_up("bench", "Bench Admin").await;
    app.create_band("Bench band").await;
    let version = app.add_version("Bench band", "Groove", &wav).await;
    for from in (0..comments).step_by(100) {
        let to = (from + 100).min(comments);
        let seeded = app
            .client
            .execute_async(
                SEED,
                vec![version.into(), from.into(), to.into(), REPLIES_EACH.into()],
            )
            .await
            .unwrap();
        assert!(seeded.is_null(), "seeding failed: {seeded}");
    }

    let (mut firsts, mut times) = (Vec::new(), Vec::new());
    for round in 0..7 {
        app.open_band("Bench band").await;
        let r = app
            .client
            .execute_async(
                OPEN,
                vec![
                    version.into(),
                    comments.into(),
                    (comments * REPLIES_EACH).into(),
                ],
            )
            .await
            .unwrap();
        let (Some(first), Some(all)) = (r[0].as_f64(), r[1].as_f64()) else {
            panic!("opening the version: {r}")
        };
        firsts.push(first);
        times.push(all);
        if round == 0 {
            tokio::time::sleep(Duration::from_secs(3)).await;
            print_pss("after the first open", app.data_dir.path());
        }
    }
    println!(
        "open a version with {comments} comments and {} replies until the first are painted: \
         median {:.0} ms (of {:?})",
        comments * REPLIES_EACH,
        median(firsts.clone()),
        firsts.iter().map(|t| t.round()).collect::<Vec<_>>()
    );
    println!(
        "open a version with {comments} comments and {} replies until all are in the page: \
         median {:.0} ms (of {:?})",
        comments * REPLIES_EACH,
        median(times.clone()),
        times.iter().map(|t| t.round()).collect::<Vec<_>>()
    );
    tokio::time::sleep(Duration::from_secs(5)).await;
    print_pss("after the seventh", app.data_dir.path());
    switch_tabs(&app).await;
    // RH_BENCH_HOLD=S keeps the app open S more seconds, to look at its processes.
    if let Some(secs) = std::env::var("RH_BENCH_HOLD")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        tokio::time::sleep(Duration::from_secs(secs)).await;
    }
    app.quit().await;
}

/// Goes round the band page's tabs seven times; prints the median switch time per tab.
async fn switch_tabs(app: &App) {
    app.open_band("Bench band").await;
    let mut each: Vec<Vec<f64>> = vec![Vec::new(); TABS.len()];
    for _ in 0..7 {
        for (i, (name, ready)) in TABS.iter().enumerate() {
            let r = app
                .client
                .execute_async(TAB, vec![(*name).into(), (*ready).into()])
                .await
                .unwrap();
            each[i].push(r.as_f64().unwrap_or_else(|| panic!("switching tabs: {r}")));
        }
    }
    let line = TABS
        .iter()
        .zip(each)
        .map(|((name, _), t)| format!("{name} {:.0} ms", median(t)))
        .collect::<Vec<_>>()
        .join(", ");
    println!("switch to a band page's tab until painted, median of 7: {line}");
}

fn print_pss(when: &str, data_dir: &std::path::Path) {
    match pss_kib(data_dir) {
        Some(each) => println!(
            "Pss of the app and its WebKit processes with that version open, {when}: {:.0} MB ({})",
            each.iter().map(|(_, k)| *k).sum::<u64>() as f64 / 1024.0,
            each.iter()
                .map(|(n, k)| format!("{n} {:.0}", *k as f64 / 1024.0))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        None => println!("Pss: the app's processes were not found"),
    }
}
