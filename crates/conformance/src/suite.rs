//! The conformance tests, generic over the [`Backend`]. Each takes a fresh database.

use rehearsalhub_core::prelude::*;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use base64::Engine;
use rehearsalhub_core::{
    ActivityKind, Api, BandName, Caller, Clock, DisplayName, ErrorCode, ExpiresIn, InviteStatus,
    InviteToken, Password, Role, SearchQuery, SongTitle, Upload, Username,
};

pub use crate::comment_rules::comments_on_versions;
pub use crate::costs::a_taken_name_costs_no_password_hash;
pub use crate::creator_rights::{
    a_former_admin_takes_their_invites_along, admins_demoting_each_other_at_once_are_ordered,
    invites_created_during_a_demotion_do_not_survive_it,
    only_pending_invites_of_the_former_admin_go,
};

use crate::backend::{Backend, Env};
use crate::fixture::{Cast, PASSWORD, Stage, band_with, person, token_invite, wav};
use crate::matrix::{Expect, MATRIX, run};

fn code<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code()
}

/// SPEC §2, every cell, on fresh bands.
pub async fn permission_matrix(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let cast = Cast::new(hub).await;
    let mut n = 0;
    let mut failures = Vec::new();
    for (case, expects) in MATRIX {
        for (who, expect) in ["anonymous", "non-member", "member", "admin"]
            .iter()
            .zip(expects)
        {
            if *expect == Expect::Na {
                continue;
            }
            n += 1;
            let stage = Stage::new(hub, &cast, &format!("Band {n}")).await;
            // Sign-out ends a session, so each cell signs its caller in afresh.
            let caller = match *who {
                "anonymous" => Caller::Anonymous,
                name => {
                    let username = match name {
                        "non-member" => "oz_outsider",
                        "member" => "mo_member",
                        _ => "ada_admin",
                    };
                    let s = hub
                        .run(
                            &Caller::Anonymous,
                            SignIn {
                                username: Username::parse(username).expect("u"),
                                password: Password::parse(PASSWORD).expect("p"),
                            },
                        )
                        .await
                        .expect("sign in");
                    Caller::from_token(Some(&s.token))
                }
            };
            let got = run(hub, &cast, &stage, *case, &caller, n).await;
            let want = match expect {
                Expect::Ok => Ok(()),
                Expect::Err(c) => Err(*c),
                Expect::Na => unreachable!(),
            };
            if got != want {
                failures.push(format!("{case:?} as {who}: expected {want:?}, got {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "[{}] permission matrix mismatches:\n{}",
        b.name(),
        failures.join("\n")
    );
    assert!(n > 100, "the matrix ran only {n} cells");
}

async fn race_redemptions(hubs: &[Arc<dyn Api>], users: usize) {
    let hub = &*hubs[0];
    let admin = person(hub, "race_admin").await;
    let band = band_with(hub, &admin, "Race band", &[]).await;
    let token = token_invite(hub, &admin, band, Role::Member).await;
    let mut people = Vec::new();
    for i in 0..users {
        people.push(person(hub, &format!("racer_{i:02}")).await);
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(users));
    let mut tasks = Vec::new();
    for (i, p) in people.into_iter().enumerate() {
        let hub = hubs[i % hubs.len()].clone();
        let token = token.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            hub.run(
                &p.caller,
                RedeemInvite {
                    token: token.clone(),
                },
            )
            .await
            .map(|m| m.member_id)
            .map_err(|e| e.code())
        }));
    }
    let mut joined = 0;
    let mut conflicts = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(_) => joined += 1,
            Err(ErrorCode::Conflict) => conflicts += 1,
            Err(other) => panic!("unexpected outcome {other:?}"),
        }
    }
    assert_eq!((joined, conflicts), (1, users - 1));
    let members = hub
        .run(&admin.caller, ListMembers { band_id: band })
        .await
        .expect("members");
    assert_eq!(members.len(), 2, "admin plus exactly one redeemer");
    let list = hub
        .run(&admin.caller, ListInvites::first_page(band))
        .await
        .expect("invites");
    assert_eq!(list.invites[0].status, InviteStatus::Used);
}

/// 32 concurrent redemptions of one token by 32 users: one membership, 31 conflicts.
pub async fn concurrent_redemptions(b: &dyn Backend) {
    let env = Env::new(b).await;
    race_redemptions(std::slice::from_ref(&env.api), 32).await;
}

/// The same race split across two independent pools on one database (two app instances).
pub async fn concurrent_redemptions_two_instances(b: &dyn Backend) {
    let env = Env::new(b).await;
    let second = env.second_instance(b).await;
    race_redemptions(&[env.api.clone(), second], 32).await;
}

/// Two admins demoting each other at once: one succeeds, the band keeps an admin.
pub async fn concurrent_demotions_keep_an_admin(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    for round in 0..8 {
        let a = person(hub, &format!("first_{round}")).await;
        let c = person(hub, &format!("second_{round}")).await;
        let band = band_with(hub, &a, &format!("Duel {round}"), &[(&c, Role::Admin)]).await;
        let (h1, h2) = (env.api.clone(), env.api.clone());
        let (a1, c1) = (a.clone(), c.clone());
        let t1 = tokio::spawn(async move {
            h1.run(
                &a1.caller,
                ChangeRole {
                    band_id: band,
                    member_id: c1.user.id,
                    role: Role::Member,
                },
            )
            .await
        });
        let (a2, c2) = (a.clone(), c.clone());
        let t2 = tokio::spawn(async move {
            h2.run(
                &c2.caller,
                ChangeRole {
                    band_id: band,
                    member_id: a2.user.id,
                    role: Role::Member,
                },
            )
            .await
        });
        let (r1, r2) = (t1.await.expect("t1"), t2.await.expect("t2"));
        assert!(r1.is_ok() || r2.is_ok(), "one demotion must win");
        let members = hub
            .run(&a.caller, ListMembers { band_id: band })
            .await
            .or(hub.run(&c.caller, ListMembers { band_id: band }).await)
            .expect("members");
        assert_eq!(
            members.iter().filter(|m| m.role == Role::Admin).count(),
            1,
            "{members:?}"
        );
    }
}

/// Expiry at the boundary: one second before works, one second after is `gone`.
pub async fn invite_expiry_boundary(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "exp_admin").await;
    let early = person(hub, "exp_early").await;
    let late = person(hub, "exp_late").await;
    let band = band_with(hub, &admin, "Expiry", &[]).await;
    let start = env.clock.now();
    let one_hour = hub
        .run(
            &admin.caller,
            CreateInvite {
                band_id: band,
                role: Some(Role::Member),
                expires_in_hours: Some(ExpiresIn::hours(1).expect("1h")),
                invitee_id: None,
            },
        )
        .await
        .expect("invite");
    assert_eq!(one_hour.invite.expires_at, start.plus_secs(3600));
    let t1 = InviteToken::parse(one_hour.token.as_deref().expect("token")).expect("t");
    let default = token_invite(hub, &admin, band, Role::Member).await;
    let default_preview = hub
        .run(
            &Caller::Anonymous,
            PreviewInvite {
                token: default.clone(),
            },
        )
        .await
        .expect("preview");
    assert_eq!(
        default_preview.expires_at,
        start.plus_secs(72 * 3600),
        "72 h default"
    );

    env.clock.set(start.plus_secs(3600 - 1));
    assert_eq!(
        hub.run(&Caller::Anonymous, PreviewInvite { token: t1.clone() })
            .await
            .expect("preview")
            .status,
        InviteStatus::Pending
    );
    hub.run(&early.caller, RedeemInvite { token: t1.clone() })
        .await
        .expect("one second before expiry");

    let t2 = token_invite(hub, &admin, band, Role::Member).await;
    let t2_expiry = hub
        .run(&Caller::Anonymous, PreviewInvite { token: t2.clone() })
        .await
        .expect("preview")
        .expires_at;
    env.clock.set(t2_expiry.plus_secs(1));
    let p = hub
        .run(&Caller::Anonymous, PreviewInvite { token: t2.clone() })
        .await
        .expect("preview");
    assert_eq!((p.status, p.is_used), (InviteStatus::Expired, false));
    let refused = hub
        .run(&late.caller, RedeemInvite { token: t2.clone() })
        .await
        .expect_err("expired");
    assert_eq!(refused.code(), ErrorCode::Gone);
    assert_eq!(
        p.problem,
        Some(refused.message()),
        "the preview words what redeeming says"
    );
    env.clock.set(start);
    assert_eq!(
        hub.run(&Caller::Anonymous, PreviewInvite { token: t2.clone() })
            .await
            .expect("preview")
            .problem,
        None
    );
    // Exactly at expires_at it no longer works.
    env.clock.set(t2_expiry);
    assert_eq!(
        code(
            hub.run(&late.caller, RedeemInvite { token: t2.clone() })
                .await
        ),
        ErrorCode::Gone
    );
    assert_eq!(
        hub.run(&admin.caller, ListMembers { band_id: band })
            .await
            .expect("m")
            .len(),
        2
    );
}

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

/// The last admin can be neither removed, demoted nor leave; with a second admin they can.
pub async fn last_admin_rules(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "solo_admin").await;
    let member = person(hub, "solo_member").await;
    let band = band_with(hub, &admin, "Solo", &[(&member, Role::Member)]).await;
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                RemoveMember {
                    band_id: band,
                    member_id: admin.user.id
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
                RemoveMember {
                    band_id: band,
                    member_id: admin.user.id
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
                ChangeRole {
                    band_id: band,
                    member_id: admin.user.id,
                    role: Role::Member
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
                ChangeRole {
                    band_id: band,
                    member_id: UserIdOf::stranger(),
                    role: Role::Member
                }
            )
            .await
        ),
        ErrorCode::NotFound
    );
    // Promote the member, then the first admin may step down and leave.
    hub.run(
        &admin.caller,
        ChangeRole {
            band_id: band,
            member_id: member.user.id,
            role: Role::Admin,
        },
    )
    .await
    .expect("promote");
    hub.run(
        &admin.caller,
        ChangeRole {
            band_id: band,
            member_id: admin.user.id,
            role: Role::Member,
        },
    )
    .await
    .expect("demote self");
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                ChangeRole {
                    band_id: band,
                    member_id: member.user.id,
                    role: Role::Member
                }
            )
            .await
        ),
        ErrorCode::Forbidden
    );
    hub.run(
        &admin.caller,
        RemoveMember {
            band_id: band,
            member_id: admin.user.id,
        },
    )
    .await
    .expect("leave");
    assert_eq!(
        code(hub.run(&admin.caller, ViewBand { band_id: band }).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            hub.run(
                &member.caller,
                RemoveMember {
                    band_id: band,
                    member_id: member.user.id
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    let members = hub
        .run(&member.caller, ListMembers { band_id: band })
        .await
        .expect("members");
    assert_eq!(members.len(), 1);
    let kinds: Vec<ActivityKind> = hub
        .run(&member.caller, ListActivity { band_id: band })
        .await
        .expect("log")
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::MemberLeft,
            ActivityKind::RoleChanged,
            ActivityKind::RoleChanged,
            ActivityKind::MemberJoined,
            ActivityKind::InviteRedeemed,
            ActivityKind::InviteCreated,
            ActivityKind::MemberJoined
        ]
    );
}

struct UserIdOf;
impl UserIdOf {
    fn stranger() -> rehearsalhub_core::UserId {
        rehearsalhub_core::UserId(987_654)
    }
}

/// No token, no password, no raw token bytes anywhere in the database.
pub async fn no_plaintext_secrets(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let password = "Plaintext-Canary-Password-42";
    let signed = hub
        .run(
            &Caller::Anonymous,
            Register {
                username: Username::parse("canary").expect("u"),
                password: Password::parse(password).expect("p"),
                display_name: None,
            },
        )
        .await
        .expect("register");
    let admin = Caller::from_token(Some(&signed.token));
    let band = hub
        .run(
            &admin,
            CreateBand {
                name: BandName::parse("Secrets").expect("n"),
            },
        )
        .await
        .expect("band")
        .id;
    let mut secrets = vec![password.to_owned(), signed.token.clone()];
    for _ in 0..5 {
        let created = hub
            .run(
                &admin,
                CreateInvite {
                    band_id: band,
                    role: Some(Role::Admin),
                    expires_in_hours: Some(ExpiresIn::default()),
                    invitee_id: None,
                },
            )
            .await
            .expect("invite");
        let token = created.token.expect("token");
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&token)
            .expect("b64");
        secrets.push(raw.iter().map(|b| format!("{b:02x}")).collect());
        secrets.push(token);
    }
    let values = (env.db.dump)().await;
    assert!(
        values.len() > 20,
        "the dump saw only {} values",
        values.len()
    );
    for v in &values {
        let text = String::from_utf8_lossy(v);
        for s in &secrets {
            assert!(
                !text.contains(s.as_str()),
                "[{}] a secret is stored in plain text",
                b.name()
            );
        }
    }
    // The raw 32 token bytes do not appear either (SQLite dumps blobs as raw bytes).
    let list = hub
        .run(&admin, ListInvites::first_page(band))
        .await
        .expect("list");
    let json = serde_json::to_string(&list).expect("json");
    for s in &secrets {
        assert!(!json.contains(s.as_str()), "the invite list leaks a token");
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

/// Accounts and sessions: duplicate names, same error for bad username or password,
/// sign-out and expiry end a session.
pub async fn accounts_and_sessions(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let signed = hub
        .run(
            &Caller::Anonymous,
            Register {
                username: Username::parse("Anna").expect("u"),
                password: Password::parse(PASSWORD).expect("p"),
                display_name: Some(DisplayName::parse("  Anna B ").expect("d")),
            },
        )
        .await
        .expect("register");
    assert_eq!(
        (
            signed.user.username.as_str(),
            signed.user.display_name.as_str()
        ),
        ("anna", "Anna B")
    );
    assert_eq!(
        code(
            hub.run(
                &Caller::Anonymous,
                Register {
                    username: Username::parse("ANNA").expect("u"),
                    password: Password::parse(PASSWORD).expect("p"),
                    display_name: None
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );
    let wrong_pw = hub
        .run(
            &Caller::Anonymous,
            SignIn {
                username: Username::parse("anna").expect("u"),
                password: Password::parse("wrong password").expect("p"),
            },
        )
        .await
        .expect_err("bad pw");
    let no_user = hub
        .run(
            &Caller::Anonymous,
            SignIn {
                username: Username::parse("nobody").expect("u"),
                password: Password::parse(PASSWORD).expect("p"),
            },
        )
        .await
        .expect_err("no user");
    assert_eq!(
        (wrong_pw.code(), wrong_pw.message()),
        (no_user.code(), no_user.message())
    );
    assert_eq!(wrong_pw.code(), ErrorCode::Unauthenticated);

    let caller = Caller::from_token(Some(&signed.token));
    assert_eq!(
        hub.run(&caller, Me {}).await.expect("me").id,
        signed.user.id
    );
    let other = hub
        .run(
            &Caller::Anonymous,
            SignIn {
                username: Username::parse("ANNA").expect("u"),
                password: Password::parse(PASSWORD).expect("p"),
            },
        )
        .await
        .expect("sign in");
    hub.run(&caller, SignOut {}).await.expect("sign out");
    assert_eq!(
        code(hub.run(&caller, Me {}).await),
        ErrorCode::Unauthenticated
    );
    let other = Caller::from_token(Some(&other.token));
    assert!(
        hub.run(&other, Me {}).await.is_ok(),
        "signing out one session leaves the others"
    );
    env.clock.advance(30 * 24 * 3600);
    assert_eq!(
        code(hub.run(&other, Me {}).await),
        ErrorCode::Unauthenticated,
        "sessions expire after 30 days"
    );
    assert_eq!(
        code(hub.run(&Caller::from_token(Some("garbage")), Me {}).await),
        ErrorCode::Unauthenticated
    );
}

/// Songs and versions: add, list, read with seeking, refuse non-audio, delete.
pub async fn songs_and_versions(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "sv_admin").await;
    let member = person(hub, "sv_member").await;
    let band = band_with(hub, &admin, "Songs", &[(&member, Role::Member)]).await;
    let song = hub
        .run(
            &member.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse(" Blue Moon ").expect("t"),
            },
        )
        .await
        .expect("song");
    assert_eq!(song.title, "Blue Moon");
    assert_eq!(
        code(
            hub.run(
                &admin.caller,
                CreateSong {
                    band_id: band,
                    title: SongTitle::parse("blue moon").expect("t")
                }
            )
            .await
        ),
        ErrorCode::Conflict
    );

    let bytes = wav(1000, 3);
    let v = hub
        .add_version(
            &member.caller,
            song.id,
            Upload::Bytes(bytes.clone()),
            None,
            Some("rehearsal-01.wav"),
            None,
        )
        .await
        .expect("add");
    assert_eq!(
        (v.label.as_str(), v.format.as_str(), v.size_bytes),
        ("rehearsal-01.wav", "wav", bytes.len() as i64)
    );
    assert_eq!(
        (v.duration_ms, v.sample_rate, v.channels),
        (Some(1000), Some(8000), Some(1))
    );
    assert_eq!(v.uploaded_by.id, member.user.id);

    let mut audio = hub
        .open_version_audio(&admin.caller, v.id, None)
        .await
        .expect("open");
    audio.file.seek(SeekFrom::Start(44)).expect("seek");
    let mut tail = Vec::new();
    audio.file.read_to_end(&mut tail).expect("read");
    assert_eq!(
        tail,
        bytes[44..],
        "reads back the stored bytes from an offset"
    );

    // Not audio, truncated, empty: invalid_input on `file`, and nothing stored.
    let before = blob_files(&env);
    for bad in [
        b"just some text, not a song".to_vec(),
        bytes[..30].to_vec(),
        Vec::new(),
    ] {
        let e = hub
            .add_version(
                &member.caller,
                song.id,
                Upload::Bytes(bad),
                None,
                Some("x.wav"),
                None,
            )
            .await
            .expect_err("bad audio");
        assert_eq!(
            (e.code(), e.field()),
            (ErrorCode::InvalidInput, Some("file"))
        );
    }
    assert_eq!(
        blob_files(&env),
        before,
        "a refused file leaves no blob or temp file"
    );
    let songs = hub
        .run(&member.caller, ListSongs { band_id: band })
        .await
        .expect("songs");
    assert_eq!(songs.len(), 1);
    assert_eq!(
        songs[0].versions.iter().map(|x| x.id).collect::<Vec<_>>(),
        vec![v.id]
    );

    // Same content again shares one blob; deleting one version keeps the other playable.
    let v2 = hub
        .add_version(
            &admin.caller,
            song.id,
            Upload::Bytes(bytes.clone()),
            Some(rehearsalhub_core::VersionLabel::parse("Take 2").expect("l")),
            None,
            None,
        )
        .await
        .expect("add");
    assert_eq!(blob_files(&env).len(), 1);
    hub.run(&member.caller, DeleteVersion { version_id: v.id })
        .await
        .expect("uploader deletes");
    assert_eq!(
        code(
            hub.run(&member.caller, GetVersion { version_id: v.id })
                .await
        ),
        ErrorCode::NotFound
    );
    assert!(
        hub.open_version_audio(&member.caller, v2.id, None)
            .await
            .is_ok()
    );
    assert_eq!(
        code(
            hub.run(&member.caller, DeleteVersion { version_id: v2.id })
                .await
        ),
        ErrorCode::Forbidden
    );
    hub.run(&admin.caller, DeleteSong { song_id: song.id })
        .await
        .expect("admin deletes song");
    assert_eq!(
        code(
            hub.run(&admin.caller, GetVersion { version_id: v2.id })
                .await
        ),
        ErrorCode::NotFound
    );
    assert!(
        hub.run(&admin.caller, ListSongs { band_id: band })
            .await
            .expect("songs")
            .is_empty()
    );
    let kinds: Vec<ActivityKind> = hub
        .run(&admin.caller, ListActivity { band_id: band })
        .await
        .expect("log")
        .iter()
        .take(5)
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ActivityKind::SongDeleted,
            ActivityKind::VersionDeleted,
            ActivityKind::VersionAdded,
            ActivityKind::VersionAdded,
            ActivityKind::SongAdded
        ]
    );
}

fn blob_files(env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&env.blob_dir)
        .expect("blob dir")
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            out.push(f.file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

/// Non-member search: prefix of username or display name, members excluded, `invited`.
pub async fn search_non_members(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "se_admin").await;
    let member = person(hub, "sam_member").await;
    let band = band_with(hub, &admin, "Search", &[(&member, Role::Member)]).await;
    let sally = person(hub, "sally").await;
    let _samuel = person(hub, "samuel").await;
    let zed = hub
        .run(
            &Caller::Anonymous,
            Register {
                username: Username::parse("zed").expect("u"),
                password: Password::parse(PASSWORD).expect("p"),
                display_name: Some(DisplayName::parse("Samantha Zed").expect("d")),
            },
        )
        .await
        .expect("zed");
    hub.run(
        &admin.caller,
        CreateInvite {
            band_id: band,
            invitee_id: Some(sally.user.id),
            role: Some(Role::Member),
            expires_in_hours: Some(ExpiresIn::default()),
        },
    )
    .await
    .expect("invite");
    let hits = hub
        .run(
            &admin.caller,
            SearchNonMembers {
                band_id: band,
                q: SearchQuery::parse("SA").expect("q"),
            },
        )
        .await
        .expect("search");
    let names: Vec<(&str, bool)> = hits
        .iter()
        .map(|h| (h.username.as_str(), h.invited))
        .collect();
    assert_eq!(
        names,
        [("sally", true), ("samuel", false), ("zed", false)],
        "{hits:?}"
    );
    assert!(hits.iter().any(|h| h.id == zed.user.id));
    for i in 0..25 {
        person(hub, &format!("many_{i:02}")).await;
    }
    let many = hub
        .run(
            &admin.caller,
            SearchNonMembers {
                band_id: band,
                q: SearchQuery::parse("ma").expect("q"),
            },
        )
        .await
        .expect("search");
    assert_eq!(many.len(), 20, "at most 20 hits");
    assert_eq!(
        code(
            hub.run(
                &member.caller,
                SearchNonMembers {
                    band_id: band,
                    q: SearchQuery::parse("sa").expect("q")
                }
            )
            .await
        ),
        ErrorCode::Forbidden
    );
}

/// A crash between writing a blob and its row leaves an orphan; the start-up sweep removes
/// it (and stale temp files) but never a blob a version names, nor a fresh one.
pub async fn blob_sweep_keeps_what_rows_name(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub = &*env.api;
    let admin = person(hub, "sw_admin").await;
    let band = band_with(hub, &admin, "Sweep", &[]).await;
    let song = hub
        .run(
            &admin.caller,
            CreateSong {
                band_id: band,
                title: SongTitle::parse("Kept").expect("t"),
            },
        )
        .await
        .expect("song");
    let kept = hub
        .add_version(
            &admin.caller,
            song.id,
            Upload::Bytes(wav(200, 5)),
            None,
            Some("kept.wav"),
            None,
        )
        .await
        .expect("v");
    // An orphan, as a crash after the rename and before the insert would leave, and a
    // half-written temp file; both old enough to be swept, like the kept blob.
    let orphan = "ab".to_owned() + &"0".repeat(62);
    std::fs::create_dir_all(env.blob_dir.join("ab")).expect("dir");
    std::fs::write(env.blob_dir.join("ab").join(&orphan), b"orphan").expect("orphan");
    std::fs::write(env.blob_dir.join("tmp").join("partial"), b"half").expect("tmp");
    let fresh_orphan = "cd".to_owned() + &"1".repeat(62);
    std::fs::create_dir_all(env.blob_dir.join("cd")).expect("dir");
    std::fs::write(
        env.blob_dir.join("cd").join(&fresh_orphan),
        b"just uploaded",
    )
    .expect("fresh");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for f in blob_paths(&env) {
        if !f.ends_with(&fresh_orphan) {
            std::fs::File::options()
                .write(true)
                .open(&f)
                .expect("open")
                .set_modified(old)
                .expect("mtime");
        }
    }
    assert_eq!(env.hub.sweep_blobs().await.expect("sweep"), 1);
    let left = blob_files(&env);
    assert!(!left.contains(&orphan), "the old orphan is gone");
    assert!(
        left.contains(&fresh_orphan),
        "a fresh blob may belong to an upload in flight"
    );
    assert!(!env.blob_dir.join("tmp").join("partial").exists());
    let mut audio = hub
        .open_version_audio(&admin.caller, kept.id, None)
        .await
        .expect("kept blob still opens");
    let mut bytes = Vec::new();
    audio.file.read_to_end(&mut bytes).expect("read");
    assert_eq!(bytes, wav(200, 5));
}

fn blob_paths(env: &Env) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&env.blob_dir)
        .expect("blob dir")
        .flatten()
    {
        for f in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            out.push(f.path());
        }
    }
    out
}
