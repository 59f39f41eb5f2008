-- Indexes the janitor's sweeps use: expired sessions, spent tokens, past rate-limit windows.
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX account_tokens_expires_at ON account_tokens (expires_at);
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
