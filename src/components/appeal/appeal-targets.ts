// An appeal and whom its letters go to: the officials of a body, those of the supporter's region,
// or the people staff named; plus its counts of letters sent per channel.
import type { Db } from '../../db/database.ts';
import { type AuditService, can, type Staff } from '../../core/accounts/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import { nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import {
  CHANNELS,
  isCurrent,
  type AppealSettings,
  type AppealSummary,
  type AppealView,
  type Channel,
  type Recipient,
} from './appeal.ts';
import * as repo from './appeal.repository.ts';
import { toRecipient, type RecipientsDirectory } from './recipients-directory.ts';

/** What the targeting uses. */
export interface TargetsDeps {
  db: Db;
  audit: AuditService;
  campaigns: CampaignsService;
}

export function createAppealTargets(
  { db, audit, campaigns }: TargetsDeps,
  directory: Pick<RecipientsDirectory, 'listRecipients'>,
) {
  /** The appeal of a component; its own row is made on first use. */
  async function load(id: string): Promise<AppealView> {
    const component = await campaigns.getComponent(id);
    if (component.type !== 'appeal') throw notFound('APPEAL_NOT_FOUND');
    let row = await repo.findAppeal(db, id);
    if (!row) {
      const now = nowIso();
      await repo.insertAppeal(db, {
        component_id: id,
        campaign_id: component.campaignId,
        named_recipients: '[]',
        created_at: now,
        updated_at: now,
      });
      row = (await repo.findAppeal(db, id))!;
    }
    return {
      id,
      campaign: await campaigns.getById(component.campaignId),
      settings: component.settings as AppealSettings,
      published: component.status === 'published',
      namedRecipients: parseJson(row.named_recipients, []),
    };
  }

  const targets = {
    get: load,

    async getPublic(id: string): Promise<AppealView> {
      const a = await load(id);
      if (!a.published || a.campaign.status === 'draft') throw notFound('APPEAL_NOT_FOUND');
      return a;
    },

    async summary(id: string): Promise<AppealSummary> {
      const a = await load(id);
      const sent = await repo.sentByChannel(db, id);
      const letters = Object.fromEntries(CHANNELS.map((c) => [c, sent[c] ?? 0])) as Record<Channel, number>;
      const recipients =
        a.settings.target_mode === 'regional'
          ? (await directory.listRecipients({ body: a.settings.target_body, currentOnly: true })).length
          : (await targets.recipientsFor(a)).length;
      return { id, namedRecipients: a.namedRecipients, letters, recipients };
    },

    async recipientsFor(appeal: AppealView, region?: string): Promise<Recipient[]> {
      const s = appeal.settings;
      if (s.target_mode === 'named')
        return (await repo.recipientsByIds(db, appeal.namedRecipients)).map(toRecipient).filter((r) => isCurrent(r));
      const all = await directory.listRecipients({ body: s.target_body, currentOnly: true });
      if (s.target_mode === 'body') return all;
      return region ? all.filter((r) => r.region === region) : [];
    },

    async setNamed(id: string, recipientIds: string[], actor: Staff): Promise<void> {
      const a = await load(id);
      if (!can(actor, 'component.manage', a.campaign)) throw forbidden();
      const known = new Set((await repo.recipientsByIds(db, recipientIds.slice(0, 500))).map((r) => r.id));
      const ids = recipientIds.filter((r) => known.has(r));
      await repo.updateAppeal(db, id, { named_recipients: toJson(ids), updated_at: nowIso() });
      await audit.record(actor, 'appeal.recipients.set', { type: 'appeal', id }, { count: ids.length });
    },
  };
  return targets;
}

export type AppealTargets = ReturnType<typeof createAppealTargets>;
