//! The conformance tests, generic over the [`Backend`]. Each takes a fresh database.

use rehearsalhub_core::prelude::*;

use rehearsalhub_core::{Caller, ErrorCode, Password, Username};

pub use crate::comment_rules::comments_on_versions;
pub use crate::costs::a_taken_name_costs_no_password_hash;
pub use crate::creator_rights::{
    a_former_admin_takes_their_invites_along, admins_demoting_each_other_at_once_are_ordered,
    invites_created_during_a_demotion_do_not_survive_it,
    only_pending_invites_of_the_former_admin_go,
};
pub use crate::rehearsals::rehearsal_sessions_hold_their_takes;
pub use crate::renames::renames_keep_what_they_rename;
pub use crate::song_details::{
    concurrent_edits_of_one_song_keep_both, song_details_are_kept_cleared_and_logged,
    takes_are_dated_by_their_recorder,
};
pub use crate::song_search::songs_are_found_and_sorted;
pub use crate::suite_invites::{invite_outcomes, members_list_invites_without_tokens};
pub use crate::suite_members::{
    accounts_and_sessions, concurrent_demotions_keep_an_admin, last_admin_rules, search_non_members,
};
pub use crate::suite_redemption::{
    concurrent_redemptions, concurrent_redemptions_two_instances, invite_expiry_boundary,
    no_plaintext_secrets,
};
pub use crate::suite_songs::{blob_sweep_keeps_what_rows_name, songs_and_versions};

use crate::backend::{Backend, Env};
use crate::fixture::{Cast, PASSWORD, Stage};
use crate::matrix::{Expect, MATRIX};
use crate::matrix_run::run;

pub(crate) fn code<T: std::fmt::Debug>(r: rehearsalhub_core::Result<T>) -> ErrorCode {
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
