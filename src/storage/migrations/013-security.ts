/**
 * Issue 21's hardening: API tokens may expire; a subscription's confirmation link carries a single-use nonce
 * (only its hash is kept, cleared on use and on unsubscribe); unsubscribe links and private feed addresses carry a
 * version that rotation bumps, so the old links stop working; subscriptions tied to an account without consent are untied.
 */
export const securitySchema = `
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE subscribers ADD COLUMN confirm_nonce TEXT;
ALTER TABLE subscribers ADD COLUMN link_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE saved_searches ADD COLUMN feed_version INTEGER NOT NULL DEFAULT 0;
-- Before this, a signed-in request tied any address to the requester's account without the mailbox's consent:
-- keep only the ties to the account's own verified address (others re-link by confirming from the mailbox).
UPDATE subscribers SET user_id = NULL WHERE user_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM users u WHERE u.id = subscribers.user_id AND u.email_verified_at IS NOT NULL AND lower(u.email) = lower(subscribers.email));
`;
