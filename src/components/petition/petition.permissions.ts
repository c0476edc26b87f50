// Who may do what with a petition: pure functions of the staff member and the campaign.
import { type CampaignOwnership, can, type Staff } from '../../core/accounts/index.ts';
import { TRANSITIONS, type PetitionState } from './petition.ts';

export type PetitionAction = 'view' | 'manage' | 'moderate' | 'invalidate' | 'export' | 'lists';

type Who = Pick<Staff, 'id' | 'role'> | null | undefined;

export function petitionCan(staff: Who, action: PetitionAction, campaign: CampaignOwnership): boolean {
  const manage = can(staff, 'component.manage', campaign);
  const moderate = can(staff, 'moderation.review');
  switch (action) {
    case 'manage':
    case 'export':
      return manage;
    case 'moderate':
    case 'invalidate':
    case 'lists':
      return moderate;
    case 'view':
      return manage || moderate;
  }
}

/** May this person move the petition from one state to another? */
export function canTransition(
  staff: Who,
  from: PetitionState,
  to: PetitionState,
  campaign: CampaignOwnership,
): boolean {
  const rule = TRANSITIONS[from].find((t) => t.to === to);
  if (!rule) return false;
  return petitionCan(staff, rule.by === 'manage' ? 'manage' : 'moderate', campaign);
}

/** The transitions this person may make now, in display order. */
export function nextStates(staff: Who, from: PetitionState, campaign: CampaignOwnership): PetitionState[] {
  return TRANSITIONS[from].filter((t) => canTransition(staff, from, t.to, campaign)).map((t) => t.to);
}
