/**
 * Issue 21's hardening: API tokens may expire; a subscription's confirmation link carries a single-use nonce
 * (only its hash is kept, cleared on use and on unsubscribe); unsubscribe links and private feed addresses carry a
 * version that rotation bumps, so the old links stop working.
 */
export const securitySchema = `
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE subscribers ADD COLUMN confirm_nonce TEXT;
ALTER TABLE subscribers ADD COLUMN link_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE saved_searches ADD COLUMN feed_version INTEGER NOT NULL DEFAULT 0;
`;
