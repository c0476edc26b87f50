// A petition as a subject of officials' responses (src/responses): its page, who may record a
// response, and the signers to mail — confirmed, not quarantined, who ticked "send me updates" and
// have not stopped them since — with the link that stops updates (the signature stays counted).
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { PetitionContext } from './petition.context.ts';
import { PUBLIC_STATES, type PetitionView } from './petition.ts';
import { petitionCan } from './petition.permissions.ts';
import * as repo from './petition.repository.ts';

export type UnsubscribeState =
  { kind: 'invalid' } | { kind: 'ready' | 'unsubscribed'; petition: PetitionView; signatureId: string };

export interface PetitionUpdates {
  /** The link that stops updates for one signature, in the signer's language (mails carry it). */
  unsubscribeLink(locale: Locale, signatureId: string): string;
  inspectUnsubscribe(token: string): Promise<UnsubscribeState>;
  unsubscribe(token: string): Promise<UnsubscribeState>;
}

/** Responses are recorded once the petition has been public (not while it is a draft or in moderation). */
const answerable = (p: PetitionView) => PUBLIC_STATES.includes(p.state);

export function createUpdates(ctx: PetitionContext): PetitionUpdates {
  const { db, responses } = ctx.deps;
  const { tokens, box } = ctx;

  const updates: PetitionUpdates = {
    unsubscribeLink: (locale, signatureId) =>
      ctx.link(locale, `/petitions/unsubscribe/${tokens.issue('unsubscribe', signatureId)}`),

    async inspectUnsubscribe(token) {
      const check = tokens.check('unsubscribe', token);
      if (!check.ok) return { kind: 'invalid' };
      const sig = await repo.findSignature(db, check.id);
      if (!sig || sig.anonymised_at) return { kind: 'invalid' };
      const { view } = await ctx.load(sig.petition_id);
      return { kind: sig.updates ? 'ready' : 'unsubscribed', petition: view, signatureId: sig.id };
    },

    async unsubscribe(token) {
      const state = await updates.inspectUnsubscribe(token);
      if (state.kind !== 'ready') return state;
      await repo.stopUpdates(db, state.signatureId);
      return { ...state, kind: 'unsubscribed' };
    },
  };

  responses.registerSubject('petition', {
    async describe(id) {
      const { view, campaign } = await ctx.load(id, true);
      return {
        type: 'petition',
        id,
        title: view.settings.title,
        // Petitions from the movement's history were never opened here: their campaign's start stands in.
        startedOn: (view.openedAt ?? campaign.startsOn ?? campaign.createdAt).slice(0, 10),
        publicPath: `/petitions/${id}`,
        adminPath: `/admin/petitions/${id}`,
        public: view.published && campaign.status !== 'draft' && PUBLIC_STATES.includes(view.state),
      };
    },
    async mayRecord(actor, id) {
      const { view, campaign } = await ctx.load(id, true);
      return answerable(view) && petitionCan(actor, 'manage', campaign);
    },
    async recipients(id, after, limit) {
      return (await repo.updateSubscribersAfter(db, id, after, limit)).map((s) => {
        const locale: Locale = isLocale(s.locale) ? s.locale : 'kk';
        return {
          key: s.id,
          email: box.open(s.email_sealed!),
          locale,
          unsubscribeUrl: updates.unsubscribeLink(locale, s.id),
        };
      });
    },
  });
  return updates;
}
