/**
 * Personal access tokens get a scope: 'read' tokens may read personal data (For you, collections) but not vote,
 * comment, submit or save; tokens made before scopes existed keep acting as before ('write').
 */
export const tokenScopesSchema = `
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
`;
