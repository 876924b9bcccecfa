/** A paper as paperwire stores and shows it; optional fields stay undefined when a source did not say. */
export interface Paper {
  /** arXiv id without version ("2401.01234", "hep-th/9901001"), or a stable local id ("pw-…") when none is known. */
  id: string;
  arxivId?: string;
  version?: number;
  title: string;
  abstract?: string;
  /** Author names in the paper's order; empty when a source gave only a count. */
  authors: string[];
  /** How many authors the paper has, also when their names are unknown. */
  authorCount?: number;
  /** The paper's own publication date (YYYY-MM-DD), not the day it was featured. */
  publishedAt?: string;
  categories: string[];
  codeUrl?: string;
  projectUrl?: string;
  githubStars?: number;
  organization?: OrganizationRef;
  upvotes: number;
  numComments: number;
  aiSummary?: string;
  aiKeywords: string[];
  withdrawnAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** The short form of an organization that travels with a paper. */
export interface OrganizationRef {
  id: number;
  name: string;
  fullname: string;
  avatarUrl?: string;
}

/** A paper's place on a daily list: the day it was featured and who put it there. */
export interface DailyEntry {
  date: string;
  paper: Paper;
  submittedBy?: UserRef;
  submittedAt: string;
  /** Order among equal upvotes on the day (the seed pages' rank, or submission order). */
  position: number;
}

/** The short form of a user that travels with a submission or a comment. */
export interface UserRef {
  id: number;
  username: string;
  fullname?: string;
  avatarUrl?: string;
}

/** What an import or an ingestion source hands to storage: a paper before paperwire has stored it. */
export interface PaperInput {
  id?: string;
  arxivId?: string;
  version?: number;
  title: string;
  abstract?: string;
  authors?: string[];
  authorCount?: number;
  publishedAt?: string;
  categories?: string[];
  codeUrl?: string;
  projectUrl?: string;
  githubStars?: number;
  organization?: { name: string; fullname?: string };
  /** Upvotes the source already counted (seed cards, snapshots); user votes are added on top. */
  baseUpvotes?: number;
  withdrawnAt?: string;
}
