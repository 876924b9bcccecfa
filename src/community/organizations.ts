import { HttpError } from '../http/errors.ts';
import type { OrganizationRef } from '../model/paper.ts';
import type { CommunityDeps } from './communityDeps.ts';
import { assertCanWrite, isModerator, orgNameProblem } from './rules.ts';
import type { Account } from './types.ts';

async function findOrg(deps: CommunityDeps, name: string): Promise<OrganizationRef> {
  const org = await deps.store.organizations.get(name);
  if (!org) throw new HttpError(404, `Organization ${name} was not found`);
  return org;
}

async function assertOrgAdmin(deps: CommunityDeps, account: Account, org: OrganizationRef): Promise<void> {
  const role = await deps.store.memberships.roleOf(org.id, account.id);
  if (role !== 'admin' && account.role !== 'admin') throw new HttpError(403, `Only admins of ${org.fullname} can do that`);
}

/** Creates an organization with its creator as its first admin. */
export async function createOrganization(deps: CommunityDeps, account: Account | undefined, input: { name: string; fullname: string }): Promise<OrganizationRef> {
  assertCanWrite(account);
  const name = input.name.trim();
  const fullname = input.fullname.trim() || name;
  const problem = orgNameProblem(name);
  if (problem) throw new HttpError(422, problem);
  if (fullname.length > 100) throw new HttpError(422, 'The full name can be at most 100 characters long');
  if ((await deps.store.memberships.createOrg({ name, fullname }, account.id)) === 'taken') throw new HttpError(422, `An organization called ${name} already exists`);
  deps.log.info('organization created', { org: name, by: account.username });
  return (await deps.store.organizations.get(name))!;
}

/** Invites a user into an organization as admin or member (organization admins). */
export async function inviteMember(deps: CommunityDeps, account: Account | undefined, orgName: string, username: string, role: 'admin' | 'member'): Promise<void> {
  assertCanWrite(account);
  const org = await findOrg(deps, orgName);
  await assertOrgAdmin(deps, account, org);
  const user = await deps.store.users.get(username.trim());
  if (!user) throw new HttpError(404, `User ${username} was not found`);
  if ((await deps.store.memberships.invite(org.id, user.id, role, account.id)) === 'exists') throw new HttpError(422, `${user.username} is already a member or invited`);
}

/** Accepts an open invitation. */
export async function acceptInvitation(deps: CommunityDeps, account: Account | undefined, orgName: string): Promise<void> {
  assertCanWrite(account);
  const org = await findOrg(deps, orgName);
  if (!(await deps.store.memberships.accept(org.id, account.id))) throw new HttpError(404, `You have no open invitation from ${org.fullname}`);
}

/** Removes a member (organization admins), or lets a member leave (or decline an invitation). */
export async function removeMember(deps: CommunityDeps, account: Account | undefined, orgName: string, username: string): Promise<void> {
  if (!account) throw new HttpError(401, 'Sign in first');
  const org = await findOrg(deps, orgName);
  const user = await deps.store.users.get(username);
  if (!user) throw new HttpError(404, `User ${username} was not found`);
  if (user.id !== account.id) await assertOrgAdmin(deps, account, org);
  const members = await deps.store.memberships.members(org.id);
  const admins = members.filter((m) => m.role === 'admin' && m.acceptedAt);
  if (admins.length === 1 && admins[0]!.user.id === user.id) throw new HttpError(422, 'An organization needs at least one admin; make someone else admin first');
  if (!(await deps.store.memberships.remove(org.id, user.id))) throw new HttpError(404, `${user.username} is not a member of ${org.fullname}`);
}

/** Attaches a paper to an organization (any member), or detaches it (organization admins and moderators). */
export async function attachPaper(deps: CommunityDeps, account: Account | undefined, orgName: string, paperId: string, attach: boolean): Promise<void> {
  assertCanWrite(account);
  const org = await findOrg(deps, orgName);
  const role = await deps.store.memberships.roleOf(org.id, account.id);
  if (!role && !isModerator(account.role)) throw new HttpError(403, `Only members of ${org.fullname} can attach papers to it`);
  const paper = await deps.store.papers.get(paperId);
  if (!paper) throw new HttpError(404, `Paper ${paperId} was not found`);
  if (!attach) {
    if (role !== 'admin' && !isModerator(account.role)) throw new HttpError(403, `Only admins of ${org.fullname} can detach papers`);
    if (paper.organization?.id !== org.id) throw new HttpError(422, `That paper is not attached to ${org.fullname}`);
  }
  await deps.store.memberships.setPaperOrg(paperId, attach ? org.id : null);
}
