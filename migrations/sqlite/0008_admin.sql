-- The admin console: bans, listings hidden by an admin, the audit log of what admins did, and
-- the indexes the admin's figures and lists read.

-- A ban keeps why and since when, and the status to give back on unban (a pending account
-- stays pending: it never proved its e-mail address).
ALTER TABLE users ADD COLUMN banned_at BIGINT;
ALTER TABLE users ADD COLUMN ban_reason TEXT;
ALTER TABLE users ADD COLUMN status_before_ban TEXT;

-- Hidden by an admin, and why: out of listings, search, carts and checkout; the shop still
-- sees it, with the reason. Independent of the seller's own `status`, which cannot undo it.
ALTER TABLE products ADD COLUMN hidden_at BIGINT;
ALTER TABLE products ADD COLUMN hidden_reason TEXT;
ALTER TABLE events ADD COLUMN hidden_at BIGINT;
ALTER TABLE events ADD COLUMN hidden_reason TEXT;

-- Append-only: what an admin did, to which record, when and why. `target_id` has no foreign
-- key, since some targets (a removed review) are gone; `detail` says what they were.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    admin_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    target_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at, id);
CREATE INDEX audit_log_target ON audit_log (target_id, created_at, id);
CREATE INDEX audit_log_admin ON audit_log (admin_id, created_at, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The dashboard's figures, read from the indexes alone (covering), at any number of orders:
-- orders by status with their totals and credits, and the last 30 days' sales by day.
CREATE INDEX orders_status_money ON orders (status, total, credited);
CREATE INDEX orders_created ON orders (created_at, status, total);
-- The admin's lists, newest first.
CREATE INDEX users_created ON users (created_at, id);
CREATE INDEX shops_created ON shops (created_at, id);
CREATE INDEX events_created ON events (created_at, id);
CREATE INDEX reviews_created ON reviews (created_at, id);
CREATE INDEX withdrawals_created ON withdrawals (created_at, id);
