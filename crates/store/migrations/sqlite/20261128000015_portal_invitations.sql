-- The household portal (issue 9): a worker invites a member; the one-time link's token is kept only as
-- its SHA-256 hash. Used once (used_at, and the account it made), expires after INVITATION_DAYS.
CREATE TABLE portal_invitations (
    id TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    user_id TEXT REFERENCES users(id)
);
CREATE INDEX portal_invitations_member ON portal_invitations (member_id, created_at);
-- One portal account per member.
CREATE UNIQUE INDEX users_member ON users (member_id);
