// An appeal as a subject of officials' responses (src/responses), and the recipients directory as
// the officials a response can be attributed to. Supporters of an appeal leave no address for
// updates (letters and addresses are wiped after the follow-up), so nobody is mailed.
import { can } from '../../core/accounts/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import type { ResponsesService } from '../../responses/index.ts';
import type { AppealView, Recipient } from './appeal.ts';
import type { RecipientsDirectory } from './recipients-directory.ts';

export function registerAppealResponses(
  responses: Pick<ResponsesService, 'registerSubject' | 'registerOfficials'>,
  campaigns: Pick<CampaignsService, 'getComponent'>,
  get: (id: string) => Promise<AppealView>,
  directory: Pick<RecipientsDirectory, 'listRecipients' | 'getRecipient'>,
): void {
  responses.registerSubject('appeal', {
    async describe(id) {
      const appeal = await get(id);
      const created = (await campaigns.getComponent(id)).createdAt.slice(0, 10);
      return {
        type: 'appeal',
        id,
        title: appeal.settings.subject,
        // An appeal has no opening date of its own: the earlier of its campaign's start and its creation.
        startedOn: [appeal.campaign.startsOn, created].filter((d): d is string => !!d).sort()[0],
        publicPath: `/appeals/${id}`,
        adminPath: `/admin/appeals/${id}`,
        public: appeal.published && appeal.campaign.status !== 'draft',
      };
    },
    async mayRecord(actor, id) {
      return can(actor, 'component.manage', (await get(id)).campaign);
    },
  });
  const official = (r: Recipient) => ({ id: r.id, name: r.name, position: r.position, organisation: r.organisation });
  responses.registerOfficials({
    list: async () => (await directory.listRecipients()).map(official),
    get: (id) => directory.getRecipient(id).then(official, () => null),
    adminPath: (id) => `/admin/recipients/${id}`,
  });
}
