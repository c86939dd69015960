//! axe-core in the app's webview: injected from `ui/node_modules/axe-core/axe.min.js` (the
//! UI's devDependency) once per page load, run on the whole document, and its violations
//! collected per screen and theme into `target/e2e-logs/axe-report.{json,txt}`.

use std::path::PathBuf;

use rehearsalhub_e2e::App;
use serde_json::{Value, json};

/// Runs axe on the document and hands back its violations, trimmed to what a report needs.
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
window.axe
  .run(document, { resultTypes: ["violations"] })
  .then(
    (r) => done({
      ok: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
      })),
      // Colour contrast axe could not decide (text over an image, a gradient, overlapping).
      undecided: r.incomplete
        .filter((v) => v.id === "color-contrast")
        .flatMap((v) => v.nodes.map((n) => n.target)),
    }),
    (e) => done({ err: String(e) }),
  );
"#;

/// The workspace root (two folders above this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// axe-core's source, read from the UI's node_modules.
pub fn source() -> String {
    let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing at {} ({e}): run `npm ci` in ui/ (it is a devDependency)",
            path.display()
        )
    })
}

/// One screen's violations in one theme.
pub struct Finding {
    pub screen: String,
    pub theme: String,
    pub violations: Vec<Value>,
    /// The elements whose colour contrast axe could not decide.
    pub undecided: Vec<Value>,
}

/// Runs axe on what `app` shows now (injecting it first if this page has none yet): the
/// violations, and the elements whose colour contrast it could not decide.
pub async fn check(app: &App, source: &str) -> (Vec<Value>, Vec<Value>) {
    let present = app
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap_or(Value::Bool(false));
    if present != Value::Bool(true)
        && let Err(e) = app.client.execute(source, vec![]).await
    {
        app.fail(&format!("injecting axe-core: {e}")).await;
    }
    match app.client.execute_async(RUN, vec![]).await {
        Ok(r) => match (r["ok"].as_array(), r["undecided"].as_array()) {
            (Some(v), Some(u)) => (v.clone(), u.clone()),
            _ => app.fail(&format!("axe.run failed: {r}")).await,
        },
        Err(e) => app.fail(&format!("running axe: {e}")).await,
    }
}

/// Whether a violation is one the test fails on.
pub fn blocking(v: &Value) -> bool {
    matches!(v["impact"].as_str(), Some("serious" | "critical"))
}

/// `screen theme rule impact count first-target`, one violation a line.
fn line(f: &Finding, v: &Value) -> String {
    let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    let first = nodes.first();
    let target = first.map(|n| n["target"].to_string()).unwrap_or_default();
    let summary = first
        .and_then(|n| n["failureSummary"].as_str())
        .unwrap_or("")
        .replace('\n', " ");
    format!(
        "{:<22} {:<5} {:<28} {:<9} {:>3}  {target}  {summary}",
        f.screen,
        f.theme,
        v["id"].as_str().unwrap_or("?"),
        v["impact"].as_str().unwrap_or("?"),
        nodes.len(),
    )
}

/// The readable summary: every violation, then the blocking ones with every element.
pub fn summary(findings: &[Finding]) -> String {
    let mut out = String::from(
        "axe-core report (screen, theme, rule, impact, elements, first element, its summary)\n",
    );
    let mut total = 0;
    for f in findings {
        for v in &f.violations {
            total += 1;
            out.push_str(&line(f, v));
            out.push('\n');
        }
        if let Some(first) = f.undecided.first() {
            out.push_str(&format!(
                "{:<22} {:<5} color-contrast undecided: {} elements (look at them), first {first}\n",
                f.screen,
                f.theme,
                f.undecided.len()
            ));
        }
    }
    out.push_str(&format!(
        "{total} violations over {} screen checks\n",
        findings.len()
    ));
    out
}

/// Every serious or critical violation, one element a line, for the failure message.
pub fn blocking_report(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in findings {
        for v in f.violations.iter().filter(|v| blocking(v)) {
            for n in v["nodes"].as_array().into_iter().flatten() {
                out.push(format!(
                    "{} [{}] {} ({}): {} {}",
                    f.screen,
                    f.theme,
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    n["target"],
                    n["failureSummary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', " ")
                ));
            }
        }
    }
    out
}

/// Writes `target/e2e-logs/axe-report.json` and `axe-report.txt`.
pub fn write(findings: &[Finding]) {
    let dir = workspace_root().join("target/e2e-logs");
    std::fs::create_dir_all(&dir).unwrap();
    let all: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "screen": f.screen,
                "theme": f.theme,
                "violations": f.violations,
                "color_contrast_undecided": f.undecided,
            })
        })
        .collect();
    std::fs::write(
        dir.join("axe-report.json"),
        serde_json::to_string_pretty(&all).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("axe-report.txt"), summary(findings)).unwrap();
}
