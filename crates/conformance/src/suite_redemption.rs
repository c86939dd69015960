//! Redeeming invites: races of many redemptions of one invite, the expiry boundary, and
//! no secret kept in the clear.

use std::sync::Arc;

use base64::Engine;
use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{
    Api, BandName, Caller, Clock, ErrorCode, ExpiresIn, InviteStatus, InviteToken, Password, Role,
    Username,
};

use crate::backend::{Backend, Env};
use crate::fixture::{band_with, person, token_invite};
use crate::suite::code;

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
