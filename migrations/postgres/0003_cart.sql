-- Server-side carts of signed-in accounts: every device sees the same cart.
CREATE TABLE cart_items (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, product_id)
);
