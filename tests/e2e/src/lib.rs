//! # rehearsalhub-e2e
//!
//! Drives the real app through WebDriver: each [`App`] is one `rehearsalhub` process on its
//! own fresh data directory, behind its own `tauri-driver` on free ports. Elements are
//! found as a person finds them: by label, by button text, by role, or by a stable
//! `data-testid`. A failed step saves a screenshot and the page source under
//! `target/e2e-failures/` before it panics.
//!
//! The tests need a display (run under `xvfb-run`), `tauri-driver` and WebKitWebDriver on
//! the PATH, and a built app (`RH_APP_BIN`, default `target/debug/rehearsalhub`). Without
//! `RH_E2E=1` they skip, so a plain `cargo test` on a desktop does not open windows;
//! `scripts/test.sh` sets it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

/// Whether the WebDriver tests should run (`RH_E2E=1`).
pub fn enabled() -> bool {
    if std::env::var("RH_E2E").as_deref() == Ok("1") {
        return true;
    }
    eprintln!("RH_E2E is not 1: skipping the WebDriver test (scripts/test.sh runs them)");
    false
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn app_binary() -> PathBuf {
    std::env::var_os("RH_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/rehearsalhub"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How long a step may wait for the UI.
pub const WAIT: Duration = Duration::from_secs(15);

/// One running app instance with its driver.
pub struct App {
    /// The WebDriver session.
    pub client: Client,
    driver: Option<Child>,
    /// This instance's data directory.
    pub data_dir: tempfile::TempDir,
    name: String,
    /// How long the WebDriver session (app launch) took to open.
    pub launch_time: Duration,
    /// Whether WebKitWebDriver can take screenshots: not when the app paints without
    /// compositing (its own settings, `Options::shipped_webkit`).
    screenshots: bool,
}

impl App {
    /// Starts a driver and the app on a fresh data directory; `name` labels failure files.
    pub async fn launch(name: &str) -> App {
        let data_dir = tempfile::tempdir().unwrap();
        Self::launch_in(name, data_dir).await
    }

    /// Starts the app on an existing data directory.
    pub async fn launch_in(name: &str, data_dir: tempfile::TempDir) -> App {
        Self::launch_with(name, data_dir, &[]).await
    }

    /// Starts the app on `data_dir` with extra command-line arguments (a deep link).
    pub async fn launch_with(name: &str, data_dir: tempfile::TempDir, extra: &[&str]) -> App {
        Self::launch_opts(name, data_dir, extra, Options::default()).await
    }

    /// Starts the app with full control over how.
    pub async fn launch_opts(
        name: &str,
        data_dir: tempfile::TempDir,
        extra: &[&str],
        opts: Options,
    ) -> App {
        let bin = app_binary();
        assert!(
            bin.exists(),
            "build the app first: {} is missing",
            bin.display()
        );
        let (port, native) = (free_port(), free_port());
        // The driver's (and through it the app's) output, for reading a failure.
        let logs = workspace_root().join("target/e2e-logs");
        let _ = std::fs::create_dir_all(&logs);
        let log = std::fs::File::create(logs.join(format!("{name}.log"))).unwrap();
        let mut driver = Command::new("tauri-driver");
        driver.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ]);
        // The driver passes its environment on to the app it starts. WebKitWebDriver's
        // screenshots never answer when pages are painted without compositing (the app's
        // default on Linux, to save memory), and screenshots are how a failure is read: the
        // tests turn compositing back on, and with that choice made the app leaves all of
        // WebKit's settings alone (src-tauri/src/webkit_env.rs). `Options::shipped_webkit`
        // runs the app with its own (tests/shipped_webkit.rs, `scripts/bench-view.sh`).
        if !opts.shipped_webkit {
            driver.env("WEBKIT_DISABLE_COMPOSITING_MODE", "0");
        }
        if !opts.keychain {
            driver.env("RH_NO_KEYCHAIN", "1");
        }
        if opts.data_dir_by_env {
            driver.env("RH_DATA_DIR", data_dir.path());
        }
        for k in &opts.env_remove {
            driver.env_remove(k);
        }
        driver.envs(opts.env.iter().map(|(k, v)| (k, v)));
        let driver = driver
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver on the PATH (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + WAIT;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let dir_arg = opts
            .shared_data_dir
            .as_deref()
            .unwrap_or(data_dir.path())
            .to_string_lossy()
            .into_owned();
        let dir_args: &[&str] = if opts.data_dir_by_env || opts.platform_data_dir {
            &[]
        } else {
            &["--data-dir", dir_arg.as_str()]
        };
        let args: Vec<&str> = [dir_args, extra].concat();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": bin.to_string_lossy(),
                "args": args,
            }),
        );
        // WebKitWebDriver occasionally drops the very first request while it starts; a new
        // session request is safe to repeat.
        let mut attempt = 0;
        let (client, started) = loop {
            attempt += 1;
            let started = Instant::now();
            match ClientBuilder::rustls()
                .expect("rustls")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break (c, started),
                Err(e) if attempt < 3 => {
                    eprintln!("[{name}] new session failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("[{name}] WebDriver session with the app: {e}"),
            }
        };
        let launch_time = started.elapsed();
        let app = App {
            client,
            driver: Some(driver),
            data_dir,
            name: name.to_owned(),
            launch_time,
            screenshots: !opts.shipped_webkit,
        };
        app.wait(Locator::Css("[data-testid='app-ready']")).await;
        app
    }

    /// Saves a screenshot as `target/e2e-screens/<name>.png`, for people to look at.
    pub async fn snapshot(&self, name: &str) {
        if !self.screenshots {
            return;
        }
        let dir = workspace_root().join("target/e2e-screens");
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// Saves a screenshot and the page source, then panics with `msg`.
    pub async fn fail(&self, msg: &str) -> ! {
        let dir = workspace_root().join("target/e2e-failures");
        let _ = std::fs::create_dir_all(&dir);
        // Two animation frames, so the screenshot shows the last input.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await;
        if self.screenshots
            && let Ok(png) = self.client.screenshot().await
        {
            let _ = std::fs::write(dir.join(format!("{}.png", self.name)), png);
        }
        if let Ok(src) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{}.html", self.name)), src);
        }
        panic!(
            "[{}] {msg} (screenshot and page source in target/e2e-failures/, driver and app output in target/e2e-logs/)",
            self.name
        );
    }

    /// Waits for an element.
    ///
    /// Any failed look-up is tried again until [`WAIT`] has passed, not only "no such
    /// element": WebKitWebDriver sometimes answers a find made while React replaces the
    /// matched nodes with "Could not parse element info", and a loaded CI machine saw it.
    pub async fn wait(&self, locator: Locator<'_>) -> Element {
        self.wait_within(locator, WAIT).await
    }

    /// Waits for an element at most `within` (a live change must show in 2 s, with no click).
    pub async fn wait_within(&self, locator: Locator<'_>, within: Duration) -> Element {
        let deadline = Instant::now() + within;
        loop {
            match self.client.find(locator).await {
                Ok(e) => return e,
                Err(e) if Instant::now() > deadline => {
                    self.fail(&format!("no element {locator:?}: {e}")).await
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The input whose `<label>` reads `label`.
    pub async fn field(&self, label: &str) -> Element {
        let xpath = format!("//*[@id=//label[normalize-space(.)='{label}']/@for]");
        self.wait(Locator::XPath(&xpath)).await
    }

    /// Types `text` into the field labelled `label`, replacing what was there.
    pub async fn fill(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        f.clear().await.ok();
        if let Err(e) = f.send_keys(text).await {
            self.fail(&format!("typing into {label}: {e}")).await;
        }
    }

    /// Chooses the option labelled `option` in the select labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) {
        let f = self.field(label).await;
        if let Err(e) = f.select_by_label(option).await {
            self.fail(&format!("choosing {option} in {label}: {e}"))
                .await;
        }
    }

    /// Clicks the (first visible) button reading `text`.
    pub async fn click(&self, text: &str) {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        let b = self.wait(Locator::XPath(&xpath)).await;
        if let Err(e) = self.press(&b).await {
            self.fail(&format!("clicking {text}: {e}")).await;
        }
    }

    /// Scrolls `e` to the middle of its scrolling area, then clicks it as a pointer would.
    /// The page scrolls inside `.content` above the player bar; WebKitWebDriver only brings
    /// an element into the window, where the bar may cover it.
    pub async fn press(&self, e: &Element) -> Result<(), fantoccini::error::CmdError> {
        let arg = serde_json::to_value(e)
            .map_err(|err| fantoccini::error::CmdError::NotJson(err.to_string()))?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                vec![arg],
            )
            .await?;
        e.click().await
    }

    /// Waits until nothing matches `locator`.
    pub async fn wait_gone(&self, locator: Locator<'_>) {
        let deadline = Instant::now() + WAIT;
        while self.client.find(locator).await.is_ok() {
            if Instant::now() > deadline {
                self.fail(&format!("{locator:?} is still there")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the button reading `text` inside the element found by `scope` (an XPath).
    pub async fn click_in(&self, scope: &str, text: &str) {
        let xpath = format!("{scope}//button[normalize-space(.)='{text}']");
        let b = self.wait(Locator::XPath(&xpath)).await;
        if let Err(e) = self.press(&b).await {
            self.fail(&format!("clicking {text} in {scope}: {e}")).await;
        }
    }

    /// Clicks (the middle of) the element with `data-testid` `id`.
    pub async fn click_test_id(&self, id: &str) {
        let e = self
            .wait(Locator::Css(&format!("[data-testid='{id}']")))
            .await;
        if let Err(err) = self.press(&e).await {
            self.fail(&format!("clicking {id}: {err}")).await;
        }
    }

    /// Presses `keys` with the focus on the page itself (no field focused).
    pub async fn press_on_body(&self, keys: &str) {
        let _ = self
            .client
            .execute(
                "document.activeElement && document.activeElement.blur();",
                vec![],
            )
            .await;
        let body = self.wait(Locator::Css("body")).await;
        if let Err(e) = body.send_keys(keys).await {
            self.fail(&format!("pressing {keys:?}: {e}")).await;
        }
    }

    /// Whether a button reading `text` is on screen now.
    pub async fn has_button(&self, text: &str) -> bool {
        let xpath = format!("//button[normalize-space(.)='{text}']");
        self.client.find(Locator::XPath(&xpath)).await.is_ok()
    }

    /// Waits until the page's text contains `text`.
    ///
    /// WebDriver's element text is read first, then the page's rendered text
    /// (`innerText`): WebKitWebDriver leaves out the text of elements that clip their
    /// overflow (a name cut with an ellipsis), which a person still reads.
    pub async fn see(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let body = self.text_of(Locator::Css("body")).await;
            if body.contains(text) || self.rendered_text().await.contains(text) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("never saw {text:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's rendered text (`document.body.innerText`).
    pub async fn rendered_text(&self) -> String {
        match self
            .client
            .execute("return document.body.innerText;", vec![])
            .await
        {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }

    /// Waits until an alert (`role="alert"`) says `text`.
    pub async fn see_alert(&self, text: &str) {
        let xpath = format!("//*[@role='alert'][contains(normalize-space(.), \"{text}\")]");
        self.wait(Locator::XPath(&xpath)).await;
    }

    /// The visible text of an element.
    pub async fn text_of(&self, locator: Locator<'_>) -> String {
        match self.client.find(locator).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The value of the input with this test id.
    pub async fn value_of(&self, test_id: &str) -> String {
        let e = self
            .wait(Locator::Css(&format!("[data-testid='{test_id}']")))
            .await;
        e.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Every element with this test id's text.
    pub async fn texts(&self, test_id: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Ok(es) = self
            .client
            .find_all(Locator::Css(&format!("[data-testid='{test_id}']")))
            .await
        {
            for e in es {
                out.push(e.text().await.unwrap_or_default());
            }
        }
        out
    }

    /// Signs up a new account and waits for the signed-in screen.
    pub async fn sign_up(&self, username: &str, display: &str) {
        self.click("Create account").await;
        self.fill("Username", username).await;
        self.fill("Password", PASSWORD).await;
        self.fill("Display name (optional)", display).await;
        self.click_submit("Create account").await;
        self.signed_in_as(display).await;
    }

    /// On the sign-in screen: chooses "A server" and types its address.
    pub async fn choose_server(&self, url: &str) {
        let radio = self
            .wait(Locator::XPath(
                "//label[normalize-space(.)='A server']/input[@type='radio']",
            ))
            .await;
        if let Err(e) = self.press(&radio).await {
            self.fail(&format!("choosing A server: {e}")).await;
        }
        self.fill("Server address", url).await;
    }

    /// Creates an account on the server at `url` and waits for the signed-in screen.
    pub async fn sign_up_on(&self, url: &str, username: &str, display: &str) {
        self.click("Create account").await;
        self.choose_server(url).await;
        self.fill("Username", username).await;
        self.fill("Password", PASSWORD).await;
        self.fill("Display name (optional)", display).await;
        self.click_submit("Create account").await;
        self.signed_in_as(display).await;
    }

    /// Signs in and waits for the signed-in screen.
    pub async fn sign_in(&self, username: &str, display: &str) {
        self.fill("Username", username).await;
        self.fill("Password", PASSWORD).await;
        self.click_submit("Sign in").await;
        self.signed_in_as(display).await;
    }

    /// Clicks the submit button reading `text`.
    pub async fn click_submit(&self, text: &str) {
        let xpath = format!("//button[@type='submit'][normalize-space(.)='{text}']");
        let b = self.wait(Locator::XPath(&xpath)).await;
        if let Err(e) = self.press(&b).await {
            self.fail(&format!("clicking {text}: {e}")).await;
        }
    }

    /// Waits until the header's account menu names `display`: the session is signed in as
    /// that user.
    pub async fn signed_in_as(&self, display: &str) {
        self.wait(Locator::XPath(&format!(
            "//button[@data-testid='account-menu'][contains(normalize-space(.), \"{display}\")]"
        )))
        .await;
    }

    /// Opens the header's account menu and clicks its item reading `item` (Settings, About,
    /// Sign out).
    pub async fn account(&self, item: &str) {
        self.click_test_id("account-menu").await;
        let xpath =
            format!("//*[@role='menu']//button[@role='menuitem'][normalize-space(.)='{item}']");
        let b = self.wait(Locator::XPath(&xpath)).await;
        if let Err(e) = self.press(&b).await {
            self.fail(&format!("clicking {item} in the account menu: {e}"))
                .await;
        }
    }

    /// Signs out (from the account menu) and waits for the sign-in form.
    pub async fn sign_out(&self) {
        self.account("Sign out").await;
        self.field("Username").await;
    }

    /// Creates a band and waits for its page.
    pub async fn create_band(&self, name: &str) {
        self.click("My bands").await;
        self.fill("Band name", name).await;
        self.click_submit("Create band").await;
        self.wait(Locator::XPath(&format!(
            "//h1[normalize-space(.)='{name}']"
        )))
        .await;
    }

    /// Opens one of my bands from the list.
    pub async fn open_band(&self, name: &str) {
        self.click("My bands").await;
        self.click(name).await;
        self.wait(Locator::XPath(&format!(
            "//h1[normalize-space(.)='{name}']"
        )))
        .await;
    }

    /// On a band page: opens the tab named `name` (Songs, Members, Invites, Activity).
    pub async fn tab(&self, name: &str) {
        let xpath = format!("//button[@role='tab'][normalize-space(.)='{name}']");
        let t = self.wait(Locator::XPath(&xpath)).await;
        if let Err(e) = self.press(&t).await {
            self.fail(&format!("opening the {name} tab: {e}")).await;
        }
        self.wait(Locator::XPath(&format!(
            "//button[@role='tab'][@aria-selected='true'][normalize-space(.)='{name}']"
        )))
        .await;
    }

    /// On a band page: creates a token invite (on the Invites tab) and returns the token
    /// shown once.
    pub async fn create_invite(&self, role: &str) -> String {
        self.tab("Invites").await;
        self.choose("Role", role).await;
        self.click_submit("Create invite").await;
        let token = self.value_of("invite-token").await;
        if token.len() != 43 {
            self.fail(&format!("the dialog shows no token: {token:?}"))
                .await;
        }
        token
    }

    /// Pastes `token` on the Join screen and waits for the preview (or an error).
    pub async fn paste_invite(&self, token: &str) {
        self.click("Join a band").await;
        self.fill("Invite token or link", token).await;
        self.click_submit("Show invite").await;
    }

    /// Creates song `title` in the open band `band` and adds `file` to it as the file
    /// picker would; returns the new version's id once its row shows.
    pub async fn add_version(&self, band: &str, title: &str, file: &Path) -> i64 {
        self.tab("Songs").await;
        self.fill("Song title", title).await;
        self.click_submit("Add song").await;
        let song = self
            .wait(Locator::XPath(&format!(
                "//li[@data-song-id][.//h3[normalize-space(.)='{title}']]"
            )))
            .await;
        let song_id: i64 = song
            .attr("data-song-id")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        let v = self
            .invoke(
                "add_version",
                serde_json::json!({ "song_id": song_id, "path": file.to_str().unwrap(), "label": null, "upload_id": null }),
            )
            .await;
        // The page shows what the database holds once it is read again.
        self.open_band(band).await;
        let id = v["id"].as_i64().unwrap();
        self.wait(Locator::Css(&format!("[data-testid='version-{id}']")))
            .await;
        id
    }

    /// The player bar's status: `playing`, `paused` or `stopped`.
    pub async fn player_status(&self) -> String {
        self.wait(Locator::Css("[data-testid='player-bar']"))
            .await
            .attr("data-status")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Waits until the player bar's status is `want`.
    pub async fn wait_player(&self, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.player_status().await != want {
            if Instant::now() > deadline {
                self.fail(&format!("the player never became {want}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Calls a command from inside the webview, as the UI does, and returns its result.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        match self.try_invoke(command, args).await {
            Ok(v) => v,
            Err(e) => panic!("{command} failed: {e}"),
        }
    }

    /// Calls a command from inside the webview; `Err` is the error it rejected with.
    pub async fn try_invoke(
        &self,
        command: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        let script = "const [name, args, done] = arguments; \
            window.__TAURI_INTERNALS__.invoke(name, args).then((r) => done({ ok: r ?? null }), (e) => done({ err: e }));";
        let r = self
            .client
            .execute_async(script, vec![command.into(), args])
            .await
            .unwrap();
        match (r.get("ok"), r.get("err")) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(e)) => Err(e.clone()),
            _ => Err(r),
        }
    }

    /// Times `n` round trips of a command from the webview (performance.now()), in ms.
    pub async fn time_invoke(&self, command: &str, args: serde_json::Value, n: usize) -> Vec<f64> {
        let script = "const [name, args, n, done] = arguments; (async () => { const t = []; \
            for (let i = 0; i < n; i++) { const s = performance.now(); \
            await window.__TAURI_INTERNALS__.invoke(name, args); t.push(performance.now() - s); } \
            done(t); })().catch((e) => done({ err: String(e) }));";
        let r = self
            .client
            .execute_async(script, vec![command.into(), args, n.into()])
            .await
            .unwrap();
        r.as_array()
            .unwrap_or_else(|| panic!("{command} failed: {r}"))
            .iter()
            .filter_map(|v| v.as_f64())
            .collect()
    }

    /// Ends the session and stops the driver (SIGTERM, so WebKitWebDriver goes too);
    /// returns the data directory so a test can start the app on it again.
    pub async fn quit(mut self) -> tempfile::TempDir {
        let _ = self.client.clone().close().await;
        if let Some(mut d) = self.driver.take() {
            if let Some(pid) = d.id() {
                let _ = Command::new("kill")
                    .args(["-TERM", &pid.to_string()])
                    .status()
                    .await;
            }
            let _ = tokio::time::timeout(Duration::from_secs(5), d.wait()).await;
        }
        self.data_dir
    }
}

/// How to start the app.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Use the OS keychain (needs a secret service); otherwise `RH_NO_KEYCHAIN=1`.
    pub keychain: bool,
    /// Pass the data directory as `RH_DATA_DIR` rather than `--data-dir`, which keeps the
    /// single-instance behaviour of a normal launch.
    pub data_dir_by_env: bool,
    /// Extra environment for the app (through its driver).
    pub env: Vec<(String, String)>,
    /// Variables the app must not inherit.
    pub env_remove: Vec<String>,
    /// Run on another instance's data directory (`--data-dir`), as a second account on
    /// the same computer would.
    pub shared_data_dir: Option<PathBuf>,
    /// Neither `--data-dir` nor `RH_DATA_DIR`: the app picks its platform data directory
    /// (under the `HOME` given in `env`), as an app started from the menu does.
    pub platform_data_dir: bool,
    /// Leave WebKit's settings to the app, as users run it (software painting, no JIT):
    /// then no screenshots, which WebKitWebDriver cannot take without compositing.
    pub shipped_webkit: bool,
}

/// Whether a D-Bus session with an unlocked secret service is there (`RH_E2E_DBUS=1`, as
/// `scripts/test.sh` runs the tests inside `dbus-run-session` with gnome-keyring).
pub fn dbus_enabled() -> bool {
    if !enabled() {
        return false;
    }
    if keychain_available() {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "RH_E2E_DBUS=1 but there is no D-Bus session"
        );
        return true;
    }
    eprintln!("RH_E2E_DBUS is not 1: skipping a test that needs a D-Bus session");
    false
}

/// Whether the app can use a real keychain here (`RH_E2E_DBUS=1`): for tests that use it
/// when it is there and run without it otherwise.
pub fn keychain_available() -> bool {
    std::env::var("RH_E2E_DBUS").as_deref() == Ok("1")
}

/// Every file under `dir`, sorted (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The app binary under test.
pub fn app_bin() -> PathBuf {
    app_binary()
}

/// Writes a `secs` long, 440 Hz, 16-bit stereo WAV to `path`, louder in its second half
/// (so its waveform has a shape).
pub fn write_wav(path: &Path, secs: u32) {
    let rate = 44_100u32;
    let pcm: Vec<i16> = (0..rate * secs)
        .flat_map(|i| {
            let t = i as f32 / rate as f32;
            let amp = if t < secs as f32 / 2.0 { 0.2 } else { 0.8 };
            let s = ((amp * (2.0 * std::f32::consts::PI * 440.0 * t).sin()) * 32767.0) as i16;
            [s, s]
        })
        .collect();
    std::fs::write(path, rehearsalhub_core::probe::wav_bytes(rate, 2, &pcm)).unwrap();
}

/// A `rehearsalhub-server` process (`RH_SERVER_BIN`, default
/// `target/debug/rehearsalhub-server`) on a fresh PostgreSQL database of the server
/// `DATABASE_URL` names, or on SQLite when there is none. Killed when dropped.
pub struct Server {
    child: Option<std::process::Child>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Where its blobs (and SQLite file) live.
    pub data_dir: tempfile::TempDir,
    database_url: Option<String>,
}

impl Server {
    /// Starts a server on a free port.
    pub fn start(name: &str) -> Server {
        Self::start_on(name, "127.0.0.1:0")
    }

    /// Starts a server listening on `addr`, and waits until it accepts connections.
    pub fn start_on(name: &str, addr: &str) -> Server {
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = fresh_postgres_database();
        let (child, url) = spawn_server(name, addr, data_dir.path(), database_url.as_deref());
        Server {
            child: Some(child),
            url,
            data_dir,
            database_url,
        }
    }

    /// Kills the server (its data stays).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same address, database and blob folder.
    pub fn restart(&mut self, name: &str) {
        self.stop();
        let addr = self.url.trim_start_matches("http://").to_owned();
        let (child, _) = spawn_server(
            name,
            &addr,
            self.data_dir.path(),
            self.database_url.as_deref(),
        );
        self.child = Some(child);
    }
}

fn spawn_server(
    name: &str,
    addr: &str,
    data_dir: &Path,
    database_url: Option<&str>,
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let bin = std::env::var_os("RH_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/rehearsalhub-server"));
    assert!(
        bin.exists(),
        "build the server first: {} is missing",
        bin.display()
    );
    let logs = workspace_root().join("target/e2e-logs");
    let _ = std::fs::create_dir_all(&logs);
    let log = std::fs::File::create(logs.join(format!("{name}-server.log"))).unwrap();
    let mut cmd = std::process::Command::new(bin);
    cmd.args(["--listen", addr, "--data-dir"])
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log));
    if let Some(url) = database_url {
        cmd.args(["--database-url", url]);
    }
    let mut child = cmd.spawn().expect("start rehearsalhub-server");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    match line.trim().strip_prefix("listening on ") {
        Some(u) => (child, u.to_owned()),
        None => {
            let _ = child.kill();
            panic!("the server did not start ({line:?}); see target/e2e-logs/{name}-server.log")
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A loopback port held (bound, not listening: a connection to it is refused) until the
/// hold is dropped, so nothing else takes it while a test needs it closed.
pub struct PortHold(Option<tokio::net::TcpSocket>);

impl PortHold {
    /// Holds a free port.
    pub fn new() -> (u16, PortHold) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = socket.local_addr().unwrap().port();
        (port, PortHold(Some(socket)))
    }

    /// Holds `port` again (after a server on it stopped).
    pub fn again(port: u16) -> PortHold {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        // The stopped server's connections may linger in TIME_WAIT.
        socket.set_reuseaddr(true).unwrap();
        socket
            .bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .unwrap();
        PortHold(Some(socket))
    }

    /// Frees the port (for a server to start on it).
    pub fn release(mut self) {
        self.0.take();
    }
}

/// A new, empty database on the PostgreSQL server of `DATABASE_URL`, if it names one.
fn fresh_postgres_database() -> Option<String> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))?;
    let (base, _) = url.rsplit_once('/')?;
    let name = format!(
        "rh_e2e_{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let out = std::process::Command::new("psql")
        .arg(&url)
        .args(["-qc", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql on the PATH");
    assert!(
        out.status.success(),
        "creating {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(format!("{base}/{name}"))
}

/// Every test account's password.
pub const PASSWORD: &str = "rehearse-every-tuesday";
