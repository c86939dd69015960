//! SPEC §3: an invite lives only as long as its creator's right to make it. An admin who is
//! removed, demoted or leaves takes their pending invites with them, in the same
//! transaction, and the invite list and the activity log say so.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    ActivityKind, Api, BandId, ErrorCode, ExpiresIn, InviteStatus, InviteToken, RevokeReason, Role,
};

use crate::backend::{Backend, Env};
use crate::fixture::{Person, band_with, person, token_invite};

/// How the former admin loses the role.
#[derive(Debug, Clone, Copy)]
enum Loss {
    Removed,
    Demoted,
    Left,
}

async fn thirty_day_admin_invite(hub: &dyn Api, by: &Person, band: BandId) -> InviteToken {
    let created = hub
        .run(
            &by.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Admin),
                expires_in_hours: Some(
                    ExpiresIn::hours(i64::from(ExpiresIn::MAX_HOURS)).expect("30 days"),
                ),
                invitee_id: None,
            },
        )
        .await
        .expect("admin invite");
    InviteToken::parse(created.token.as_deref().expect("token")).expect("token")
}

/// The attack, for each way of losing the role: Eve, an admin, makes a 30-day admin
/// invite and a direct invite, loses the role, and cannot come back with her own token.
pub async fn a_former_admin_takes_their_invites_along(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "rights_ada").await;
    let friend = person(hub, "rights_friend").await;
    for (n, loss) in [Loss::Removed, Loss::Demoted, Loss::Left]
        .into_iter()
        .enumerate()
    {
        let eve = person(hub, &format!("rights_eve{n}")).await;
        let band = band_with(hub, &ada, &format!("Rights {n}"), &[(&eve, Role::Admin)]).await;
        let ada_token = token_invite(hub, &ada, band, Role::Member).await;
        let eve_token = thirty_day_admin_invite(hub, &eve, band).await;
        let eve_direct = hub
            .run(
                &eve.caller,
                CreateInvite {
                    band_id: band,
                    invitee_id: Some(friend.user.id),
                    role: Some(Role::Admin),
                    expires_in_hours: Some(ExpiresIn::default()),
                },
            )
            .await
            .expect("direct invite")
            .invite
            .id;
        match loss {
            Loss::Removed => hub
                .run(
                    &ada.caller,
                    RemoveMember {
                        band_id: band,
                        member_id: eve.user.id,
                    },
                )
                .await
                .expect("remove"),
            Loss::Demoted => hub
                .run(
                    &ada.caller,
                    ChangeRole {
                        band_id: band,
                        member_id: eve.user.id,
                        role: Role::Member,
                    },
                )
                .await
                .map(drop)
                .expect("demote"),
            Loss::Left => hub
                .run(
                    &eve.caller,
                    RemoveMember {
                        band_id: band,
                        member_id: eve.user.id,
                    },
                )
                .await
                .expect("leave"),
        }

        // Her token is revoked: `gone`, for her and for anyone she passes it to.
        let preview = hub
            .run(
                &Caller::Anonymous,
                PreviewInvite {
                    token: eve_token.clone(),
                },
            )
            .await
            .expect("preview");
        assert_eq!(preview.status, InviteStatus::Revoked, "{loss:?}");
        let redeemer = match loss {
            Loss::Demoted => &friend,
            Loss::Removed | Loss::Left => &eve,
        };
        assert_eq!(
            hub.run(
                &redeemer.caller,
                RedeemInvite {
                    token: eve_token.clone()
                }
            )
            .await
            .expect_err("revoked")
            .code(),
            ErrorCode::Gone,
            "{loss:?}"
        );
        // Her direct invite left the friend's inbox.
        let inbox = hub
            .run(&friend.caller, ListMyInvites {})
            .await
            .expect("inbox");
        assert!(inbox.iter().all(|i| i.id != eve_direct), "{loss:?}");
        // Ada's own invite is untouched.
        assert_eq!(
            hub.run(
                &Caller::Anonymous,
                PreviewInvite {
                    token: ada_token.clone()
                }
            )
            .await
            .expect("p")
            .status,
            InviteStatus::Pending,
            "{loss:?}"
        );

        // The invite list says why.
        let list = hub
            .run(&ada.caller, ListInvites::first_page(band))
            .await
            .expect("invites");
        let eves: Vec<_> = list
            .invites
            .iter()
            .filter(|i| i.created_by.id == eve.user.id)
            .collect();
        assert_eq!(eves.len(), 2, "{loss:?}");
        for i in eves {
            assert_eq!(i.status, InviteStatus::Revoked, "{loss:?}");
            assert_eq!(
                i.revoked_reason,
                Some(RevokeReason::CreatorNotAdmin),
                "{loss:?}"
            );
        }
        assert_eq!(list.pending, 1, "{loss:?}: only Ada's invite is pending");

        // The log says so once, naming Eve and the count, right after the change.
        let log = hub
            .run(&ada.caller, ListActivity { band_id: band })
            .await
            .expect("log");
        let entry = &log[0];
        assert_eq!(entry.kind, ActivityKind::CreatorInvitesRevoked, "{loss:?}");
        assert_eq!(entry.subject_user.as_ref().map(|u| u.id), Some(eve.user.id));
        assert_eq!(entry.detail, "2");
        let actor = match loss {
            Loss::Left => eve.user.id,
            Loss::Removed | Loss::Demoted => ada.user.id,
        };
        assert_eq!(entry.actor.id, actor, "{loss:?}");
        let before = match loss {
            Loss::Removed => ActivityKind::MemberRemoved,
            Loss::Demoted => ActivityKind::RoleChanged,
            Loss::Left => ActivityKind::MemberLeft,
        };
        assert_eq!(log[1].kind, before, "{loss:?}");
    }
}

/// What is not pending is left alone, a member's demotion changes nothing, and a role
/// change without a loss (promotion) revokes nothing.
pub async fn only_pending_invites_of_the_former_admin_go(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let ada = person(hub, "keep_ada").await;
    let eve = person(hub, "keep_eve").await;
    let joiner = person(hub, "keep_joiner").await;
    let mo = person(hub, "keep_mo").await;
    let band = band_with(
        hub,
        &ada,
        "Keep",
        &[(&eve, Role::Admin), (&mo, Role::Member)],
    )
    .await;
    let used = token_invite(hub, &eve, band, Role::Member).await;
    hub.run(
        &joiner.caller,
        RedeemInvite {
            token: used.clone(),
        },
    )
    .await
    .expect("redeem");
    let revoked = token_invite(hub, &eve, band, Role::Member).await;
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
        &eve.caller,
        RevokeInvite {
            invite_id: revoked_id,
        },
    )
    .await
    .expect("revoke");
    let pending = token_invite(hub, &eve, band, Role::Member).await;

    // Promoting Mo and demoting him again touches none of Eve's.
    hub.run(
        &ada.caller,
        ChangeRole {
            band_id: band,
            member_id: mo.user.id,
            role: Role::Admin,
        },
    )
    .await
    .expect("promote");
    hub.run(
        &ada.caller,
        ChangeRole {
            band_id: band,
            member_id: mo.user.id,
            role: Role::Member,
        },
    )
    .await
    .expect("demote");
    assert_eq!(
        hub.run(
            &Caller::Anonymous,
            PreviewInvite {
                token: pending.clone()
            }
        )
        .await
        .expect("p")
        .status,
        InviteStatus::Pending
    );
    let kinds: Vec<ActivityKind> = hub
        .run(&ada.caller, ListActivity { band_id: band })
        .await
        .expect("log")
        .iter()
        .map(|e| e.kind)
        .collect();
    assert!(!kinds.contains(&ActivityKind::CreatorInvitesRevoked));

    hub.run(
        &ada.caller,
        RemoveMember {
            band_id: band,
            member_id: eve.user.id,
        },
    )
    .await
    .expect("remove");
    let list = hub
        .run(&ada.caller, ListInvites::first_page(band))
        .await
        .expect("invites");
    let by_id = |id| list.invites.iter().find(|i| i.id == id).expect("listed");
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
    assert_eq!(by_id(used_id).status, InviteStatus::Used);
    assert_eq!(by_id(used_id).revoked_reason, None);
    assert_eq!(by_id(revoked_id).revoked_reason, Some(RevokeReason::Admin));
    let pending_id = hub
        .run(
            &Caller::Anonymous,
            PreviewInvite {
                token: pending.clone(),
            },
        )
        .await
        .expect("p")
        .id;
    assert_eq!(
        by_id(pending_id).revoked_reason,
        Some(RevokeReason::CreatorNotAdmin)
    );
    let log = hub
        .run(&ada.caller, ListActivity { band_id: band })
        .await
        .expect("log");
    assert_eq!(log[0].kind, ActivityKind::CreatorInvitesRevoked);
    assert_eq!(log[0].detail, "1", "only the pending one is counted");
    // The joiner Eve let in stays: only invites go, not what they already did.
    assert!(
        hub.run(&ada.caller, ListMembers { band_id: band })
            .await
            .expect("members")
            .iter()
            .any(|m| m.member_id == joiner.user.id)
    );
}

/// An admin creating invites while another admin demotes her, at the same moment, many
/// times over: whichever wins, no invite of hers is left pending once she is not an admin
/// (on PostgreSQL's READ COMMITTED the band lock is what orders the two).
pub async fn invites_created_during_a_demotion_do_not_survive_it(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = env.api.clone();
    let ada = person(&*hub, "race_ada").await;
    for round in 0..12 {
        let eve = person(&*hub, &format!("race_eve{round}")).await;
        let band = band_with(
            &*hub,
            &ada,
            &format!("Race {round}"),
            &[(&eve, Role::Admin)],
        )
        .await;
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let creating = {
            let (hub, eve, barrier) = (hub.clone(), eve.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                for _ in 0..4 {
                    let _ = hub
                        .run(
                            &eve.caller,
                            CreateInvite {
                                band_id: band,
                                role: Some(Role::Admin),
                                expires_in_hours: Some(ExpiresIn::default()),
                                invitee_id: None,
                            },
                        )
                        .await;
                }
            })
        };
        let demoting = {
            let (hub, ada, eve, barrier) = (hub.clone(), ada.clone(), eve.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                hub.run(
                    &ada.caller,
                    ChangeRole {
                        band_id: band,
                        member_id: eve.user.id,
                        role: Role::Member,
                    },
                )
                .await
                .expect("demote");
            })
        };
        creating.await.expect("create task");
        demoting.await.expect("demote task");
        let list = hub
            .run(&ada.caller, ListInvites::first_page(band))
            .await
            .expect("invites");
        let pending: Vec<_> = list
            .invites
            .iter()
            .filter(|i| i.created_by.id == eve.user.id && i.status == InviteStatus::Pending)
            .map(|i| i.id)
            .collect();
        assert!(
            pending.is_empty(),
            "round {round}: a demoted admin's invites {pending:?} are still pending"
        );
    }
}

/// Two of three admins demoting each other at the same moment, many times over: both may
/// not succeed, since whoever is demoted first is no longer an admin when their own
/// change runs (the caller's role is read after the band is locked).
pub async fn admins_demoting_each_other_at_once_are_ordered(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = env.api.clone();
    let ada = person(&*hub, "mutual_ada").await;
    for round in 0..12 {
        let bo = person(&*hub, &format!("mutual_bo{round}")).await;
        let cy = person(&*hub, &format!("mutual_cy{round}")).await;
        let band = band_with(
            &*hub,
            &ada,
            &format!("Mutual {round}"),
            &[(&bo, Role::Admin), (&cy, Role::Admin)],
        )
        .await;
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let demote = |by: Person, target: Person| {
            let (hub, barrier) = (hub.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                hub.run(
                    &by.caller,
                    ChangeRole {
                        band_id: band,
                        member_id: target.user.id,
                        role: Role::Member,
                    },
                )
                .await
                .is_ok()
            })
        };
        let first = demote(bo.clone(), cy.clone());
        let second = demote(cy.clone(), bo.clone());
        let both = first.await.expect("task") && second.await.expect("task");
        assert!(!both, "round {round}: two admins demoted each other");
    }
}
