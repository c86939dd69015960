//! Invites: every outcome of redeeming, revoking and answering one, and the members' view
//! of a band's list.

use base64::Engine;
use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{Caller, ErrorCode, ExpiresIn, InviteStatus, InviteToken, Role};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, person, token_invite};
use crate::suite::code;

/// Each redemption outcome of SPEC §3 with its exact code.
pub async fn invite_outcomes(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "out_admin").await;
    let first = person(hub, "out_first").await;
    let second = person(hub, "out_second").await;
    let third = person(hub, "out_third").await;
    let band = band_with(hub, &admin, "Outcomes", &[]).await;

    // Used → conflict, for anyone; already a member → conflict.
    let used = token_invite(hub, &admin, band, Role::Member).await;
    let m = hub
        .run(
            &first.caller,
            RedeemInvite {
                token: used.clone(),
            },
        )
        .await
        .expect("redeem");
    assert_eq!((m.member_id, m.role), (first.user.id, Role::Member));
    assert_eq!(
        code(
            hub.run(
                &second.caller,
                RedeemInvite {
                    token: used.clone()
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    let fresh = token_invite(hub, &admin, band, Role::Member).await;
    assert_eq!(
        code(
            hub.run(
                &first.caller,
                RedeemInvite {
                    token: fresh.clone()
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        hub.run(
            &Caller::Anonymous,
            PreviewInvite {
                token: fresh.clone()
            }
        )
        .await
        .expect("p")
        .status,
        InviteStatus::Pending,
        "a refused redemption leaves the invite pending"
    );

    // Revoked → gone; revoking twice is fine; revoking a used invite is a conflict.
    let revoked = token_invite(hub, &admin, band, Role::Member).await;
    let revoked_id = hub
        .run(
            &Caller::Anonymous,
            PreviewInvite {
                token: revoked.clone(),
            },
        )
        .await
        .expect("p")
        .id;
    hub.run(
        &admin.caller,
        RevokeInvite {
            invite_id: revoked_id,
        },
    )
    .await
    .expect("revoke");
    hub.run(
        &admin.caller,
        RevokeInvite {
            invite_id: revoked_id,
        },
    )
    .await
    .expect("revoke twice");
    assert_eq!(
        code(
            hub.run(
                &second.caller,
                RedeemInvite {
                    token: revoked.clone()
                }
            )
            .await
        ),
        ErrorCode::Gone
    );
    let used_id = hub
        .run(
            &Caller::Anonymous,
            PreviewInvite {
                token: used.clone(),
            },
        )
        .await
        .expect("p")
        .id;
    assert_eq!(
        code(
            hub.run(&admin.caller, RevokeInvite { invite_id: used_id })
                .await
        ),
        ErrorCode::Conflict
    );

    // A well-formed token that matches nothing → not_found.
    let stranger =
        InviteToken::parse(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([7u8; 32]))
            .expect("t");
    assert_eq!(
        code(
            hub.run(
                &second.caller,
                RedeemInvite {
                    token: stranger.clone()
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(
            hub.run(
                &Caller::Anonymous,
                PreviewInvite {
                    token: stranger.clone()
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );

    // A direct invite answered by anyone but its invitee → not_found.
    let direct = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                invitee_id: Some(second.user.id),
                role: Some(Role::Admin),
                expires_in_hours: Some(ExpiresIn::default()),
            },
        )
        .await
        .expect("direct");
    assert!(
        direct.token.is_none() && direct.link.is_none(),
        "direct invites have no token"
    );
    assert_eq!(
        code(
            hub.run(
                &third.caller,
                AcceptInvite {
                    invite_id: direct.invite.id
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(
            hub.run(
                &third.caller,
                DeclineInvite {
                    invite_id: direct.invite.id
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );
    // Inviting a member directly, or someone already invited, is a conflict.
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                CreateInvite {
                    band_id: band,
                    invitee_id: Some(first.user.id),
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default())
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                CreateInvite {
                    band_id: band,
                    invitee_id: Some(second.user.id),
                    role: Some(Role::Member),
                    expires_in_hours: Some(ExpiresIn::default())
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    let inbox = hub
        .run(&second.caller, ListMyInvites {})
        .await
        .expect("inbox");
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (
            inbox[0].band_name.as_str(),
            inbox[0].role,
            inbox[0].invited_by.as_str()
        ),
        ("Outcomes", Role::Admin, "out_admin")
    );
    let m = hub
        .run(
            &second.caller,
            AcceptInvite {
                invite_id: direct.invite.id,
            },
        )
        .await
        .expect("accept");
    assert_eq!(m.role, Role::Admin);
    assert_eq!(
        code(
            hub.run(
                &second.caller,
                AcceptInvite {
                    invite_id: direct.invite.id
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    assert!(
        hub.run(&second.caller, ListMyInvites {})
            .await
            .expect("inbox")
            .is_empty()
    );

    // Declining: the invite shows as revoked (declined) and cannot be accepted after.
    let d2 = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                invitee_id: Some(third.user.id),
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::default()),
            },
        )
        .await
        .expect("direct");
    hub.run(
        &third.caller,
        DeclineInvite {
            invite_id: d2.invite.id,
        },
    )
    .await
    .expect("decline");
    assert_eq!(
        code(
            hub.run(
                &third.caller,
                AcceptInvite {
                    invite_id: d2.invite.id
                }
            )
            .await
        ),
        ErrorCode::Gone
    );
    let list = hub
        .run(&admin.caller, ListInvites::first_page(band))
        .await
        .expect("list");
    let row = list
        .invites
        .iter()
        .find(|i| i.id == d2.invite.id)
        .expect("declined row");
    assert_eq!(row.status, InviteStatus::Revoked);
    assert!(row.declined_at.is_some());
    assert_eq!(row.invitee.as_ref().map(|u| u.id), Some(third.user.id));

    // Invalid input never reaches the database.
    for bad in ["", "not a token", "rehearsalhub://invite/short"] {
        assert_eq!(
            InviteToken::parse(bad).expect_err("bad").field(),
            Some("token")
        );
    }
}

/// A member lists invites (statuses, no tokens); a non-member cannot.
pub async fn members_list_invites_without_tokens(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "li_admin").await;
    let member = person(hub, "li_member").await;
    let outsider = person(hub, "li_out").await;
    let band = band_with(hub, &admin, "Listing", &[(&member, Role::Member)]).await;
    let pending = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Admin),
                expires_in_hours: Some(ExpiresIn::hours(2).expect("h")),
                invitee_id: None,
            },
        )
        .await
        .expect("i");
    let revoked = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::default()),
                invitee_id: None,
            },
        )
        .await
        .expect("i");
    hub.run(
        &admin.caller,
        RevokeInvite {
            invite_id: revoked.invite.id,
        },
    )
    .await
    .expect("revoke");
    let expiring = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::hours(1).expect("h")),
                invitee_id: None,
            },
        )
        .await
        .expect("i");
    env.clock.advance(3600);
    let list = hub
        .run(&member.caller, ListInvites::first_page(band))
        .await
        .expect("member lists");
    assert_eq!((list.total, list.pending), (4, 1));
    let status = |id| list.invites.iter().find(|i| i.id == id).map(|i| i.status);
    assert_eq!(status(pending.invite.id), Some(InviteStatus::Pending));
    assert_eq!(status(revoked.invite.id), Some(InviteStatus::Revoked));
    assert_eq!(status(expiring.invite.id), Some(InviteStatus::Expired));
    assert_eq!(
        list.invites
            .iter()
            .filter(|i| i.status == InviteStatus::Used)
            .count(),
        1
    );
    // Newest first.
    assert_eq!(list.invites[0].id, expiring.invite.id);
    let json = serde_json::to_string(&list).expect("json");
    for t in [&pending.token, &revoked.token, &expiring.token] {
        assert!(!json.contains(t.as_deref().expect("t")));
    }
    assert!(
        !json.contains("\"token\":") && !json.contains("token_hash"),
        "no token field in a list: {json}"
    );
    assert_eq!(
        code(
            hub.run(&outsider.caller, ListInvites::first_page(band))
                .await
        ),
        ErrorCode::Forbidden
    );
    // Paging.
    let page = hub
        .run(
            &member.caller,
            ListInvites {
                band_id: band,
                limit: Some(PageLimit::new(2).unwrap()),
                offset: Some(PageOffset::new(1).unwrap()),
            },
        )
        .await
        .expect("page");
    assert_eq!(
        page.invites.iter().map(|i| i.id).collect::<Vec<_>>(),
        list.invites[1..3].iter().map(|i| i.id).collect::<Vec<_>>()
    );
    assert_eq!(PageLimit::new(0).expect_err("limit").field(), Some("limit"));
    assert_eq!(
        PageOffset::new(-1).expect_err("offset").field(),
        Some("offset")
    );
}
