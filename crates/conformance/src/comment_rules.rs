//! The rules of comments (SPEC §5) on every backend: where a comment may be pinned, the
//! order of the list, edits and their rights, resolution, the deleted-with-replies case,
//! counts on the version, the activity log, and the cascade when a version is deleted.

use rehearsalhub_core::{
    ActivityKind, Api, Comment, CommentBody, CommentDraft, CommentId, CommentPatch, CommentTag,
    ErrorCode, Role, SongTitle, Upload, VersionId,
};

use crate::backend::{Backend, Env};
use crate::fixture::{Person, band_with, person, wav};

fn code<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code()
}

fn field<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> Option<&'static str> {
    r.expect_err("expected an error").field()
}

fn body(text: &str) -> CommentBody {
    CommentBody::parse(text).expect("body")
}

fn draft(at_ms: i64, until_ms: Option<i64>, tag: CommentTag, text: &str) -> CommentDraft {
    CommentDraft {
        at_ms,
        until_ms,
        body: body(text),
        tag,
    }
}

async fn add(hub: &dyn Api, who: &Person, v: VersionId, d: CommentDraft) -> Comment {
    hub.add_comment(&who.caller, v, d).await.expect("comment")
}

async fn find(hub: &dyn Api, who: &Person, v: VersionId, id: CommentId) -> Option<Comment> {
    hub.list_comments(&who.caller, v)
        .await
        .expect("list")
        .iter()
        .find(|c| c.id == id)
        .cloned()
}

/// Comments pinned to moments and ranges inside the recording, listed in time order with
/// their replies; edits, resolution and deletion as SPEC §2 and §5 say.
pub async fn comments_on_versions(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "cm_ada").await;
    let bob = person(hub, "cm_bob").await;
    let band = band_with(hub, &ada, "Comments", &[(&bob, Role::Member)]).await;
    let song = hub
        .create_song(&ada.caller, band, SongTitle::parse("Take five").expect("t"))
        .await
        .expect("song");
    // One second of audio.
    let v = hub
        .add_version(
            &ada.caller,
            song.id,
            Upload::Bytes(wav(1000, 4)),
            None,
            Some("t.wav"),
            None,
        )
        .await
        .expect("version")
        .id;
    let duration = hub
        .get_version(&ada.caller, v)
        .await
        .expect("v")
        .duration_ms;
    assert_eq!(duration, Some(1000));

    // Where a comment may be pinned: inside the recording, a range ending after it starts.
    for (at, until, bad) in [
        (1001, None, "at_ms"),
        (-1, None, "at_ms"),
        (500, Some(1001), "until_ms"),
        (500, Some(500), "until_ms"),
        (500, Some(100), "until_ms"),
    ] {
        let r = hub
            .add_comment(&bob.caller, v, draft(at, until, CommentTag::Note, "x"))
            .await;
        assert_eq!(field(r), Some(bad), "{at}..{until:?}");
    }
    assert!(
        hub.list_comments(&ada.caller, v)
            .await
            .expect("l")
            .is_empty(),
        "nothing written"
    );

    // Time order, whoever wrote first; the tag defaults to what the draft says.
    let late = add(
        hub,
        &ada,
        v,
        draft(900, None, CommentTag::Note, "Ending rushes"),
    )
    .await;
    let issue = add(
        hub,
        &ada,
        v,
        draft(200, None, CommentTag::Issue, "Bridge drags"),
    )
    .await;
    let keeper = add(
        hub,
        &bob,
        v,
        draft(300, Some(800), CommentTag::Keeper, "Keep this"),
    )
    .await;
    assert_eq!((keeper.at_ms, keeper.until_ms), (Some(300), Some(800)));
    assert_eq!(keeper.author.id, bob.user.id);
    assert!(!issue.resolved && issue.edited_at.is_none() && !issue.deleted);
    let r1 = hub
        .reply_to_comment(&bob.caller, issue.id, body("I hear it too"))
        .await
        .expect("reply");
    let r2 = hub
        .reply_to_comment(&ada.caller, issue.id, body("Let us slow it down"))
        .await
        .expect("reply");
    assert_eq!((r1.parent_id, r1.at_ms), (Some(issue.id), None));
    let list = hub.list_comments(&bob.caller, v).await.expect("list");
    let ids: Vec<_> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![issue.id, keeper.id, late.id]);
    let replies: Vec<_> = list[0].replies.iter().map(|c| c.id).collect();
    assert_eq!(replies, vec![r1.id, r2.id]);
    // Replies are one level deep.
    assert_eq!(
        field(
            hub.reply_to_comment(&ada.caller, r1.id, body("deeper"))
                .await
        ),
        Some("comment_id")
    );

    // The version's row counts comments and open issues, and knows a keeper.
    let row = hub.get_version(&bob.caller, v).await.expect("v");
    assert_eq!((row.comment_count, row.open_issues, row.keepers), (5, 1, 1));

    // Its author edits the text; the edit time is kept. Others may not; a reply has no tag.
    let edited = hub
        .update_comment(
            &ada.caller,
            issue.id,
            CommentPatch {
                body: Some(body("Bridge drags at 0:00.2")),
                ..CommentPatch::default()
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.body, "Bridge drags at 0:00.2");
    assert!(edited.edited_at.is_some());
    let not_author = CommentPatch {
        tag: Some(CommentTag::Note),
        ..CommentPatch::default()
    };
    assert_eq!(
        code(
            hub.update_comment(&bob.caller, issue.id, not_author.clone())
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        field(hub.update_comment(&bob.caller, r1.id, not_author).await),
        Some("tag")
    );

    // Any member resolves an issue and reopens it; only an issue can be resolved.
    let resolve = |yes| CommentPatch {
        resolved: Some(yes),
        ..CommentPatch::default()
    };
    let done = hub
        .update_comment(&bob.caller, issue.id, resolve(true))
        .await
        .expect("resolve");
    assert!(done.resolved);
    assert_eq!(done.resolved_by.as_ref().map(|u| u.id), Some(bob.user.id));
    assert_eq!(done.edited_at, edited.edited_at, "resolving is not editing");
    assert_eq!(
        hub.get_version(&ada.caller, v)
            .await
            .expect("v")
            .open_issues,
        0
    );
    let reopened = hub
        .update_comment(&ada.caller, issue.id, resolve(false))
        .await
        .expect("reopen");
    assert!(!reopened.resolved && reopened.resolved_by.is_none());
    assert_eq!(
        field(
            hub.update_comment(&bob.caller, keeper.id, resolve(true))
                .await
        ),
        Some("resolved")
    );

    // Deleted with replies: shown as deleted, replies kept, no new replies, no edits.
    hub.delete_comment(&ada.caller, issue.id)
        .await
        .expect("delete");
    let shell = find(hub, &bob, v, issue.id).await.expect("kept");
    assert!(shell.deleted && shell.body.is_empty());
    assert_eq!(shell.replies.len(), 2);
    assert_eq!(
        code(
            hub.reply_to_comment(&bob.caller, issue.id, body("hello?"))
                .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        code(
            hub.update_comment(&bob.caller, issue.id, resolve(true))
                .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        hub.get_version(&ada.caller, v)
            .await
            .expect("v")
            .comment_count,
        4
    );
    // An admin deletes another's reply; the last reply takes the deleted comment along.
    hub.delete_comment(&ada.caller, r1.id)
        .await
        .expect("admin deletes a reply");
    assert!(
        find(hub, &bob, v, issue.id).await.is_some(),
        "one reply left"
    );
    hub.delete_comment(&ada.caller, r2.id)
        .await
        .expect("own reply");
    assert!(
        find(hub, &bob, v, issue.id).await.is_none(),
        "the empty shell goes"
    );
    // Without replies, a comment simply goes.
    hub.delete_comment(&bob.caller, keeper.id)
        .await
        .expect("own comment");
    assert!(find(hub, &ada, v, keeper.id).await.is_none());
    assert_eq!(
        code(hub.delete_comment(&bob.caller, keeper.id).await),
        ErrorCode::NotFound
    );

    // The log records comments added and deleted.
    let log = hub.list_activity(&ada.caller, band).await.expect("log");
    let count = |k| log.iter().filter(|e| e.kind == k).count();
    assert_eq!(count(ActivityKind::CommentAdded), 5);
    assert_eq!(count(ActivityKind::CommentDeleted), 4);

    // Deleting the version deletes its comments.
    hub.delete_version(&ada.caller, v)
        .await
        .expect("delete version");
    assert_eq!(
        code(
            hub.update_comment(&ada.caller, late.id, resolve(false))
                .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(hub.list_comments(&ada.caller, v).await),
        ErrorCode::NotFound
    );
}
