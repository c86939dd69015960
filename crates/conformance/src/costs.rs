//! What a request may cost before the core knows it is worth it.

use rehearsalhub_core::prelude::*;
use rehearsalhub_core::{Api, ErrorCode, Password, Username};

use crate::backend::{Backend, Env};
use crate::fixture::{PASSWORD, person};

/// A sign-up under a taken name is refused before a password hash is spent on it (each
/// costs 19 MiB and tens of milliseconds of a core).
pub async fn a_taken_name_costs_no_password_hash(b: &dyn Backend) {
    let env = Env::new(b).await;
    let hub: &dyn Api = &*env.api;
    person(hub, "taken_name").await;
    let before = env.hub.passwords().computed();
    for attempt in ["taken_name", "TAKEN_NAME"] {
        let e = hub
            .run(
                &Caller::Anonymous,
                Register {
                    username: Username::parse(attempt).expect("username"),
                    password: Password::parse(PASSWORD).expect("password"),
                    display_name: None,
                },
            )
            .await
            .expect_err("the name is taken");
        assert_eq!(e.code(), ErrorCode::Conflict, "{attempt}");
    }
    assert_eq!(env.hub.passwords().computed(), before);
    // A free name does cost one.
    person(hub, "free_name").await;
    assert_eq!(env.hub.passwords().computed(), before + 1);
}
