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
  /** Plain full-text search over title, abstract and authors (the search engine layers ranking on top). */
  searchText(query: string, page: Page): Promise<{ papers: Paper[]; total: number }>;
  /** Papers that share the most distinctive words with this one. */
  similar(id: string, limit: number): Promise<Paper[]>;
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
  /** A number that changes whenever any process commits a write: the key for caches of rendered lists. */
  revision(): number;
  close(): void;
}
