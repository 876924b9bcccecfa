import type { DigestSendStore, SavedSearchStore, SubscriberStore } from './digestStore.ts';
import type { JobLeaseStore } from './jobLeaseStore.ts';
import type { IngestStore } from './ingestStore.ts';
import type { SearchIndexStore } from './searchIndexStore.ts';
import type { LexicalStore } from './lexicalStore.ts';
import type { LimitStore } from './limitStore.ts';
import type { PersonalStore } from './personalStore.ts';
import type { Account, ApiToken, AuthorshipClaim, TokenScope, Comment, ModerationEntry, OrgMember, Role, Submission } from '../community/types.ts';
import type { DailyEntry, OrganizationRef, Paper, PaperInput, UserRef } from '../model/paper.ts';

/** How an upsert ended, so imports can count what they did. */
export type UpsertStatus = 'new' | 'updated' | 'unchanged';

/** Papers: the only way the rest of paperwire reads or writes them. */
export interface PaperStore {
  get(id: string): Promise<Paper | undefined>;
  getMany(ids: string[]): Promise<Paper[]>;
  /** Inserts or updates by arXiv id, then by local id, then by title; votes and comments are kept. */
  upsert(input: PaperInput): Promise<{ id: string; status: UpsertStatus }>;
  /** Many upserts in one transaction (the bulk path of imports); results in input order. */
  upsertMany(inputs: PaperInput[]): Promise<{ id: string; status: UpsertStatus }[]>;
  count(): Promise<number>;
  listByOrganization(orgName: string, page: Page): Promise<{ papers: Paper[]; total: number }>;
  /** The days a paper was featured on, newest first. */
  featuredOn(id: string): Promise<{ date: string; submittedBy?: UserRef }[]>;
}

/** Paging for any list: `limit` rows after skipping `offset`. */
export interface Page {
  limit: number;
  offset: number;
}

/** Order of a daily list: by upvotes (the day view) or by featured date, newest first (the API default). */
export type DailySort = 'upvotes' | 'date';

/** The daily lists: which papers were featured on which day. */
export interface DailyStore {
  /** Entries featured between two days inclusive (YYYY-MM-DD), ordered as asked. */
  list(range: { from: string; to: string; submitter?: string }, sort: DailySort, page: Page): Promise<{ entries: DailyEntry[]; total: number }>;
  /** The newest day that has at least one paper. */
  latestDate(): Promise<string | undefined>;
  /** The nearest days before and after `date` that have papers (empty days skipped). */
  neighbours(date: string): Promise<{ prev?: string; next?: string }>;
  /** Puts a paper on a day's list; 'exists' when it is already there. */
  feature(paperId: string, date: string, options?: { submittedBy?: number; position?: number }): Promise<'added' | 'exists'>;
}

/** Organizations that papers belong to. */
export interface OrganizationStore {
  get(name: string): Promise<OrganizationRef | undefined>;
  ensure(org: { name: string; fullname?: string }): Promise<OrganizationRef>;
}

/** Users (filled in by accounts; the core needs only names for submissions and votes). */
export interface UserStore {
  get(username: string): Promise<UserRef | undefined>;
  ensure(user: { username: string; fullname?: string }): Promise<UserRef>;
}

/** Upvotes: one per user and paper, with the paper's count kept exact in the same transaction. */
export interface VoteStore {
  /** Sets the user's vote on a paper; returns the resulting state and the paper's count. */
  set(userId: number, paperId: string, up: boolean): Promise<{ upvoted: boolean; upvotes: number }>;
  /** Of these papers, the ones the user has upvoted. */
  votedOn(userId: number, paperIds: string[]): Promise<Set<string>>;
}

/** Accounts, sessions, single-use mail tokens and personal access tokens (all secrets stored as hashes). */
export interface AccountStore {
  /** Creates an account; 'taken' when the username or email is already used. */
  create(a: { username: string; email: string; passwordHash: string; role?: Role; verified?: boolean }): Promise<Account | 'taken'>;
  byId(id: number): Promise<Account | undefined>;
  /** By username or email, case-insensitively. */
  byLogin(login: string): Promise<Account | undefined>;
  update(id: number, patch: { passwordHash?: string; emailVerifiedAt?: string; role?: Role; suspendedAt?: string | null; showUpvotes?: boolean; fullname?: string }): Promise<void>;
  list(page: Page, query?: string): Promise<{ accounts: Account[]; total: number }>;
  count(): Promise<number>;
  createSession(idHash: string, userId: number, expiresAt: string): Promise<void>;
  /** The account behind a live session (expired sessions and suspended users yield nothing). */
  sessionAccount(idHash: string, now: string): Promise<Account | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessions(userId: number): Promise<void>;
  createMailToken(hash: string, userId: number, purpose: 'verify' | 'reset', expiresAt: string): Promise<void>;
  /** Marks a single-use token used and returns its user; undefined when unknown, used, expired or of another purpose. */
  useMailToken(hash: string, purpose: 'verify' | 'reset', now: string): Promise<number | undefined>;
  /** Stores a new API token's hash; scope defaults to 'write'; `expiresAt` (ISO time) unset means it lasts until deleted. */
  createApiToken(userId: number, name: string, hash: string, prefix: string, options?: { scope?: TokenScope; expiresAt?: string }): Promise<ApiToken>;
  /** The account owning an API token not expired at `now` (and records its use, to the hour); undefined otherwise. */
  apiTokenAccount(hash: string, now: string): Promise<Account | undefined>;
  /** What an API token may do; undefined when unknown. */
  apiTokenScope(hash: string): Promise<TokenScope | undefined>;
  listApiTokens(userId: number): Promise<ApiToken[]>;
  revokeApiToken(userId: number, id: number): Promise<boolean>;
  /** Deletes every API token of a user (password reset or change); returns how many went. */
  deleteApiTokens(userId: number): Promise<number>;
  /** Papers a user upvoted, newest vote first. */
  upvotedPapers(userId: number, page: Page): Promise<Paper[]>;
  /** Deletes expired sessions and expired or used mail tokens; returns how many rows went. */
  purgeExpired(now: string): Promise<number>;
}

/** Comments on papers; every change keeps `papers.num_comments` (visible comments) exact in the same transaction. */
export interface CommentStore {
  add(c: { paperId: string; userId: number; parentId?: number; body: string }): Promise<Comment>;
  get(id: number): Promise<Comment | undefined>;
  /** A paper's comments in thread order (top-level by age, replies under their parent). */
  forPaper(paperId: string): Promise<Comment[]>;
  edit(id: number, body: string): Promise<void>;
  setDeleted(id: number): Promise<void>;
  setHidden(id: number, hidden: boolean): Promise<void>;
  recent(limit: number): Promise<Comment[]>;
}

/** Daily-list entries seen as submissions: the rules' counts, and moderation. */
export interface SubmissionStore {
  /** How many papers a user submitted at or after `since` (an ISO timestamp). */
  countSince(userId: number, since: string): Promise<number>;
  byUser(userId: number, page: Page): Promise<Submission[]>;
  recent(limit: number): Promise<Submission[]>;
  /** Takes a paper off a day's list; false when it was not there. */
  remove(paperId: string, date: string): Promise<boolean>;
}

/** Organization membership, invitations and which papers an organization claims. */
export interface MembershipStore {
  /** Creates the organization with its creator as admin; 'taken' when the name exists. */
  createOrg(org: { name: string; fullname: string }, ownerId: number): Promise<'created' | 'taken'>;
  members(orgId: number): Promise<OrgMember[]>;
  /** The role of an accepted member; undefined for others. */
  roleOf(orgId: number, userId: number): Promise<'admin' | 'member' | undefined>;
  invite(orgId: number, userId: number, role: 'admin' | 'member', invitedBy: number): Promise<'invited' | 'exists'>;
  accept(orgId: number, userId: number): Promise<boolean>;
  remove(orgId: number, userId: number): Promise<boolean>;
  invitationsFor(userId: number): Promise<{ org: OrganizationRef; role: 'admin' | 'member' }[]>;
  orgsOf(userId: number): Promise<{ org: OrganizationRef; role: 'admin' | 'member' }[]>;
  /** Attaches a paper to an organization (or detaches it with null). */
  setPaperOrg(paperId: string, orgId: number | null): Promise<boolean>;
}

/** Authorship claims and the approved authors of papers. */
export interface ClaimStore {
  claim(paperId: string, userId: number): Promise<'pending' | 'exists'>;
  get(id: number): Promise<AuthorshipClaim | undefined>;
  decide(id: number, status: 'approved' | 'rejected', by: number): Promise<boolean>;
  pending(limit: number): Promise<AuthorshipClaim[]>;
  /** Papers the user is an approved author of. */
  papersOf(userId: number, page: Page): Promise<Paper[]>;
  /** The approved authors of a paper, and the viewer's claim state when asked. */
  authorsOf(paperId: string): Promise<UserRef[]>;
  statusOf(paperId: string, userId: number): Promise<AuthorshipClaim['status'] | undefined>;
}

/** The append-only log of moderation actions. */
export interface ModerationLogStore {
  record(e: { actorId: number; action: string; target: string; detail?: string }): Promise<void>;
  list(page: Page): Promise<ModerationEntry[]>;
}

/** Connection use of one process's store (see `Store.poolStats`). */
export interface PoolStats {
  open: number;
  idle: number;
  waiting: number;
}

/**
 * The storage interface: everything paperwire keeps goes through here. SQLite implements it today
 * (src/storage/sqlite); a PostgreSQL backend would implement the same interface.
 */
export interface Store {
  papers: PaperStore;
  daily: DailyStore;
  organizations: OrganizationStore;
  users: UserStore;
  votes: VoteStore;
  accounts: AccountStore;
  comments: CommentStore;
  submissions: SubmissionStore;
  memberships: MembershipStore;
  claims: ClaimStore;
  moderationLog: ModerationLogStore;
  /** Ingestion cursors, run log and the arXiv request gate (src/storage/ingestStore.ts). */
  ingest: IngestStore;
  /** Paper vectors, the search work queue, keywords and summaries (src/storage/searchIndexStore.ts). */
  searchIndex: SearchIndexStore;
  /** What the in-memory lexical index is built from and the change log that keeps it current (src/storage/lexicalStore.ts). */
  lexical: LexicalStore;
  /** Digest subscribers, the digest send ledger and saved searches (src/storage/digestStore.ts). */
  subscribers: SubscriberStore;
  digestSends: DigestSendStore;
  savedSearches: SavedSearchStore;
  /** Named leases that let one process of the site run each scheduled job (src/storage/jobLeaseStore.ts). */
  jobLeases: JobLeaseStore;
  /** Follows, collections, read/hidden marks and what recommendations read (src/storage/personalStore.ts). */
  personal: PersonalStore;
  /** Rate-limit counters and the sign-in back-off, shared by every server (src/storage/limitStore.ts). */
  limits: LimitStore;
  /**
   * Database connections of this process: how many are open, idle, and how many callers wait for one (a
   * PostgreSQL pool's totalCount, idleCount, waitingCount; SQLite: its one synchronous connection). For metrics.
   */
  poolStats(): Promise<PoolStats>;
  /**
   * A number that changes when any process commits a write: this process's own writes change it at once;
   * another process's may show from the next event-loop turn (so a backend may check once per turn, not once
   * per request). The scope says which writes count (RevisionScope); without one, every write — what search
   * indexes use to know that their change logs moved.
   */
  revision(scope?: RevisionScope): number;
  close(): void;
}

/**
 * Which writes move a `revision()`: `'content'` — anything a reader can see (every write but search bookkeeping:
 * vectors, change logs, work queues, search state, job leases), the key for a paper's page and the API; `'lists'` —
 * the same less papers' AI keywords and summaries, which no list shows, the key for list pages and feeds. So
 * background embedding and keyword extraction do not empty the page caches (issue 20).
 */
export type RevisionScope = 'content' | 'lists';
