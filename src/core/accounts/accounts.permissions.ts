// Pure permission functions: who may do what. Tested for every role × action without HTTP.
import type { Role, Staff } from './roles.ts';

export const ACTIONS = [
  'admin.enter', // see the staff area at all
  'campaign.create',
  'campaign.edit', // needs the campaign's owner for organisers
  'campaign.publish',
  'campaign.view_drafts',
  'component.manage', // add and configure components inside a campaign the actor may edit
  'audit.view',
  'user.manage',
  'jobs.view',
  'analytics.view',
  'moderation.review',
  'casework.handle',
  'observatory.edit', // create and edit observatory records (publishing needs moderation.review)
  'mail.outbox', // read the development outbox (mail not sent because SMTP is not configured)
  'recipients.manage', // the directory of officials that appeals write to
  'ledger.record', // record money in and out, bank events, corrections and campaign figures as pending entries
  'ledger.approve', // approve or reject someone else's pending entry, which appends it to the public ledger
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(ACTIONS),
  organiser: new Set<Action>([
    'admin.enter',
    'campaign.create',
    'campaign.edit',
    'campaign.publish',
    'campaign.view_drafts',
    'component.manage',
    'analytics.view',
    'observatory.edit',
    'recipients.manage',
  ]),
  moderator: new Set<Action>(['admin.enter', 'campaign.view_drafts', 'moderation.review', 'observatory.edit']),
  caseworker: new Set<Action>(['admin.enter', 'casework.handle']),
  analyst: new Set<Action>(['admin.enter', 'campaign.view_drafts', 'analytics.view', 'observatory.edit']),
  // Two people for money: one records, a different one approves (the service refuses self-approval).
  accountant: new Set<Action>(['admin.enter', 'ledger.record']),
  treasurer: new Set<Action>(['admin.enter', 'ledger.record', 'ledger.approve']),
};

/**
 * Actions that reach survivors' cases: handling them, drafting their publication (which lets a
 * moderator hold a key and open a case's text and files), and managing users and the keys; and
 * approving money into the public ledger, which can never be taken back once it is there.
 */
const SECOND_FACTOR_ACTIONS: readonly Action[] = [
  'casework.handle',
  'moderation.review',
  'user.manage',
  'ledger.approve',
];

/** Whoever may do any of them signs in with a second factor: derived from the grants, never listed by hand. */
export const requiresTwoFactor = (role: Role): boolean => SECOND_FACTOR_ACTIONS.some((a) => GRANTS[role].has(a));

/** Context for actions on one campaign: organisers may only change campaigns they created. */
export interface CampaignOwnership {
  createdBy: string | null;
}

export function can(
  staff: Pick<Staff, 'id' | 'role'> | null | undefined,
  action: Action,
  campaign?: CampaignOwnership,
): boolean {
  if (!staff) return false;
  if (!GRANTS[staff.role].has(action)) return false;
  const ownershipMatters = action === 'campaign.edit' || action === 'campaign.publish' || action === 'component.manage';
  if (staff.role === 'organiser' && ownershipMatters && campaign) return campaign.createdBy === staff.id;
  return true;
}
