//! Bands and memberships: create, list, view, members, role changes, removal and leaving.
//!
//! The last-admin rule (SPEC §1) is checked inside the write transaction after
//! [`Tx::lock_band`](crate::store::Tx::lock_band), so two admins demoting each other at once
//! cannot leave a band without an admin; the caller's own role is read after the lock too,
//! so an admin demoted a moment ago cannot still act as one.

use crate::error::{Error, Result};
use crate::events::{Change, Changes};
use crate::hub::{Caller, Hub};
use crate::ids::{BandId, UserId};
use crate::input::{BandName, Role, SearchQuery};
use crate::model::{ActivityKind, Band, Member, NonMember};
use crate::store::{NewActivity, StoreError, Tx};

/// At most this many users come back from a non-member search (SPEC §8).
pub const SEARCH_LIMIT: i64 = 20;

/// A URL-friendly form of a band name: lower-case ASCII letters and digits joined by `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "band".to_owned()
    } else {
        slug.to_owned()
    }
}

fn last_admin() -> Error {
    Error::Conflict("A band needs at least one admin. Make someone else an admin first.".into())
}

fn not_a_member() -> Error {
    Error::NotFound("That person is not a member of this band.".into())
}

impl Hub {
    /// Creates a band; its creator becomes its admin.
    pub async fn create_band(&self, caller: &Caller, name: BandName) -> Result<Band> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let slug = self.free_slug(&mut *tx, &slugify(name.as_str())).await?;
        let now = self.now();
        let band = match tx.insert_band(name.as_str(), &slug, me.id, now).await {
            Ok(b) => b,
            // Only possible when another server created the same slug a moment ago.
            Err(StoreError::UniqueViolation) => {
                return Err(Error::Conflict(
                    "Another band with this name was just created. Please try again.".into(),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        tx.insert_member(band.id, me.id, Role::Admin, now).await?;
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(me.id),
            detail: Role::Admin.as_str().into(),
            ..self.entry(band.id, me.id, ActivityKind::MemberJoined)
        })
        .await?;
        tx.commit().await?;
        let mut changes = Changes::new();
        changes
            .add(Change::Band { band_id: band.id })
            .membership(band.id, me.id);
        self.announce(changes);
        Ok(Band {
            id: band.id,
            name: band.name,
            slug: band.slug,
            created_at: band.created_at,
            my_role: Role::Admin,
        })
    }

    async fn free_slug(&self, tx: &mut dyn Tx, base: &str) -> Result<String> {
        if !tx.slug_taken(base).await? {
            return Ok(base.to_owned());
        }
        for n in 2..10 {
            let candidate = format!("{base}-{n}");
            if !tx.slug_taken(&candidate).await? {
                return Ok(candidate);
            }
        }
        let mut r = [0u8; 4];
        getrandom::fill(&mut r).map_err(Error::internal)?;
        Ok(format!("{base}-{}", crate::secret::hex(&r)))
    }

    /// The caller's bands, by name.
    pub async fn list_my_bands(&self, caller: &Caller) -> Result<Vec<Band>> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        Ok(tx.bands_of(me.id).await?)
    }

    /// One band (members only).
    pub async fn view_band(&self, caller: &Caller, band: BandId) -> Result<Band> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        let my_role = self.role_in(&mut *tx, band, me.id).await?;
        let b = tx
            .band(band)
            .await?
            .ok_or_else(|| Error::NotFound("There is no such band.".into()))?;
        Ok(Band {
            id: b.id,
            name: b.name,
            slug: b.slug,
            created_at: b.created_at,
            my_role,
        })
    }

    /// The band's members, admins first (members only).
    pub async fn list_members(&self, caller: &Caller, band: BandId) -> Result<Vec<Member>> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        self.role_in(&mut *tx, band, me.id).await?;
        Ok(tx.members(band).await?)
    }

    /// Changes a member's role (admins only). Demoting the last admin is a `conflict`.
    pub async fn change_role(
        &self,
        caller: &Caller,
        band: BandId,
        member: UserId,
        role: Role,
    ) -> Result<Member> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        // Locked before the caller's role is read, so two admins acting on each other at
        // once are ordered: the second sees what the first did (READ COMMITTED).
        tx.lock_band(band).await?;
        self.require_admin(&mut *tx, band, me.id).await?;
        let current = tx.member(band, member).await?.ok_or_else(not_a_member)?;
        if current.role == role {
            return Ok(current);
        }
        if current.role == Role::Admin && tx.admin_count(band).await? <= 1 {
            return Err(last_admin());
        }
        tx.set_role(band, member, role).await?;
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(member),
            detail: role.as_str().into(),
            ..self.entry(band, me.id, ActivityKind::RoleChanged)
        })
        .await?;
        let mut changes = Changes::new();
        changes.membership(band, member);
        if current.role == Role::Admin {
            self.revoke_invites_of_former_admin(&mut *tx, band, me.id, member, &mut changes)
                .await?;
        }
        tx.commit().await?;
        self.announce(changes);
        Ok(Member { role, ..current })
    }

    /// Removes a member: admins may remove anyone, anyone may remove themself (leave).
    /// Removing or leaving as the last admin is a `conflict`.
    pub async fn remove_member(&self, caller: &Caller, band: BandId, member: UserId) -> Result<()> {
        self.remove(caller, band, Some(member)).await
    }

    /// Leaves a band (the caller removes themself).
    pub async fn leave_band(&self, caller: &Caller, band: BandId) -> Result<()> {
        self.remove(caller, band, None).await
    }

    /// Removes `member`, or the caller when `None`, in one transaction.
    async fn remove(&self, caller: &Caller, band: BandId, member: Option<UserId>) -> Result<()> {
        let mut tx = self.store.write().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        // As in `change_role`: the lock first, then the caller's role.
        tx.lock_band(band).await?;
        let my_role = self.role_in(&mut *tx, band, me.id).await?;
        let member = member.unwrap_or(me.id);
        let leaving = member == me.id;
        if !leaving && my_role != Role::Admin {
            return Err(Error::Forbidden(
                "Only the band's admins can remove members.".into(),
            ));
        }
        let target = tx.member(band, member).await?.ok_or_else(not_a_member)?;
        if target.role == Role::Admin && tx.admin_count(band).await? <= 1 {
            return Err(last_admin());
        }
        tx.delete_member(band, member).await?;
        let kind = if leaving {
            ActivityKind::MemberLeft
        } else {
            ActivityKind::MemberRemoved
        };
        tx.insert_activity(&NewActivity {
            subject_user_id: Some(member),
            ..self.entry(band, me.id, kind)
        })
        .await?;
        let mut changes = Changes::new();
        changes.membership(band, member);
        if target.role == Role::Admin {
            self.revoke_invites_of_former_admin(&mut *tx, band, me.id, member, &mut changes)
                .await?;
        }
        tx.commit().await?;
        self.announce(changes);
        Ok(())
    }

    /// An invite lives only as long as its creator's right to make it (SPEC §3): when
    /// `former` stops being an admin of `band`, in the same transaction, their pending
    /// invites for it are revoked and the log says so. Otherwise a removed admin could
    /// redeem a long-lived admin invite of their own and take the band back.
    async fn revoke_invites_of_former_admin(
        &self,
        tx: &mut dyn Tx,
        band: BandId,
        actor: UserId,
        former: UserId,
        changes: &mut Changes,
    ) -> Result<()> {
        let invitees = tx
            .revoke_invites_created_by(band, former, self.now())
            .await?;
        let revoked = invitees.len();
        if revoked > 0 {
            changes.add(Change::Invites { band_id: band });
            for user_id in invitees.into_iter().flatten() {
                changes.add(Change::Inbox { user_id });
            }
            tx.insert_activity(&NewActivity {
                subject_user_id: Some(former),
                detail: revoked.to_string(),
                ..self.entry(band, actor, ActivityKind::CreatorInvitesRevoked)
            })
            .await?;
        }
        Ok(())
    }

    /// Registered users who are not members, for a direct invite (admins only).
    pub async fn search_non_members(
        &self,
        caller: &Caller,
        band: BandId,
        q: SearchQuery,
    ) -> Result<Vec<NonMember>> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        self.require_admin(&mut *tx, band, me.id).await?;
        Ok(tx
            .search_non_members(band, q.as_str(), self.now(), SEARCH_LIMIT)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("The Rolling Stones!"), "the-rolling-stones");
        assert_eq!(slugify("  ¡¡¡  "), "band");
        assert_eq!(slugify("Motörhead"), "mot-rhead");
        assert!(slugify(&"a".repeat(100)).len() <= 48);
    }
}
