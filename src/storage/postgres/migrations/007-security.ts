/**
 * PostgreSQL schema 7, SQLite's 13 and 18 together: API tokens get an expiry and a scope ('read' tokens read
 * personal data but change nothing; older tokens keep acting as 'write'); a subscription's confirmation link
 * carries a single-use nonce (only its hash kept); unsubscribe links and private feed addresses carry a version
 * that rotation bumps; subscriptions tied to an account without the mailbox's consent are untied.
 */
export const pgSecuritySchema = `
ALTER TABLE api_tokens ADD COLUMN expires_at text;
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
ALTER TABLE subscribers ADD COLUMN confirm_nonce text;
ALTER TABLE subscribers ADD COLUMN link_version integer NOT NULL DEFAULT 0;
ALTER TABLE saved_searches ADD COLUMN feed_version integer NOT NULL DEFAULT 0;
UPDATE subscribers s SET user_id = NULL WHERE user_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM users u WHERE u.id = s.user_id AND u.email_verified_at IS NOT NULL AND lower(u.email::text) = lower(s.email::text));
`;
