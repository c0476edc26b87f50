// The testimony module's items of the first-run checklist: out of the box /tell refuses stories
// until someone has a personal key, an admin has made the organisation key and granted it.
import { can, type Staff } from '../../core/accounts/index.ts';
import type { SetupCheck } from '../../core/modules/index.ts';
import type { KeysService } from './keys.service.ts';
import type { KeyProgress } from './testimony.ts';

const PAGE = '/admin/testimony-keys';

/** The people whose work needs the organisation key: whoever handles cases, accounts not disabled. */
export const caseHandlers = async (listUsers: () => Promise<Array<Staff & { disabled: boolean }>>) =>
  (await listUsers()).filter((u) => !u.disabled && can(u, 'casework.handle'));

export function testimonySetupChecks(
  keys: Pick<KeysService, 'progress'>,
  listUsers: () => Promise<Array<Staff & { disabled: boolean }>>,
): SetupCheck[] {
  const progress = async (staff: Staff): Promise<KeyProgress> => keys.progress(staff, await caseHandlers(listUsers));
  return [
    {
      id: 'testimony.personal_key',
      order: 10,
      titleKey: 'testimony.setup.personal.title',
      whyKey: 'testimony.setup.personal.why',
      href: PAGE,
      anyOf: ['casework.handle', 'moderation.review'],
      check: async (staff) => ({ done: (await progress(staff)).ownKey }),
    },
    {
      id: 'testimony.org_key',
      order: 11,
      titleKey: 'testimony.setup.org.title',
      whyKey: 'testimony.setup.org.why',
      href: PAGE,
      anyOf: ['user.manage'],
      check: async (staff) => {
        const p = await progress(staff);
        return p.orgKey ? { done: true } : { done: false, noteKey: 'testimony.setup.org.refused' };
      },
    },
    {
      id: 'testimony.grants',
      order: 12,
      titleKey: 'testimony.setup.grants.title',
      whyKey: 'testimony.setup.grants.why',
      href: PAGE,
      anyOf: ['user.manage'],
      check: async (staff) => {
        const p = await progress(staff);
        return {
          done: p.orgKey && p.granted === p.handlers,
          noteKey: 'testimony.setup.grants.note',
          values: { granted: p.granted, total: p.handlers, missing: p.handlers - p.withKey },
        };
      },
    },
  ];
}
