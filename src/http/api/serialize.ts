import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { DailyEntry, OrganizationRef, Paper, UserRef } from '../../model/paper.ts';
import type { apiDailyItem, apiPaper } from './schemas.ts';

const oid = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 24);
const isoTime = (day: string | undefined) => (day ? (day.length === 10 ? `${day}T00:00:00.000Z` : day) : null);

const userOut = (u: UserRef | undefined) => (u ? { _id: oid(`user:${u.id}`), user: u.username, fullname: u.fullname ?? u.username, avatarUrl: u.avatarUrl ?? null } : null);
const orgOut = (o: OrganizationRef | undefined) => (o ? { _id: oid(`org:${o.id}`), name: o.name, fullname: o.fullname, avatar: o.avatarUrl ?? null, avatarUrl: o.avatarUrl ?? null } : null);

/** A paper in the Hugging Face API's shape; `entry` adds when and by whom it was featured. */
export function toApiPaper(p: Paper, entry?: { date: string; submittedBy?: UserRef; submittedAt?: string }): z.infer<typeof apiPaper> {
  return {
    id: p.id,
    title: p.title,
    summary: p.abstract ?? '',
    authors: p.authors.map((name, i) => ({ _id: oid(`${p.id}:${i}:${name}`), name, hidden: false })),
    authorCount: p.authors.length || p.authorCount || null,
    publishedAt: isoTime(p.publishedAt),
    // the day it was featured (with the submission's time when it was submitted that day), never the import time
    submittedOnDailyAt: entry ? (entry.submittedAt?.startsWith(entry.date) ? entry.submittedAt : isoTime(entry.date)) : null,
    submittedOnDailyBy: userOut(entry?.submittedBy),
    upvotes: p.upvotes,
    numComments: p.numComments,
    discussionId: oid(`discussion:${p.id}`),
    ai_summary: p.aiSummary ?? null,
    ai_keywords: p.aiKeywords,
    githubRepo: p.codeUrl ?? null,
    githubStars: p.githubStars ?? null,
    projectPage: p.projectUrl ?? null,
    categories: p.categories,
    organization: orgOut(p.organization),
    withdrawnAt: p.withdrawnAt ?? null,
  };
}

/** A daily-list entry in the Hugging Face API's shape. */
export function toApiDailyItem(e: DailyEntry): z.infer<typeof apiDailyItem> {
  const paper = toApiPaper(e.paper, e);
  return {
    paper,
    publishedAt: isoTime(e.date)!,
    title: e.paper.title,
    summary: paper.summary,
    thumbnail: null,
    mediaUrls: [],
    numComments: e.paper.numComments,
    submittedBy: paper.submittedOnDailyBy,
    organization: paper.organization,
    isAuthorParticipating: false,
  };
}
