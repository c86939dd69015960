//! Reading a band's activity log (SPEC §6). Entries are written by the other use cases in
//! the same transaction as the change they record.

use crate::error::Result;
use crate::hub::{Caller, Hub};
use crate::ids::BandId;
use crate::model::ActivityEntry;

/// How many entries one read returns.
pub const ACTIVITY_LIMIT: i64 = 200;

impl Hub {
    /// The band's latest activity, newest first (admins).
    pub async fn list_activity(&self, caller: &Caller, band: BandId) -> Result<Vec<ActivityEntry>> {
        let mut tx = self.store.read().await?;
        let me = self.signed_in(&mut *tx, caller).await?;
        self.require_admin(&mut *tx, band, me.id).await?;
        Ok(tx.activity(band, ACTIVITY_LIMIT).await?)
    }
}
