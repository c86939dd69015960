//! Members and accounts: the last-admin rule, demotion races, non-member search, sessions.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    ActivityKind, Caller, DisplayName, ErrorCode, ExpiresIn, Password, Role, SearchQuery, Username,
};

use crate::backend::{Backend, Env};
use crate::fixture::{PASSWORD, band_with, person};
use crate::suite::code;

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
