// Who may do what with testimonies. Pure functions of the staff member, tested without HTTP.
import { can, type Staff } from '../../core/accounts/index.ts';

type Who = Pick<Staff, 'id' | 'role'> | null | undefined;

/** Read testimonies, change status, assign, tag, write notes and replies. */
export const canHandle = (s: Who) => can(s, 'casework.handle');
/** Draft the public version of a story (moderators too, who then need a key grant to read it). */
export const canDraftPublication = (s: Who) => can(s, 'casework.handle') || can(s, 'moderation.review');
/** Hold a personal key at all: anyone who may read testimonies. */
export const canHoldKey = canDraftPublication;
/** Create, rotate and grant the organisation key; override a missing referral consent. */
export const canManageKeys = (s: Who) => can(s, 'user.manage');
export const canOverrideReferral = canManageKeys;
/** Turn a story into a draft observatory case: reading it, and the right to add observatory records. */
export const canPromote = (s: Who) => canDraftPublication(s) && can(s, 'observatory.edit');
