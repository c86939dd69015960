//! The TypeScript bindings of the UI (`ui/src/bindings.ts`), generated from the Rust
//! declarations: every command's arguments and result (the core's use cases and the app's
//! own commands, from their registries), every type they name (found by walking their
//! dependencies, so none is listed by hand), the events and their payloads, and which
//! cached reads each kind of change makes stale. `cargo test -p rehearsalhub bindings`
//! fails when the file is stale; `UPDATE_BINDINGS=1` rewrites it.

use std::collections::HashSet;

use rehearsalhub_core as core;
use rehearsalhub_core::UseCase;
use rehearsalhub_core::case::{self, Visit};
use ts_rs::{Config, TS, TypeVisitor};

use crate::shell::{self, Shell, VisitShell};

/// Collects the declaration of every type it visits, and of what each depends on, once.
struct Decls<'a> {
    cfg: &'a Config,
    /// The types visited, so a type that contains itself (a comment's replies) ends.
    visited: HashSet<std::any::TypeId>,
    /// The names declared, so two types written as one (`Comment`) are declared once.
    declared: HashSet<String>,
    out: Vec<String>,
}

impl TypeVisitor for Decls<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.visited.insert(std::any::TypeId::of::<T>()) {
            return;
        }
        if T::output_path().is_some() && self.declared.insert(T::name(self.cfg)) {
            self.out.push(T::decl(self.cfg));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

/// One line of the `Commands` interface per command, and the types they name.
struct Commands<'a> {
    decls: Decls<'a>,
    lines: Vec<String>,
    cached: Vec<(&'static str, core::QueryTag)>,
}

impl Commands<'_> {
    fn line<A: TS + 'static, R: TS + 'static>(&mut self, name: &str) {
        self.decls.visit::<A>();
        self.decls.visit::<R>();
        let cfg = self.decls.cfg;
        self.lines.push(format!(
            "  {name}: {{ args: {}; result: {} }};\n",
            A::name(cfg),
            R::name(cfg)
        ));
    }
}

impl Visit for Commands<'_> {
    fn case<U: UseCase>(&mut self) {
        if let Some(tag) = U::CACHED_AS {
            self.cached.push((U::NAME, tag));
        }
        // The app wraps some use cases in commands of its own, with its own arguments.
        if !shell::names::NAMES.contains(&U::NAME) {
            self.line::<U, U::Output>(U::NAME);
        }
    }
}

impl VisitShell for Commands<'_> {
    fn command<C: Shell>(&mut self) {
        self.line::<C, C::Output>(C::NAME);
    }
}

/// The whole bindings file.
pub fn generate() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut commands = Commands {
        decls: Decls {
            cfg: &cfg,
            visited: HashSet::new(),
            declared: HashSet::new(),
            out: Vec::new(),
        },
        lines: Vec::new(),
        cached: Vec::new(),
    };
    commands.decls.visit::<core::error::ErrorShape>();
    commands.decls.visit::<core::Change>();
    commands.decls.visit::<core::QueryTag>();
    shell::each(&mut commands);
    case::each(&mut commands);
    let events = events(&cfg, &mut commands.decls);
    // By name, so the file reads as a glossary and a new type lands in one place.
    commands
        .decls
        .out
        .sort_by(|a, b| type_name(a).cmp(type_name(b)));
    let mut out = String::from(
        "// Generated from the Rust declarations by `UPDATE_BINDINGS=1 cargo test -p rehearsalhub bindings`.\n// Do not edit by hand.\n\n",
    );
    for d in &commands.decls.out {
        out.push_str("export ");
        out.push_str(d.trim_end());
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command: its arguments and its result. */\nexport interface Commands {\n",
    );
    for line in &commands.lines {
        out.push_str(line);
    }
    out.push_str("}\n\n");
    out.push_str(&events);
    out.push('\n');
    out.push_str(&invalidation(&commands.cached));
    out
}

/// The `Events` interface: each Tauri event the app emits, with its payload's type.
fn events(cfg: &Config, decls: &mut Decls<'_>) -> String {
    use crate::live::{CHANGE_EVENT, LIVE_EVENT, LiveStatus};
    use crate::shell::{
        ADD_VERSION_PROGRESS, AddVersionProgress, DOWNLOAD_PROGRESS, DownloadProgress,
    };
    decls.visit::<LiveStatus>();
    decls.visit::<rehearsalhub_audio::PlayerState>();
    decls.visit::<DownloadProgress>();
    decls.visit::<AddVersionProgress>();
    let events = [
        (CHANGE_EVENT, core::Change::name(cfg)),
        (LIVE_EVENT, LiveStatus::name(cfg)),
        (
            crate::state::PLAYER_EVENT,
            rehearsalhub_audio::PlayerState::name(cfg),
        ),
        (DOWNLOAD_PROGRESS, DownloadProgress::name(cfg)),
        (ADD_VERSION_PROGRESS, AddVersionProgress::name(cfg)),
        (crate::DEEP_LINK_EVENT, "string".to_owned()),
    ];
    let mut out = String::from(
        "/** Every event the app emits, with its payload. */\nexport interface Events {\n",
    );
    for (name, ty) in events {
        out.push_str(&format!("  \"{name}\": {ty};\n"));
    }
    out.push_str("}\n");
    out
}

/// Which command each query tag caches (declared by the use case, `CACHED_AS`), and which
/// tags each kind of change invalidates (declared once, in [`core::Change::invalidates`]).
fn invalidation(cached: &[(&str, core::QueryTag)]) -> String {
    let mut out = String::from(
        "/** The command whose answers each query tag caches; a query's key starts with its tag. */\nexport const QUERY_TAGS = {\n",
    );
    for (command, tag) in cached {
        out.push_str(&format!("  {command}: \"{}\",\n", tag_name(*tag)));
    }
    out.push_str("} as const satisfies Partial<Record<keyof Commands, QueryTag>>;\n\n");
    out.push_str("/** What each kind of change makes stale. */\nexport const INVALIDATES: Record<Change[\"kind\"], QueryTag[]> = {\n");
    for c in core::Change::every_kind() {
        let tags: Vec<String> = c
            .invalidates()
            .iter()
            .map(|t| format!("\"{}\"", tag_name(*t)))
            .collect();
        out.push_str(&format!("  {}: [{}],\n", c.kind(), tags.join(", ")));
    }
    out.push_str("};\n");
    out
}

/// The name a declaration (`type Name = …`) declares.
fn type_name(decl: &str) -> &str {
    decl.trim_start_matches("type ")
        .split([' ', '<', '='])
        .next()
        .unwrap_or_default()
}

fn tag_name(tag: core::QueryTag) -> String {
    serde_json::to_value(tag)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_current() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let fresh = super::generate();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run UPDATE_BINDINGS=1 cargo test -p rehearsalhub bindings"
        );
    }

    #[test]
    fn every_cached_tag_names_a_command() {
        // A tag may cache several reads (a session list and one session): their keys differ
        // by their arguments. A tag caching nothing would be a change that refreshes nothing.
        let fresh = super::generate();
        for tag in rehearsalhub_core::QueryTag::ALL {
            let name = super::tag_name(tag);
            assert!(
                fresh.matches(&format!(": \"{name}\",\n")).count() >= 1,
                "{name}"
            );
        }
    }
}
