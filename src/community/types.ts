import type { Paper, UserRef } from '../model/paper.ts';

/** Site-wide roles: moderators hide comments and remove submissions; admins also approve claims and manage users. */
export type Role = 'user' | 'moderator' | 'admin';

/** A user with the account fields only the community feature (and the owner) sees. */
export interface Account extends UserRef {
  email?: string;
  passwordHash?: string;
  role: Role;
  emailVerifiedAt?: string;
  suspendedAt?: string;
  showUpvotes: boolean;
  createdAt: string;
}

/** A comment on a paper; `parentId` set on replies (one level deep). */
export interface Comment {
  id: number;
  paperId: string;
  parentId?: number;
  author: UserRef;
  body: string;
  createdAt: string;
  editedAt?: string;
  hiddenAt?: string;
  deletedAt?: string;
}

/** What a personal access token may do: read (personal lists included) only, or read and write. */
export type TokenScope = 'read' | 'write';

/** A personal access token as its owner sees it (the secret itself is shown once and never stored). */
export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  lastUsedAt?: string;
  /** When the token stops working; unset: until deleted (or the password changes). */
  expiresAt?: string;
}

/** Someone's place in an organization; `acceptedAt` unset while the invitation is open. */
export interface OrgMember {
  user: UserRef;
  role: 'admin' | 'member';
  acceptedAt?: string;
}

/** A user's claim to be an author of a paper, decided by an admin. */
export interface AuthorshipClaim {
  id: number;
  paper: Paper;
  user: UserRef;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
}

/** One line of the moderation log: who did what to what, and when. */
export interface ModerationEntry {
  id: number;
  actor?: UserRef;
  action: string;
  target: string;
  detail?: string;
  createdAt: string;
}

/** A paper someone put on a daily list. */
export interface Submission {
  date: string;
  paper: Paper;
  submittedBy?: UserRef;
  submittedAt: string;
}
