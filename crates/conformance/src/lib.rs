//! # rehearsalhub-conformance
//!
//! One test suite for every [`rehearsalhub_core::Store`]: the permission matrix of SPEC §2
//! as a data table, invite outcomes and expiry, concurrency (32 redemptions of one invite,
//! also across two pools on one database), the last-admin rule, secrets at rest, and a
//! model-based property test. [`conformance_suite!`] turns it into `#[test]`s for a backend;
//! `tests/sqlite.rs` runs it always and `tests/postgres.rs` whenever `DATABASE_URL` points at
//! PostgreSQL (`RH_REQUIRE_POSTGRES=1` makes that mandatory, as CI does).
//!
//! The criterion benchmark of the core on SQLite lives in `benches/`.
//!
//! Test-only: nothing may depend on this crate but tests and benchmarks.

#![allow(clippy::unwrap_used)]

pub mod backend;
pub mod comment_rules;
pub mod costs;
pub mod creator_rights;
pub mod fixture;
pub mod matrix;
pub mod matrix_run;
pub mod model;
pub mod rehearsals;
pub mod renames;
pub mod server;
pub mod song_details;
pub mod song_search;
pub mod suite;
pub mod suite_invites;
pub mod suite_members;
pub mod suite_redemption;
pub mod suite_songs;

/// Expands to one `#[tokio::test]` per suite test, for `$backend: Option<impl Backend>`
/// (`None` skips, for PostgreSQL without a database).
#[macro_export]
macro_rules! conformance_suite {
    ($backend:expr) => {
        $crate::conformance_suite!(@each $backend;
            permission_matrix,
            concurrent_redemptions,
            concurrent_redemptions_two_instances,
            concurrent_demotions_keep_an_admin,
            invite_expiry_boundary,
            invite_outcomes,
            last_admin_rules,
            no_plaintext_secrets,
            members_list_invites_without_tokens,
            accounts_and_sessions,
            songs_and_versions,
            search_non_members,
            blob_sweep_keeps_what_rows_name,
            a_former_admin_takes_their_invites_along,
            only_pending_invites_of_the_former_admin_go,
            invites_created_during_a_demotion_do_not_survive_it,
            admins_demoting_each_other_at_once_are_ordered,
            a_taken_name_costs_no_password_hash,
            comments_on_versions,
            renames_keep_what_they_rename,
            song_details_are_kept_cleared_and_logged,
            songs_are_found_and_sorted,
            takes_are_dated_by_their_recorder,
            concurrent_edits_of_one_song_keep_both,
            rehearsal_sessions_hold_their_takes
        );

        #[test]
        fn store_agrees_with_model() {
            if let Some(b) = $backend {
                $crate::model::check_against_model(&b, 48);
            }
        }
    };
    (@each $backend:expr; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn $name() {
                if let Some(b) = $backend {
                    $crate::suite::$name(&b).await;
                }
            }
        )*
    };
}
