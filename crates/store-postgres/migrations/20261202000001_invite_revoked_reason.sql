-- Why an invite was revoked, where no other column tells: 'creator_not_admin' when its
-- creator stopped being an admin of the band (SPEC §3). NULL for revocations by an admin
-- and for declines (declined_at says those).
ALTER TABLE invites ADD COLUMN revoked_reason TEXT
    CHECK (revoked_reason IS NULL OR revoked_reason IN ('creator_not_admin'));

-- Invites made before this rule existed by someone who is no longer an admin of their
-- band stop working now.
UPDATE invites
   SET revoked_at = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT),
       revoked_reason = 'creator_not_admin'
 WHERE used_at IS NULL
   AND revoked_at IS NULL
   AND expires_at > CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
   AND NOT EXISTS (SELECT 1 FROM band_members m
                    WHERE m.band_id = invites.band_id
                      AND m.user_id = invites.created_by
                      AND m.role = 'admin');
