/** The signed-in user making a request, as routes see it (set by the session middleware; undefined when anonymous). */
export interface Viewer {
  id: number;
  username: string;
  role: 'user' | 'moderator' | 'admin';
  /** The CSRF token to embed in this viewer's forms. */
  csrf: string;
}

/** Hono environment type for paperwire's app: the per-request values middleware sets. */
export interface AppEnv {
  Variables: {
    viewer?: Viewer;
    /** Set when a response already carries the security headers (cached pages), so middleware skips them. */
    secured?: boolean;
    /** The client's address, behind trusted proxies included (src/http/clientAddress.ts). */
    clientAddress?: string;
  };
}
