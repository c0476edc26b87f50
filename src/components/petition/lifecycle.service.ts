// The life cycle: staff transitions (draft → moderation → open → closed → delivered → answered, or
// rejected), publishing with the public states; the hourly upkeep that closes petitions at their
// deadline, anonymises them months after closing and drops old IP hashes; the reference dataset.
import type { Staff } from '../../core/accounts/index.ts';
import { fail, forbidden, ValidationError } from '../../core/errors.ts';
import { isoAt, nowIso, toJson } from '../../db/portable.ts';
import { recount } from './counting.service.ts';
import { SYSTEM, type PetitionContext } from './petition.context.ts';
import {
  petitionSettingsSchema,
  PUBLIC_STATES,
  type PetitionSettings,
  type PetitionState,
  type PetitionView,
} from './petition.ts';
import { canTransition } from './petition.permissions.ts';
import * as repo from './petition.repository.ts';

export interface PetitionLifecycle {
  transition(
    id: string,
    to: PetitionState,
    actor: Staff,
    details?: { reason?: string; answer?: string; answerUrl?: string },
  ): Promise<PetitionView>;
  maintain(now?: Date): Promise<{ closed: number; anonymised: number; ipHashesDropped: number }>;
  /** Called once a petition is marked delivered (the ledger publishes its figure then); a failing listener is logged, not thrown. */
  onDelivered(listener: (id: string, actor: Staff) => Promise<unknown>): void;
  upsertReference(
    campaignSlug: string,
    key: string,
    input: { settings: PetitionSettings; state: PetitionState; openedAt?: string; closedAt?: string },
  ): Promise<'created' | 'updated' | 'unchanged'>;
}

export function createLifecycle(ctx: PetitionContext): PetitionLifecycle {
  const { db, config, audit, campaigns, pageCache } = ctx.deps;
  const delivered: Array<(id: string, actor: Staff) => Promise<unknown>> = [];

  return {
    onDelivered: (listener) => void delivered.push(listener),

    async transition(id, to, actor, details = {}) {
      const m = await ctx.load(id, true);
      const from = m.view.state;
      if (!canTransition(actor, from, to, m.campaign)) throw forbidden();
      const reason = details.reason?.trim() ?? '';
      const fields: Record<string, string> = {};
      if (to === 'rejected' && reason.length < 10)
        fields.reason = reason ? 'petition.error.reason_short' : 'form.error.required';
      if (reason.length > 2000) fields.reason = 'form.error.too_long';
      const answer = details.answer?.trim() ?? '';
      if (to === 'answered' && !answer) fields.answer = 'form.error.required';
      if (answer.length > 20_000) fields.answer = 'form.error.too_long';
      if (details.answerUrl && !/^https?:\/\/\S+$/.test(details.answerUrl)) fields.answerUrl = 'form.error.url';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const now = nowIso();
      const patch: Parameters<typeof repo.updatePetition>[2] = { state: to, updated_at: now };
      if (to === 'rejected') patch.state_reason = reason;
      if (to === 'draft') patch.state_reason = null;
      if (to === 'open' && !m.view.openedAt) patch.opened_at = now;
      if (to === 'closed' || (to === 'rejected' && from === 'open')) patch.closed_at = now;
      if (to === 'delivered') patch.delivered_at = now;
      if (to === 'answered')
        Object.assign(patch, {
          answered_at: now,
          answer,
          answer_url: details.answerUrl || null,
          delivered_at: m.view.deliveredAt ?? now,
        });
      if (!(await repo.updatePetition(db, id, patch, from))) throw fail('PETITION_CHANGED');
      // A petition is visible on the campaign page exactly when it is in a public state.
      const shouldPublish = PUBLIC_STATES.includes(to);
      if (shouldPublish !== m.view.published) {
        const component = await campaigns.getComponent(id);
        await campaigns.updateComponent(id, component.settings, shouldPublish ? 'published' : 'draft', SYSTEM);
      }
      await audit.record(
        actor,
        'petition.state',
        { type: 'petition', id },
        { from, to, ...(reason ? { reason } : {}) },
      );
      ctx.forget(id);
      pageCache.clear();
      if (to === 'delivered')
        for (const l of delivered)
          await l(id, actor).catch((err: Error) =>
            console.error(
              JSON.stringify({ level: 'warn', msg: 'petition delivery listener failed', error: err.message }),
            ),
          );
      return (await ctx.load(id, true)).view;
    },

    async maintain(now = new Date()) {
      let closed = 0;
      const today = now.toISOString().slice(0, 10);
      for (const p of await repo.petitionsInStates(db, ['open'])) {
        const component = await campaigns.getComponent(p.component_id).catch(() => null);
        const deadline = (component?.settings as PetitionSettings | undefined)?.deadline;
        if (
          deadline &&
          deadline < today &&
          (await repo.updatePetition(
            db,
            p.component_id,
            { state: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() },
            'open',
          ))
        ) {
          closed++;
          await audit.record(
            SYSTEM,
            'petition.state',
            { type: 'petition', id: p.component_id },
            { from: 'open', to: 'closed', cause: 'deadline' },
          );
          ctx.forget(p.component_id);
        }
      }
      let anonymised = 0;
      const cutoff = new Date(now);
      cutoff.setUTCMonth(cutoff.getUTCMonth() - config.petitions.anonymiseMonths);
      for (const p of await repo.petitionsInStates(db, ['closed', 'delivered', 'answered', 'rejected'])) {
        if (p.anonymised_at || !p.closed_at || p.closed_at > cutoff.toISOString()) continue;
        // Counts are final first, so anonymisation never changes what was reported.
        await recount(ctx, p.component_id, 'reconcile');
        const n = await repo.anonymise(db, p.component_id, now.toISOString());
        await repo.updatePetition(db, p.component_id, {
          anonymised_at: now.toISOString(),
          recent_signers: '[]',
          updated_at: now.toISOString(),
        });
        await audit.record(SYSTEM, 'petition.anonymised', { type: 'petition', id: p.component_id }, { signatures: n });
        ctx.forget(p.component_id);
        anonymised++;
      }
      const ipHashesDropped = await repo.dropIpHashesBefore(
        db,
        isoAt(now.getTime() - config.ipHashRetentionDays * 86_400_000),
      );
      if (closed || anonymised) pageCache.clear();
      return { closed, anonymised, ipHashesDropped };
    },

    async upsertReference(campaignSlug, key, input) {
      const campaign = await campaigns.getBySlug(campaignSlug, { includeDrafts: true });
      // A staff campaign that took the slug is not the reference campaign: leave it alone.
      if (campaign.referenceKey !== `campaign:${campaignSlug}`) return 'unchanged';
      const existing = await repo.findByReferenceKey(db, key);
      const stateCols = { state: input.state, opened_at: input.openedAt ?? null, closed_at: input.closedAt ?? null };
      if (existing) {
        const component = await campaigns.getComponent(existing.component_id);
        const same =
          toJson(component.settings) === toJson(petitionSettingsSchema.parse(input.settings)) &&
          existing.state === input.state &&
          existing.opened_at === stateCols.opened_at &&
          existing.closed_at === stateCols.closed_at;
        if (same) return 'unchanged';
        await campaigns.updateComponent(existing.component_id, input.settings, 'published', { system: 'reference' });
        await repo.updatePetition(db, existing.component_id, { ...stateCols, updated_at: nowIso() });
        ctx.forget(existing.component_id);
        return 'updated';
      }
      const component = await campaigns.addComponent(campaign.id, 'petition', input.settings, { system: 'reference' });
      await campaigns.updateComponent(component.id, component.settings, 'published', { system: 'reference' });
      await ctx.rowFor(component);
      await repo.updatePetition(db, component.id, { ...stateCols, reference_key: key, updated_at: nowIso() });
      return 'created';
    },
  };
}
