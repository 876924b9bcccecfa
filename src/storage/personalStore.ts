import type { Paper } from '../model/paper.ts';
import type { Page } from './store.ts';

/** What a user can follow: an author name, an organization name, an arXiv category, or a search query. */
export type FollowKind = 'author' | 'org' | 'category' | 'search';

/** One follow of a user. */
export interface Follow {
  kind: FollowKind;
  value: string;
  createdAt: string;
}

/** A named list of papers owned by one user; the default one ("Saved") holds one-click bookmarks. */
export interface Collection {
  id: number;
  userId: number;
  ownerUsername: string;
  name: string;
  description: string;
  isPublic: boolean;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  /** How many papers it holds. */
  size: number;
}

/** A paper in a collection with the owner's note. */
export interface CollectionItem {
  paper: Paper;
  note: string;
  addedAt: string;
}

/** Per-user marks on papers in lists. */
export type MarkKind = 'read' | 'hidden';

/** A paper of the recent window as the recommender sees it: metadata for features and its int8 vector. */
export interface WindowPaper {
  rowid: number;
  id: string;
  title: string;
  authors: string[];
  categories: string[];
  org?: string;
  upvotes: number;
  publishedAt?: string;
  vector?: Int8Array;
  scale: number;
}

/** Something the user did with a paper, which the recommender learns from. */
export interface Signal {
  kind: 'saved' | 'upvoted';
  at: string;
  paper: WindowPaper;
}

/** Follows, collections, marks, and what recommendations read (see src/personal/). */
export interface PersonalStore {
  follow(userId: number, kind: FollowKind, value: string): Promise<'added' | 'exists'>;
  unfollow(userId: number, kind: FollowKind, value: string): Promise<boolean>;
  follows(userId: number): Promise<Follow[]>;

  /** Creates a collection; 'taken' when the user already has one of that name. */
  createCollection(userId: number, c: { name: string; description?: string; isPublic?: boolean; isDefault?: boolean }): Promise<Collection | 'taken'>;
  collection(id: number): Promise<Collection | undefined>;
  /** The user's default collection, created on first use. */
  defaultCollection(userId: number): Promise<Collection>;
  collectionsOf(userId: number): Promise<Collection[]>;
  updateCollection(id: number, patch: { name?: string; description?: string; isPublic?: boolean }): Promise<'ok' | 'taken'>;
  deleteCollection(id: number): Promise<void>;
  /** Adds a paper (or updates its note when given); 'no-paper' when the id is unknown. */
  addItem(collectionId: number, paperId: string, note?: string): Promise<'added' | 'exists' | 'no-paper'>;
  removeItem(collectionId: number, paperId: string): Promise<boolean>;
  items(collectionId: number, page: Page): Promise<{ items: CollectionItem[]; total: number }>;
  /** Of these papers, those in any of the user's collections. */
  savedAmong(userId: number, paperIds: string[]): Promise<Set<string>>;

  setMark(userId: number, paperId: string, kind: MarkKind, on: boolean): Promise<boolean>;
  /** The user's marks on these papers: paper id → kinds. */
  marksAmong(userId: number, paperIds: string[]): Promise<Map<string, Set<MarkKind>>>;

  /** The active embedding model's id (vectors of other models are never mixed in). */
  activeModel(): Promise<string | undefined>;
  /** Papers published on or after `since` or featured on a day on or after it, not withdrawn, with their vectors. */
  window(since: string, model: string): Promise<WindowPaper[]>;
  /** The user's saves and upvotes, newest first. */
  signals(userId: number, model: string, limit: number): Promise<Signal[]>;
  /** Rowids the user marked read or hidden, or saved or upvoted: never recommended again. */
  seen(userId: number): Promise<Set<number>>;
}
