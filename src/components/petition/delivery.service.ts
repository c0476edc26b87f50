// What leaves the platform for the addressee and the signers: the counts and names exports, the
// printable delivery pack, and updates mailed to signers who asked for them (each with its
// withdraw and stop-updates links). Names go out only for signers who agreed to have them shown.
import type { Staff } from '../../core/accounts/index.ts';
import type { CampaignComponent } from '../../core/campaigns/index.ts';
import { ValidationError } from '../../core/errors.ts';
import { isUiLocale, pickText, type UiLocale } from '../../i18n/locales.ts';
import { csvCell } from './integrity.ts';
import type { PetitionContext } from './petition.context.ts';
import { ABROAD, sumValues, type DeliveryPack } from './petition.ts';
import * as repo from './petition.repository.ts';

export interface PetitionDelivery {
  exportCsv(component: CampaignComponent, kind: 'counts' | 'names'): Promise<string>;
  deliveryPack(id: string, actor: Staff): Promise<DeliveryPack>;
  sendUpdate(id: string, input: { subject?: string; text?: string }, actor: Staff): Promise<number>;
}

export function createDelivery(ctx: PetitionContext): PetitionDelivery {
  const { db, i18n, mail, audit, regions } = ctx.deps;
  const { box } = ctx;
  const regionName = (code: string) =>
    code === ABROAD ? i18n.t('ru', 'petition.region.abroad') : regions.name(code, 'ru');

  return {
    async exportCsv(component, kind) {
      const id = component.id;
      await ctx.load(id, true);
      if (kind === 'counts') {
        const byRegion = await repo.countedByRegion(db, id);
        const lines = ['region_code,region,signatures'];
        for (const r of [...regions.all().map((x) => x.code), ABROAD]) {
          if (!byRegion[r]) continue;
          lines.push([r, regionName(r), byRegion[r]].map(csvCell).join(','));
        }
        lines.push(['', 'total', sumValues(byRegion)].map(csvCell).join(','));
        return lines.join('\r\n') + '\r\n';
      }
      const lines = ['region_code,region,name'];
      for (const r of await repo.namedSigners(db, id)) {
        if (!r.name_sealed) continue;
        lines.push([r.region, regionName(r.region), box.open(r.name_sealed)].map(csvCell).join(','));
      }
      return lines.join('\r\n') + '\r\n';
    },

    async deliveryPack(id, actor) {
      const m = await ctx.loadForStaff(id, actor, 'export');
      const names = (await repo.namedSigners(db, id))
        .filter((r) => r.name_sealed)
        .map((r) => ({ name: box.open(r.name_sealed!), region: r.region }));
      await audit.record(actor, 'petition.delivery_pack', { type: 'petition', id }, { names: names.length });
      return { petition: m.view, campaign: m.campaign, names };
    },

    async sendUpdate(id, input, actor) {
      const m = await ctx.loadForStaff(id, actor, 'manage');
      const subject = (input.subject ?? '').trim();
      const text = (input.text ?? '').trim();
      const fields: Record<string, string> = {};
      if (!subject) fields.subject = 'form.error.required';
      else if (subject.length > 150) fields.subject = 'form.error.too_long';
      if (!text) fields.text = 'form.error.required';
      else if (text.length > 10_000) fields.text = 'form.error.too_long';
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(subject + text)) fields.text = 'form.error.control_chars';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const subscribers = await repo.updateSubscribers(db, id);
      const messages = subscribers.map((s) => {
        const locale: UiLocale = isUiLocale(s.locale) ? s.locale : 'kk';
        const footer = i18n.t(locale, 'petition.mail.update.footer', {
          title: pickText(m.view.settings.title, locale),
          withdraw: ctx.link(locale, `/petitions/withdraw/${ctx.tokens.issue('withdraw', s.id)}`),
          unsubscribe: ctx.link(locale, `/petitions/unsubscribe/${ctx.tokens.issue('unsubscribe', s.id)}`),
        });
        return {
          to: box.open(s.email_sealed!),
          category: 'petition.update',
          subject,
          text: `${text}\n\n--\n${footer}`,
        };
      });
      await db.transaction().execute((trx) => mail.queue(trx, messages));
      await audit.record(
        actor,
        'petition.update.sent',
        { type: 'petition', id },
        { recipients: messages.length, subject },
      );
      return messages.length;
    },
  };
}
