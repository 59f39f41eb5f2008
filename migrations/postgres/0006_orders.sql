-- Orders and money: checkouts (one per purchase, one payment), their orders (one per
-- shop), bought lines as they were, each order's timeline, idempotency keys, reviews, the
-- shops' ledgers and withdrawals.

-- `balance` is the sum of the shop's ledger, kept in the same transaction as each entry so
-- that a withdrawal can take it with a guarded update (`balance >= amount`).
ALTER TABLE shops ADD COLUMN balance BIGINT NOT NULL DEFAULT 0;

CREATE TABLE checkouts (
    id TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    payment_method TEXT NOT NULL CHECK (payment_method IN ('cod', 'stripe', 'paypal')),
    total BIGINT NOT NULL CHECK (total >= 0),
    currency TEXT NOT NULL,
    -- The provider's payment: a Stripe PaymentIntent or a PayPal order, once created.
    provider_ref TEXT,
    client_secret TEXT,
    approve_url TEXT,
    -- PayPal's capture, once captured.
    capture_id TEXT,
    paid_at BIGINT,
    -- When unpaid orders give their stock back; NULL for cash on delivery.
    expires_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX checkouts_provider_ref ON checkouts (provider_ref);
CREATE INDEX checkouts_expires_at ON checkouts (expires_at);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    checkout_id TEXT NOT NULL REFERENCES checkouts (id) ON DELETE CASCADE,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    buyer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'processing',
        'transferred_to_delivery_partner', 'shipping', 'received', 'on_the_way', 'delivered',
        'cancelled', 'refund_requested', 'refunded', 'refund_rejected')),
    subtotal BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    coupon_id TEXT REFERENCES coupons (id) ON DELETE SET NULL,
    coupon_code TEXT,
    payment_method TEXT NOT NULL CHECK (payment_method IN ('cod', 'stripe', 'paypal')),
    paid_at BIGINT,
    ship_name TEXT NOT NULL,
    ship_phone TEXT,
    ship_country TEXT NOT NULL,
    ship_city TEXT NOT NULL,
    ship_line1 TEXT NOT NULL,
    ship_line2 TEXT NOT NULL,
    ship_postal_code TEXT NOT NULL,
    refund_reason TEXT,
    -- What delivery credited to the shop's ledger: a refund debits exactly this.
    credited BIGINT,
    delivered_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_buyer ON orders (buyer_id, created_at, id);
CREATE INDEX orders_shop ON orders (shop_id, created_at, id);
CREATE INDEX orders_shop_status ON orders (shop_id, status, created_at, id);
CREATE INDEX orders_checkout ON orders (checkout_id);
CREATE INDEX orders_status ON orders (status, created_at);

-- A bought line as it was: later edits or deletion of the product do not change it.
CREATE TABLE order_lines (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    event_id TEXT,
    name TEXT NOT NULL,
    image_id TEXT REFERENCES images (id) ON DELETE SET NULL,
    unit_price BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, position)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE order_timeline (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);

-- A retried checkout with the same key answers with the checkout the first one made.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    -- Checked at commit: the key is claimed first, before the checkout row exists.
    checkout_id TEXT NOT NULL REFERENCES checkouts (id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Webhook events already handled: a replay changes nothing twice.
CREATE TABLE payment_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Named as `on_unique` looks for it: one review per (order, product).
    CONSTRAINT reviews_order_id_key UNIQUE (order_id, product_id)
);
CREATE INDEX reviews_product ON reviews (product_id, created_at, id);

CREATE TABLE withdrawals (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    amount BIGINT NOT NULL CHECK (amount > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'rejected')),
    note TEXT,
    decided_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX withdrawals_shop ON withdrawals (shop_id, created_at, id);
CREATE INDEX withdrawals_status ON withdrawals (status, created_at, id);

CREATE TABLE ledger_entries (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('order_credit', 'refund_debit', 'withdrawal_hold',
        'withdrawal_release')),
    amount BIGINT NOT NULL,
    order_id TEXT REFERENCES orders (id) ON DELETE SET NULL,
    withdrawal_id TEXT REFERENCES withdrawals (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ledger_entries_shop ON ledger_entries (shop_id, created_at, id);
