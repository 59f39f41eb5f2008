-- Chat: one conversation per (buyer, shop), its messages, who has a websocket open, and the
-- events the instances pass to each other (LISTEN/NOTIFY carries only their ids).

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    last_message_id TEXT,
    buyer_unread INTEGER NOT NULL DEFAULT 0,
    shop_unread INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (buyer_id, shop_id)
);
CREATE INDEX conversations_buyer ON conversations (buyer_id, updated_at);
CREATE INDEX conversations_shop ON conversations (shop_id, updated_at);

-- Ids are UUIDv7, so ordering by id is ordering by time.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    image_id TEXT REFERENCES images (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- `instances`: how many server instances hold a websocket of the account. Each instance
-- refreshes `last_seen` for its connected accounts every minute, so a crashed instance's
-- count goes stale instead of showing someone online forever.
CREATE TABLE presence (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    instances INTEGER NOT NULL,
    last_seen BIGINT NOT NULL
);

-- A NOTIFY payload is limited to 8000 bytes, so the event waits here and the notification
-- names its row; the listening instances remove rows older than an hour.
CREATE TABLE realtime_events (
    id BIGSERIAL PRIMARY KEY,
    recipients TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX realtime_events_created_at ON realtime_events (created_at);
