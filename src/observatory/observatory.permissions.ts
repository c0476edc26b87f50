// Who may do what with observatory records: pure functions over the staff member and the record.
// Editors (observatory.edit) write drafts and propose changes to published records; moderators
// (moderation.review) publish, retract, approve proposals and links.
import { can, type Staff } from '../core/accounts/index.ts';
import type { EntityStatus } from './observatory.model.ts';

type Who = Pick<Staff, 'id' | 'role'> | null | undefined;

export const mayEdit = (staff: Who): boolean => can(staff, 'observatory.edit');
export const mayPublish = (staff: Who): boolean => can(staff, 'observatory.edit') && can(staff, 'moderation.review');

/** Direct edits change the record; on a published record an editor's change waits as a proposal. */
export function editMode(staff: Who, status: EntityStatus): 'direct' | 'propose' | 'none' {
  if (!mayEdit(staff)) return 'none';
  return status !== 'published' || mayPublish(staff) ? 'direct' : 'propose';
}

/** draft → review (ask for publication) → published; moderators retract or send back to draft. */
export function mayChangeStatus(staff: Who, from: EntityStatus, to: EntityStatus): boolean {
  if (from === to || !mayEdit(staff)) return false;
  if (to === 'published' || from === 'published') return mayPublish(staff);
  return true; // draft ⇄ review
}

/** Links made by moderators count at once; an editor's link waits for a moderator (or for publication). */
export const linkApprovedOnCreate = (staff: Who): boolean => mayPublish(staff);

export const mayRemoveLink = (staff: Who, link: { approved: boolean }): boolean =>
  mayPublish(staff) || (mayEdit(staff) && !link.approved);
