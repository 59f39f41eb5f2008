-- Catalog: products and their images, events (flash sales), coupons, wishlists, search.

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    -- Space-separated, lower-case: searchable as text.
    tags TEXT NOT NULL,
    original_price BIGINT NOT NULL,
    price BIGINT NOT NULL,
    stock BIGINT NOT NULL,
    sold_count BIGINT NOT NULL DEFAULT 0,
    rating_sum BIGINT NOT NULL DEFAULT 0,
    rating_count BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (price > 0 AND price <= original_price),
    CHECK (stock >= 0)
);
CREATE INDEX products_shop ON products (shop_id, created_at);
CREATE INDEX products_newest ON products (created_at, id);
CREATE INDEX products_category ON products (category, created_at);
CREATE INDEX products_price ON products (price, id);
CREATE INDEX products_sold ON products (sold_count, id);
CREATE INDEX products_rating ON products (rating_count, rating_sum);

-- Positions run 0..n-1 per product; position 0 is the card's picture.
CREATE TABLE product_images (
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (product_id, image_id)
);
CREATE INDEX product_images_position ON product_images (product_id, position);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    event_price BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    unit_limit BIGINT,
    units_sold BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (starts_at < ends_at),
    CHECK (event_price > 0)
);
CREATE INDEX events_product ON events (product_id, ends_at, starts_at);
CREATE INDEX events_starts ON events (starts_at, id);
CREATE INDEX events_shop ON events (shop_id, starts_at);

CREATE TABLE event_images (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (event_id, image_id)
);

CREATE TABLE coupons (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    -- Upper-case: codes are unique case-insensitively.
    code TEXT NOT NULL,
    percent_off BIGINT NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    min_subtotal BIGINT NOT NULL,
    max_discount BIGINT,
    product_id TEXT REFERENCES products (id) ON DELETE CASCADE,
    expires_at BIGINT,
    usage_limit BIGINT,
    used_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    CONSTRAINT coupons_code_key UNIQUE (code)
);
CREATE INDEX coupons_shop ON coupons (shop_id, created_at);

CREATE TABLE wishlist_items (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, product_id)
);

-- Full-text search: a weighted tsvector (name A, tags B, description C), kept by PostgreSQL.
ALTER TABLE products ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', name), 'A')
    || setweight(to_tsvector('simple', tags), 'B')
    || setweight(to_tsvector('simple', description), 'C')
) STORED;
CREATE INDEX products_search ON products USING GIN (search);
