/**
 * A digest send carries its subscriber's "For you" picks (paper ids and reasons, JSON), chosen when the send is
 * recorded, so a resend after a crash is the same mail.
 */
export const digestPicksSchema = `
ALTER TABLE digest_sends ADD COLUMN picks TEXT NOT NULL DEFAULT '[]';
`;
