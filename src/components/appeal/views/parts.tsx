// Pieces shared by the appeal pages: a recipient's name line and the reply-rate table.
import { formatNumber } from '../../../i18n/format.ts';
import { pick } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import { ScrollBox } from '../../../ui/widgets/table.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import type { Recipient, ReplyRow } from '../appeal.ts';

export function RecipientLine({
  ctx,
  r,
  regionNames,
}: {
  ctx: PageContext;
  r: Recipient;
  regionNames: Record<string, string>;
}) {
  const position = pick(r.position, ctx.locale).text;
  const organisation = pick(r.organisation, ctx.locale).text;
  return (
    <>
      <Tr ctx={ctx} value={r.name} as="strong" />
      {position ? (
        <>
          , <Tr ctx={ctx} value={r.position} />
        </>
      ) : null}
      {organisation ? (
        <>
          {' '}
          · <Tr ctx={ctx} value={r.organisation} />
        </>
      ) : null}
      {r.region ? <span class="hint"> · {regionNames[r.region] ?? r.region}</span> : null}
    </>
  );
}

export function ReplyRates({
  ctx,
  rows,
  regionNames,
}: {
  ctx: PageContext;
  rows: ReplyRow[];
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  if (!rows.length) return <p class="hint">{t('appeal.replies.none')}</p>;
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <ScrollBox label={t('appeal.replies.title')}>
      <table class="reply-rates">
        <thead>
          <tr>
            <th scope="col">{t('appeal.replies.recipient')}</th>
            <th scope="col" class="num">
              {t('appeal.replies.sent')}
            </th>
            <th scope="col" class="num">
              {t('appeal.replies.known')}
            </th>
            <th scope="col" class="num">
              {t('appeal.replies.rate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">
                <RecipientLine ctx={ctx} r={r.recipient} regionNames={regionNames} />
              </th>
              <td class="num">{formatNumber(r.sent, locale)}</td>
              <td class="num">{formatNumber(r.known, locale)}</td>
              <td class="num" data-rate={r.recipient.id}>
                {r.known ? pct.format(r.replied / r.known) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
