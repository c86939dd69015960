//! The TypeScript bindings of the UI (`ui/src/bindings.ts`), generated from the Rust types
//! and the command declarations. `cargo test -p rehearsalhub bindings` fails when the file
//! is stale; `UPDATE_BINDINGS=1` rewrites it.

use rehearsalhub_core as core;
use ts_rs::TS;

/// The whole bindings file.
pub fn generate() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        core::UserId::decl(&cfg),
        core::BandId::decl(&cfg),
        core::InviteId::decl(&cfg),
        core::SongId::decl(&cfg),
        core::VersionId::decl(&cfg),
        core::CommentId::decl(&cfg),
        core::Timestamp::decl(&cfg),
        core::Role::decl(&cfg),
        core::ErrorCode::decl(&cfg),
        core::error::ErrorShape::decl(&cfg),
        core::User::decl(&cfg),
        core::Band::decl(&cfg),
        core::Member::decl(&cfg),
        core::InviteKind::decl(&cfg),
        core::InviteStatus::decl(&cfg),
        core::RevokeReason::decl(&cfg),
        core::Invite::decl(&cfg),
        core::InviteList::decl(&cfg),
        core::CreatedInvite::decl(&cfg),
        core::InvitePreview::decl(&cfg),
        core::MyInvite::decl(&cfg),
        core::NonMember::decl(&cfg),
        core::AudioFormat::decl(&cfg),
        core::Version::decl(&cfg),
        core::Song::decl(&cfg),
        core::Waveform::decl(&cfg),
        core::CommentTag::decl(&cfg),
        core::Comment::decl(&cfg),
        rehearsalhub_audio::Track::decl(&cfg),
        rehearsalhub_audio::Status::decl(&cfg),
        rehearsalhub_audio::PlayerState::decl(&cfg),
        crate::commands::AddVersionProgress::decl(&cfg),
        crate::commands::DownloadProgress::decl(&cfg),
        crate::connection::Place::decl(&cfg),
        crate::commands::Connected::decl(&cfg),
        core::ActivityKind::decl(&cfg),
        core::ActivityEntry::decl(&cfg),
        crate::commands::AppStatus::decl(&cfg),
        core::Change::decl(&cfg),
        core::QueryTag::decl(&cfg),
        crate::live::LiveStatus::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p rehearsalhub bindings`.\n// Do not edit by hand.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim_end());
        out.push_str("\n\n");
    }
    out.push_str(&crate::commands::typescript(&cfg));
    out.push('\n');
    out.push_str(&events(&cfg));
    out.push('\n');
    out.push_str(&invalidation());
    out
}

/// The `Events` interface: each Tauri event the app emits, with its payload's type.
fn events(cfg: &ts_rs::Config) -> String {
    use crate::commands::{
        ADD_VERSION_PROGRESS, AddVersionProgress, DOWNLOAD_PROGRESS, DownloadProgress,
    };
    use crate::live::{CHANGE_EVENT, LIVE_EVENT, LiveStatus};
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

/// Which use case each query tag caches, and which tags each kind of change invalidates
/// (declared once, in [`core::Change::invalidates`]).
fn invalidation() -> String {
    let mut out = String::from(
        "/** The command whose answers each query tag caches; a query's key starts with its tag. */\nexport const QUERY_TAGS = {\n",
    );
    for tag in core::QueryTag::ALL {
        out.push_str(&format!("  {}: \"{}\",\n", tag.reads(), tag_name(tag)));
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
    fn main_window_may_call_every_command_and_little_else() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: Vec<&str> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .collect();
        let mut expected = vec![
            "core:default".to_owned(),
            "clipboard-manager:allow-write-text".to_owned(),
            "dialog:allow-open".to_owned(),
        ];
        expected.extend(
            crate::commands::NAMES
                .iter()
                .map(|n| format!("allow-{}", n.replace('_', "-"))),
        );
        assert_eq!(granted, expected);
    }

    #[test]
    fn every_query_tag_names_a_command() {
        for tag in rehearsalhub_core::QueryTag::ALL {
            assert!(crate::commands::NAMES.contains(&tag.reads()), "{tag:?}");
        }
    }

    #[test]
    fn manifest_lists_every_command() {
        let listed: Vec<&str> = include_str!("../commands.txt").split_whitespace().collect();
        assert_eq!(
            listed,
            crate::commands::NAMES,
            "update src-tauri/commands.txt (read by build.rs)"
        );
    }
}
