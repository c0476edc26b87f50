// After sending: the receipt, shown once, with advice on keeping it; and help for her region and
// needs. In browser mode the server knows neither the receipt nor her region: the page carries the
// whole directory and the script shows the receipt and the matching services.
import type { Region } from '../../../core/regions/index.ts';
import { pickText } from '../../../i18n/locales.ts';
import { HelpCard, type HelpEntry } from '../../../help/index.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import { formatReceipt } from '../crypto.ts';
import { TellScript } from './parts.tsx';

export interface SentProps {
  ctx: PageContext;
  receipt: string | null; // null in browser mode: the script fills it in
  helpEntries: HelpEntry[];
  regions: readonly Region[];
  filtered: boolean; // false: every service is listed and the script hides what does not match
}

export function SentPage({ ctx, receipt, helpEntries, regions, filtered }: SentProps) {
  const { t, locale } = ctx;
  const regionName = (code: string) => pickText(regions.find((r) => r.code === code)?.name, locale) || code;
  return (
    <Layout ctx={ctx} title={t('testimony.sent.title')} survivorFacing>
      <h1>{t('testimony.sent.title')}</h1>
      <p class="lead">{t('testimony.sent.lead')}</p>
      <section class="receipt" aria-labelledby="receipt-title">
        <h2 id="receipt-title">{t('testimony.receipt.title')}</h2>
        <p class="receipt__number" data-receipt="">
          {receipt ? formatReceipt(receipt) : t('testimony.receipt.needs_script')}
        </p>
        <ul>
          <li>{t('testimony.receipt.once')}</li>
          <li>{t('testimony.receipt.keep')}</li>
          <li>{t('testimony.receipt.lost')}</li>
        </ul>
        <p>
          <a href={`/${locale}/tell/follow-up`}>{t('testimony.followup.link')}</a>
        </p>
      </section>
      <section aria-labelledby="help-title">
        <h2 id="help-title">{t('testimony.sent.help')}</h2>
        <p class="hint" data-help-hint="" data-matching={t('testimony.sent.help_matching')}>
          {filtered ? t('testimony.sent.help_matching') : t('testimony.sent.help_all')}
        </p>
        <div class="cards" data-help-list="">
          {helpEntries.map((s) => (
            <div class="help-match" data-region={s.regionCode ?? ''} data-needs={s.needs.join(' ')}>
              <HelpCard ctx={ctx} entry={s} regionName={s.regionCode ? regionName(s.regionCode) : ''} />
            </div>
          ))}
        </div>
        <p>
          <a href={`/${locale}/help`}>{t('testimony.guide.help_link')}</a>
        </p>
      </section>
      <TellScript ctx={ctx} />
    </Layout>
  );
}
