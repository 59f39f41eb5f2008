-- Accounts, sessions, tokens, addresses, shops, images, rate limits.
-- Ids are UUIDv7 text; times are microseconds since the Unix epoch (BIGINT).

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE images (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    thumb_key TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'admin')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'banned')),
    avatar_id TEXT REFERENCES images (id) ON DELETE SET NULL,
    default_address_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);

CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('activation', 'password_reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_tokens_user_id ON account_tokens (user_id, purpose);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL CHECK (label IN ('home', 'office', 'other')),
    country TEXT NOT NULL,
    city TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX addresses_user_id ON addresses (user_id);

CREATE TABLE shops (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    avatar_id TEXT REFERENCES images (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT shops_owner_id_key UNIQUE (owner_id)
);

CREATE TABLE withdraw_methods (
    shop_id TEXT PRIMARY KEY REFERENCES shops (id) ON DELETE CASCADE,
    bank_name TEXT NOT NULL,
    bank_country TEXT NOT NULL,
    swift_code TEXT NOT NULL,
    account_number TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    bank_address TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Fixed-window counters shared by every instance.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
