//! The rules of comments (SPEC §5) on every backend: where a comment may be pinned, the
//! order of the list, edits and their rights, resolution, the deleted-with-replies case,
//! counts on the version, the activity log, and the cascade when a version is deleted.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    ActivityKind, Api, Comment, CommentBody, CommentId, CommentTag, ErrorCode, Role, SongTitle,
    Upload, VersionId,
};

use crate::backend::{Backend, Env};
use crate::fixture::{Person, band_with, person, wav};

fn code<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code()
}

fn field<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> Option<&'static str> {
    // Leaked: a test's few field names, compared with literals.
    let e = r.expect_err("expected an error");
    e.field()
        .map(|f| &*Box::leak(f.to_owned().into_boxed_str()))
}

fn body(text: &str) -> CommentBody {
    CommentBody::parse(text).expect("body")
}

fn draft(at_ms: i64, until_ms: Option<i64>, tag: CommentTag, text: &str) -> AddComment {
    AddComment {
        version_id: VersionId(0),
        at_ms,
        until_ms,
        body: body(text),
        tag: Some(tag),
    }
}

async fn add(hub: &dyn Api, who: &Person, v: VersionId, d: AddComment) -> Comment {
    hub.run(&who.caller, AddComment { version_id: v, ..d })
        .await
        .expect("comment")
}

async fn find(hub: &dyn Api, who: &Person, v: VersionId, id: CommentId) -> Option<Comment> {
    hub.run(&who.caller, ListComments { version_id: v })
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
        .run(
            &ada.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Take five").expect("t"),
            },
        )
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
        .run(&ada.caller, GetVersion { version_id: v })
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
            .run(
                &bob.caller,
                AddComment {
                    version_id: v,
                    ..draft(at, until, CommentTag::Note, "x")
                },
            )
            .await;
        assert_eq!(field(r), Some(bad), "{at}..{until:?}");
    }
    assert!(
        hub.run(&ada.caller, ListComments { version_id: v })
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
    assert_eq!((keeper.at_ms(), keeper.until_ms()), (Some(300), Some(800)));
    assert_eq!(keeper.author.id, bob.user.id);
    assert!(!issue.resolved() && issue.edited_at.is_none() && !issue.deleted);
    let r1 = hub
        .run(
            &bob.caller,
            ReplyToComment {
                comment_id: issue.id,
                body: body("I hear it too"),
            },
        )
        .await
        .expect("reply");
    let r2 = hub
        .run(
            &ada.caller,
            ReplyToComment {
                comment_id: issue.id,
                body: body("Let us slow it down"),
            },
        )
        .await
        .expect("reply");
    assert_eq!((r1.parent_id(), r1.at_ms()), (Some(issue.id), None));
    let list = hub
        .run(&bob.caller, ListComments { version_id: v })
        .await
        .expect("list");
    let ids: Vec<_> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![issue.id, keeper.id, late.id]);
    let replies: Vec<_> = list[0].replies().iter().map(|c| c.id).collect();
    assert_eq!(replies, vec![r1.id, r2.id]);
    // Replies are one level deep.
    assert_eq!(
        field(
            hub.run(
                &ada.caller,
                ReplyToComment {
                    comment_id: r1.id,
                    body: body("deeper")
                }
            )
            .await
        ),
        Some("comment_id")
    );

    // The version's row counts comments and open issues, and knows a keeper.
    let row = hub
        .run(&bob.caller, GetVersion { version_id: v })
        .await
        .expect("v");
    assert_eq!((row.comment_count, row.open_issues, row.keepers), (5, 1, 1));

    // Its author edits the text; the edit time is kept. Others may not; a reply has no tag.
    let edited = hub
        .run(
            &ada.caller,
            UpdateComment {
                comment_id: issue.id,
                ..UpdateComment {
                    body: Some(body("Bridge drags at 0:00.2")),
                    ..UpdateComment::of(CommentId(0))
                }
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.body, "Bridge drags at 0:00.2");
    assert!(edited.edited_at.is_some());
    let not_author = UpdateComment {
        tag: Some(CommentTag::Note),
        ..UpdateComment::of(CommentId(0))
    };
    assert_eq!(
        code(
            hub.run(
                &bob.caller,
                UpdateComment {
                    comment_id: issue.id,
                    ..not_author.clone()
                }
            )
            .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        field(
            hub.run(
                &bob.caller,
                UpdateComment {
                    comment_id: r1.id,
                    ..not_author
                }
            )
            .await
        ),
        Some("tag")
    );

    // Any member resolves an issue and reopens it; only an issue can be resolved.
    let resolve = |yes| UpdateComment {
        resolved: Some(yes),
        ..UpdateComment::of(CommentId(0))
    };
    let done = hub
        .run(
            &bob.caller,
            UpdateComment {
                comment_id: issue.id,
                ..resolve(true)
            },
        )
        .await
        .expect("resolve");
    assert!(done.resolved());
    assert_eq!(done.resolved_by().as_ref().map(|u| u.id), Some(bob.user.id));
    assert_eq!(done.edited_at, edited.edited_at, "resolving is not editing");
    assert_eq!(
        hub.run(&ada.caller, GetVersion { version_id: v })
            .await
            .expect("v")
            .open_issues,
        0
    );
    let reopened = hub
        .run(
            &ada.caller,
            UpdateComment {
                comment_id: issue.id,
                ..resolve(false)
            },
        )
        .await
        .expect("reopen");
    assert!(!reopened.resolved() && reopened.resolved_by().is_none());
    assert_eq!(
        field(
            hub.run(
                &bob.caller,
                UpdateComment {
                    comment_id: keeper.id,
                    ..resolve(true)
                }
            )
            .await
        ),
        Some("resolved")
    );

    // Deleted with replies: shown as deleted, replies kept, no new replies, no edits.
    hub.run(
        &ada.caller,
        DeleteComment {
            comment_id: issue.id,
        },
    )
    .await
    .expect("delete");
    let shell = find(hub, &bob, v, issue.id).await.expect("kept");
    assert!(shell.deleted && shell.body.is_empty());
    assert_eq!(shell.replies().len(), 2);
    assert_eq!(
        code(
            hub.run(
                &bob.caller,
                ReplyToComment {
                    comment_id: issue.id,
                    body: body("hello?")
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        code(
            hub.run(
                &bob.caller,
                UpdateComment {
                    comment_id: issue.id,
                    ..resolve(true)
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        hub.run(&ada.caller, GetVersion { version_id: v })
            .await
            .expect("v")
            .comment_count,
        4
    );
    // An admin deletes another's reply; the last reply takes the deleted comment along.
    hub.run(&ada.caller, DeleteComment { comment_id: r1.id })
        .await
        .expect("admin deletes a reply");
    assert!(
        find(hub, &bob, v, issue.id).await.is_some(),
        "one reply left"
    );
    hub.run(&ada.caller, DeleteComment { comment_id: r2.id })
        .await
        .expect("own reply");
    assert!(
        find(hub, &bob, v, issue.id).await.is_none(),
        "the empty shell goes"
    );
    // Without replies, a comment simply goes.
    hub.run(
        &bob.caller,
        DeleteComment {
            comment_id: keeper.id,
        },
    )
    .await
    .expect("own comment");
    assert!(find(hub, &ada, v, keeper.id).await.is_none());
    assert_eq!(
        code(
            hub.run(
                &bob.caller,
                DeleteComment {
                    comment_id: keeper.id
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );

    // The log records comments added and deleted.
    let log = hub
        .run(&ada.caller, ListActivity { band_id: band })
        .await
        .expect("log");
    let count = |k| log.iter().filter(|e| e.kind == k).count();
    assert_eq!(count(ActivityKind::CommentAdded), 5);
    assert_eq!(count(ActivityKind::CommentDeleted), 4);

    // Deleting the version deletes its comments.
    hub.run(&ada.caller, DeleteVersion { version_id: v })
        .await
        .expect("delete version");
    assert_eq!(
        code(
            hub.run(
                &ada.caller,
                UpdateComment {
                    comment_id: late.id,
                    ..resolve(false)
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(hub.run(&ada.caller, ListComments { version_id: v }).await),
        ErrorCode::NotFound
    );
}
