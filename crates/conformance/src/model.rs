//! A model-based property test: random sequences of invite / redeem / revoke / remove /
//! role change / time passing run against a store and against a few lines of in-memory
//! truth; every step's outcome and the final state must agree. The truth includes SPEC §3's
//! rule that an admin who stops being one takes their pending invites with them.

use rehearsalhub_core::prelude::*;
use std::collections::BTreeMap;

use proptest::prelude::*;
use rehearsalhub_core::{
    Api, BandId, Clock, ErrorCode, ExpiresIn, InviteStatus, InviteToken, Role,
};

use crate::backend::{Backend, Env};
use crate::fixture::{Person, band_with, person};

/// How many people take part (person 0 creates the band).
pub const PEOPLE: usize = 4;

/// One step. (Fields: `by` acts, `target` is acted on, `idx` picks an invite.)
#[allow(missing_docs)]
#[derive(Debug, Clone)]
pub enum Op {
    /// `by` creates a token invite with `role` valid for `hours`.
    Invite { by: usize, role: Role, hours: i64 },
    /// `by` redeems invite number `idx` (modulo the count).
    Redeem { by: usize, idx: usize },
    /// `by` revokes invite number `idx`.
    Revoke { by: usize, idx: usize },
    /// `by` removes `target` (themself: leaving).
    Remove { by: usize, target: usize },
    /// `by` sets `target`'s role.
    SetRole {
        by: usize,
        target: usize,
        role: Role,
    },
    /// Time passes.
    Wait { minutes: i64 },
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Member), Just(Role::Admin)]
}

/// Random operations, weighted towards the interesting ones.
pub fn op() -> impl Strategy<Value = Op> {
    let p = 0..PEOPLE;
    prop_oneof![
        3 => (p.clone(), role(), 1i64..3).prop_map(|(by, role, hours)| Op::Invite { by, role, hours }),
        4 => (p.clone(), 0usize..8).prop_map(|(by, idx)| Op::Redeem { by, idx }),
        1 => (p.clone(), 0usize..8).prop_map(|(by, idx)| Op::Revoke { by, idx }),
        2 => (p.clone(), p.clone()).prop_map(|(by, target)| Op::Remove { by, target }),
        2 => (p.clone(), p.clone(), role()).prop_map(|(by, target, role)| Op::SetRole { by, target, role }),
        1 => (0i64..90).prop_map(|minutes| Op::Wait { minutes }),
    ]
}

#[derive(Debug, Clone)]
struct ModelInvite {
    creator: usize,
    role: Role,
    expires_at: i64,
    used: bool,
    revoked: bool,
}

impl ModelInvite {
    fn status(&self, now: i64) -> InviteStatus {
        if self.revoked {
            InviteStatus::Revoked
        } else if self.used {
            InviteStatus::Used
        } else if now >= self.expires_at {
            InviteStatus::Expired
        } else {
            InviteStatus::Pending
        }
    }
}

/// The truth, in a few lines.
#[derive(Debug, Default)]
struct Model {
    members: BTreeMap<usize, Role>,
    invites: Vec<ModelInvite>,
    now: i64,
}

type Outcome = Result<(), ErrorCode>;
use ErrorCode::{Conflict, Forbidden, Gone, NotFound};

impl Model {
    fn admins(&self) -> usize {
        self.members.values().filter(|r| **r == Role::Admin).count()
    }

    fn gate_admin(&self, by: usize) -> Outcome {
        match self.members.get(&by) {
            Some(Role::Admin) => Ok(()),
            _ => Err(Forbidden),
        }
    }

    /// `who` is no longer an admin: their pending invites stop working.
    fn revoke_invites_of(&mut self, who: usize) {
        let now = self.now;
        for inv in &mut self.invites {
            if inv.creator == who && inv.status(now) == InviteStatus::Pending {
                inv.revoked = true;
            }
        }
    }

    fn apply(&mut self, op: &Op) -> Outcome {
        match *op {
            Op::Invite { by, role, hours } => {
                self.gate_admin(by)?;
                self.invites.push(ModelInvite {
                    creator: by,
                    role,
                    expires_at: self.now + hours * 3600,
                    used: false,
                    revoked: false,
                });
                Ok(())
            }
            Op::Redeem { by, idx } => {
                let now = self.now;
                let Some(inv) = self.invites.get_mut(idx) else {
                    return Ok(());
                };
                match inv.status(now) {
                    InviteStatus::Revoked | InviteStatus::Expired => return Err(Gone),
                    InviteStatus::Used => return Err(Conflict),
                    InviteStatus::Pending => {}
                }
                if self.members.contains_key(&by) {
                    return Err(Conflict);
                }
                inv.used = true;
                let role = inv.role;
                self.members.insert(by, role);
                Ok(())
            }
            Op::Revoke { by, idx } => {
                if idx >= self.invites.len() {
                    return Ok(());
                }
                self.gate_admin(by)?;
                let inv = &mut self.invites[idx];
                if inv.revoked {
                    return Ok(());
                }
                if inv.used {
                    return Err(Conflict);
                }
                inv.revoked = true;
                Ok(())
            }
            Op::Remove { by, target } => {
                let Some(_) = self.members.get(&by) else {
                    return Err(Forbidden);
                };
                if by != target {
                    self.gate_admin(by)?;
                }
                let Some(t) = self.members.get(&target) else {
                    return Err(NotFound);
                };
                let was_admin = *t == Role::Admin;
                if was_admin && self.admins() <= 1 {
                    return Err(Conflict);
                }
                self.members.remove(&target);
                if was_admin {
                    self.revoke_invites_of(target);
                }
                Ok(())
            }
            Op::SetRole { by, target, role } => {
                self.gate_admin(by)?;
                let Some(t) = self.members.get(&target).copied() else {
                    return Err(NotFound);
                };
                if t == role {
                    return Ok(());
                }
                if t == Role::Admin && self.admins() <= 1 {
                    return Err(Conflict);
                }
                self.members.insert(target, role);
                if t == Role::Admin {
                    self.revoke_invites_of(target);
                }
                Ok(())
            }
            Op::Wait { minutes } => {
                self.now += minutes * 60;
                Ok(())
            }
        }
    }
}

async fn apply_real(
    env: &Env,
    people: &[Person],
    band: BandId,
    invites: &mut Vec<(InviteToken, rehearsalhub_core::InviteId)>,
    op: &Op,
) -> Outcome {
    let hub: &dyn Api = &env.hub;
    let r = match *op {
        Op::Invite { by, role, hours } => hub
            .run(
                &people[by].caller,
                CreateInvite {
                    band_id: band,
                    role: Some(role),
                    expires_in_hours: Some(ExpiresIn::hours(hours).expect("hours")),
                    invitee_id: None,
                },
            )
            .await
            .map(|c| {
                let t = InviteToken::parse(c.token.as_deref().expect("token")).expect("token");
                invites.push((t, c.invite.id));
            }),
        Op::Redeem { by, idx } => match invites.get(idx) {
            Some((t, _)) => hub
                .run(&people[by].caller, RedeemInvite { token: t.clone() })
                .await
                .map(drop),
            None => Ok(()),
        },
        Op::Revoke { by, idx } => match invites.get(idx) {
            Some((_, id)) => {
                hub.run(&people[by].caller, RevokeInvite { invite_id: *id })
                    .await
            }
            None => Ok(()),
        },
        Op::Remove { by, target } => {
            hub.run(
                &people[by].caller,
                RemoveMember {
                    band_id: band,
                    member_id: people[target].user.id,
                },
            )
            .await
        }
        Op::SetRole { by, target, role } => hub
            .run(
                &people[by].caller,
                ChangeRole {
                    band_id: band,
                    member_id: people[target].user.id,
                    role,
                },
            )
            .await
            .map(drop),
        Op::Wait { minutes } => {
            env.clock.advance(minutes * 60);
            Ok(())
        }
    };
    r.map_err(|e| e.code())
}

/// Runs `cases` random sequences against `backend`, panicking on the first disagreement
/// (proptest shrinks it first).
pub fn check_against_model(backend: &dyn Backend, cases: u32) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let env = rt.block_on(Env::new(backend));
    let people: Vec<Person> = rt.block_on(async {
        let mut v = Vec::new();
        for i in 0..PEOPLE {
            v.push(person(&*env.api, &format!("model_{i}")).await);
        }
        v
    });
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(op(), 1..40), |ops| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        rt.block_on(async {
            let band = band_with(&*env.api, &people[0], &format!("Model band {n}"), &[]).await;
            let mut model = Model {
                now: env.clock.now().unix(),
                ..Model::default()
            };
            model.members.insert(0, Role::Admin);
            let mut invites = Vec::new();
            for (step, op) in ops.iter().enumerate() {
                let want = model.apply(op);
                let got = apply_real(&env, &people, band, &mut invites, op).await;
                prop_assert_eq!(got, want, "step {} {:?}", step, op);
            }
            // Final state: members and roles, and every invite's status.
            let reader = model
                .members
                .keys()
                .next()
                .copied()
                .expect("a band always has a member");
            let mut members: Vec<(rehearsalhub_core::UserId, Role)> = env
                .hub
                .run(&people[reader].caller, ListMembers { band_id: band })
                .await
                .expect("members")
                .into_iter()
                .map(|m| (m.member_id, m.role))
                .collect();
            members.sort();
            let mut expected: Vec<_> = model
                .members
                .iter()
                .map(|(p, r)| (people[*p].user.id, *r))
                .collect();
            expected.sort();
            prop_assert_eq!(members, expected);
            let list = env
                .hub
                .run(
                    &people[reader].caller,
                    ListInvites {
                        band_id: band,
                        limit: Some(PageLimit::new(500).unwrap()),
                        offset: Some(PageOffset::new(0).unwrap()),
                    },
                )
                .await
                .expect("invites");
            let now = env.clock.now().unix();
            for ((_, id), m) in invites.iter().zip(&model.invites) {
                let got = list.invites.iter().find(|i| i.id == *id).map(|i| i.status);
                prop_assert_eq!(got, Some(m.status(now)));
            }
            let pending = model
                .invites
                .iter()
                .filter(|m| m.status(now) == InviteStatus::Pending)
                .count() as i64;
            prop_assert_eq!(list.pending, pending);
            Ok(())
        })
    });
    if let Err(e) = result {
        panic!("[{}] store disagrees with the model: {e}", backend.name());
    }
}
