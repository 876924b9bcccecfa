import { HttpError, notFound } from '../http/errors.ts';
import { isPaperId } from '../model/paperId.ts';
import type { Collection, MarkKind } from '../storage/personalStore.ts';
import type { Store } from '../storage/store.ts';

const MAX_NAME = 80;
const MAX_DESCRIPTION = 500;
const MAX_NOTE = 2000;

async function knownPaper(store: Store, paperId: string): Promise<void> {
  if (!isPaperId(paperId) || !(await store.papers.get(paperId))) throw notFound('That paper');
}

/** Saves a paper to (or removes it from) the user's default collection: the one-click bookmark. */
export async function setSaved(store: Store, userId: number, paperId: string, saved: boolean): Promise<{ saved: boolean; collectionId: number }> {
  await knownPaper(store, paperId);
  const c = await store.personal.defaultCollection(userId);
  if (saved) await store.personal.addItem(c.id, paperId);
  else await store.personal.removeItem(c.id, paperId);
  return { saved, collectionId: c.id };
}

function checkFields(f: { name?: string; description?: string }): { name?: string; description?: string } {
  const name = f.name?.replace(/\s+/g, ' ').trim();
  if (name !== undefined && (!name || name.length > MAX_NAME)) throw new HttpError(422, `A collection needs a name of 1 to ${MAX_NAME} characters`);
  const description = f.description?.trim();
  if (description !== undefined && description.length > MAX_DESCRIPTION) throw new HttpError(422, `The description is too long: at most ${MAX_DESCRIPTION} characters`);
  return { name, description };
}

/** Creates a named collection, private unless asked (422 when the name is empty, too long or already used). */
export async function createCollection(store: Store, userId: number, f: { name: string; description?: string; isPublic?: boolean }): Promise<Collection> {
  const { name, description } = checkFields(f);
  const made = await store.personal.createCollection(userId, { name: name!, description, isPublic: f.isPublic });
  if (made === 'taken') throw new HttpError(422, `You already have a collection named “${name}”`);
  return made;
}

/** A collection the user owns; 404 otherwise (a private collection of someone else does not exist for them). */
export async function ownedCollection(store: Store, userId: number, id: number): Promise<Collection> {
  const c = Number.isSafeInteger(id) ? await store.personal.collection(id) : undefined;
  if (!c || c.userId !== userId) throw notFound('That collection');
  return c;
}

/** A collection the viewer may see: public ones for everyone, private ones for their owner only. */
export async function viewableCollection(store: Store, viewerId: number | undefined, id: number): Promise<Collection> {
  const c = Number.isSafeInteger(id) ? await store.personal.collection(id) : undefined;
  if (!c || (!c.isPublic && c.userId !== viewerId)) throw notFound('That collection');
  return c;
}

/** Renames, describes, or publishes/unpublishes one of the user's collections. */
export async function updateCollection(store: Store, userId: number, id: number, f: { name?: string; description?: string; isPublic?: boolean }): Promise<Collection> {
  await ownedCollection(store, userId, id);
  const { name, description } = checkFields(f);
  if ((await store.personal.updateCollection(id, { name, description, isPublic: f.isPublic })) === 'taken') throw new HttpError(422, `You already have a collection named “${name}”`);
  return (await store.personal.collection(id))!;
}

/** Deletes one of the user's collections (the default one stays: it holds the bookmarks). */
export async function deleteCollection(store: Store, userId: number, id: number): Promise<void> {
  const c = await ownedCollection(store, userId, id);
  if (c.isDefault) throw new HttpError(422, 'The Saved collection holds your bookmarks and cannot be deleted');
  await store.personal.deleteCollection(id);
}

/** Adds a paper to one of the user's collections, or changes its note. */
export async function addToCollection(store: Store, userId: number, id: number, paperId: string, note?: string): Promise<'added' | 'exists'> {
  await ownedCollection(store, userId, id);
  if (note !== undefined && note.length > MAX_NOTE) throw new HttpError(422, `The note is too long: at most ${MAX_NOTE} characters`);
  await knownPaper(store, paperId);
  const r = await store.personal.addItem(id, paperId, note?.trim());
  if (r === 'no-paper') throw notFound('That paper');
  return r;
}

/** Takes a paper out of one of the user's collections. */
export async function removeFromCollection(store: Store, userId: number, id: number, paperId: string): Promise<boolean> {
  await ownedCollection(store, userId, id);
  return store.personal.removeItem(id, paperId);
}

/** Marks a paper read or hidden for the user (or clears the mark); hidden papers leave their feeds. */
export async function markPaper(store: Store, userId: number, paperId: string, kind: string, on: boolean): Promise<{ kind: MarkKind; on: boolean }> {
  if (kind !== 'read' && kind !== 'hidden') throw new HttpError(400, 'kind must be read or hidden');
  await knownPaper(store, paperId);
  await store.personal.setMark(userId, paperId, kind, on);
  return { kind, on };
}
