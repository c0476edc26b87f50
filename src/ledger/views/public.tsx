// The public ledger: balance, totals by month and by category (SVG charts with their tables), the
// entries newest first, exports, a donor's receipt check and how to check all of it yourself.
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { BarList, ColumnChart } from '../../ui/widgets/svg-charts.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import type { LedgerSummary, PublicEntry } from '../books.reading.ts';
import { EntryStatus, INTL, describe, detailText, majorNumber, money } from './parts.tsx';
import { inScript, type UiLocale } from '../../i18n/locales.ts';

export interface Verification {
  origin: string;
  keys: string[];
  checkpoint: string | null;
  size: number;
}

const monthLabel = (m: string, locale: UiLocale) =>
  inScript(
    new Intl.DateTimeFormat(INTL[locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    ),
    locale,
  );

function Charts({ ctx, s }: { ctx: PageContext; s: LedgerSummary }) {
  const { t, locale } = ctx;
  const main = s.currencies[0]?.currency;
  if (!main || !s.months.length) return <p>{t('ledger.public.no_money')}</p>;
  const m = s.byMonth[main];
  const cats = s.byCategory[main] ?? [];
  const fmt = (n: number) => majorNumber(n, main, locale);
  return (
    <>
      <h2 id="by-month">{t('ledger.public.by_month', { currency: main })}</h2>
      <ColumnChart
        id="ledger-in"
        title={t('ledger.public.chart_received', { currency: main })}
        desc={t('ledger.public.chart_desc')}
        buckets={s.months}
        series={[{ key: 'received', label: t('ledger.kind.received'), values: m.received }]}
        format={fmt}
        formatBucket={(b) => monthLabel(b, locale)}
      />
      <ColumnChart
        id="ledger-out"
        title={t('ledger.public.chart_spent', { currency: main })}
        desc={t('ledger.public.chart_desc')}
        buckets={s.months}
        series={[{ key: 'spent', label: t('ledger.kind.spent'), values: m.spent }]}
        format={fmt}
        formatBucket={(b) => monthLabel(b, locale)}
      />
      <Table head={[t('ledger.field.month'), t('ledger.kind.received'), t('ledger.kind.spent')]}>
        {s.months.map((month, i) => (
          <tr>
            <td>{monthLabel(month, locale)}</td>
            <td class="num">{money(m.received[i], main, locale)}</td>
            <td class="num">{money(m.spent[i], main, locale)}</td>
          </tr>
        ))}
      </Table>
      <h2 id="by-category">{t('ledger.public.by_category', { currency: main })}</h2>
      {cats.length ? (
        <>
          <BarList
            id="ledger-categories"
            title={t('ledger.public.by_category', { currency: main })}
            desc={t('ledger.public.chart_desc')}
            items={cats.map((c) => ({ key: c.category, label: t(`ledger.category.${c.category}`), value: c.total }))}
            format={fmt}
          />
          <Table head={[t('ledger.field.category'), t('ledger.kind.spent')]}>
            {cats.map((c) => (
              <tr>
                <td>{t(`ledger.category.${c.category}`)}</td>
                <td class="num">{money(c.total, main, locale)}</td>
              </tr>
            ))}
          </Table>
        </>
      ) : (
        <p>{t('ledger.public.nothing_spent')}</p>
      )}
    </>
  );
}

export function EntriesTable({ ctx, items }: { ctx: PageContext; items: PublicEntry[] }) {
  const { t, locale } = ctx;
  return (
    <Table head={[t('ledger.field.index'), t('ledger.field.date'), t('ledger.field.entry'), t('ledger.field.text')]}>
      {items.map((e) => (
        <tr class={e.reversedBy !== null ? 'muted' : undefined}>
          <td>
            <a href={`/${locale}/ledger/entries/${e.index}`}>#{e.index}</a>
          </td>
          <td>{e.record.date}</td>
          <td>
            {describe(ctx, e.record)}
            <EntryStatus ctx={ctx} reversedBy={e.reversedBy} />
          </td>
          <td>{detailText(e.record)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function HowToCheck({ ctx, v }: { ctx: PageContext; v: Verification }) {
  const { t } = ctx;
  // Read through Tor, the commands fetch the log through the onion service too.
  const base = new URL(ctx.base).hostname.endsWith('.onion')
    ? `${ctx.base}/ledger`
    : `${v.origin.startsWith('http') ? '' : 'https://'}${v.origin}`;
  return (
    <section aria-labelledby="how-to-check">
      <h2 id="how-to-check">{t('ledger.public.how_title')}</h2>
      <p>{t('ledger.public.how_lead')}</p>
      <ol>
        <li>{t('ledger.public.how_key')}</li>
        <li>{t('ledger.public.how_tiles')}</li>
        <li>{t('ledger.public.how_command')}</li>
      </ol>
      <h3>{t('ledger.public.vkey')}</h3>
      <pre class="code ledger-code" id="vkeys">
        {v.keys.join('\n') || t('ledger.public.no_key')}
      </pre>
      <h3>{t('ledger.public.checkpoint', { size: v.size })}</h3>
      <pre class="code ledger-code" id="checkpoint-note">
        {v.checkpoint ?? t('ledger.public.no_checkpoint')}
      </pre>
      <h3>{t('ledger.public.commands')}</h3>
      <pre class="code ledger-code">
        {`dauys ledger verify ${base} --vkey '${v.keys[0] ?? 'KEY'}'\ndauys ledger mirror ${base} ./ledger-copy`}
      </pre>
      <ul>
        <li>
          <a href="/ledger/checkpoint">/ledger/checkpoint</a>
        </li>
        <li>
          <a href="/ledger/vkey">/ledger/vkey</a>
        </li>
        <li>
          <code>{'/ledger/tile/<L>/<N>'}</code>, <code>{'/ledger/tile/entries/<N>'}</code>
        </li>
      </ul>
    </section>
  );
}

export function LedgerPage({
  ctx,
  summary,
  entries,
  verification,
}: {
  ctx: PageContext;
  summary: LedgerSummary;
  entries: { items: PublicEntry[]; total: number; page: number; pages: number };
  verification: Verification;
}) {
  const { t, locale } = ctx;
  const pageUrl = (p: number) => `/${locale}/ledger?page=${p}#entries`;
  return (
    <Layout ctx={ctx} title={t('ledger.public.title')} description={t('ledger.public.lead')}>
      <h1>{t('ledger.public.title')}</h1>
      <p class="lead">{t('ledger.public.lead')}</p>
      <h2 id="balance">{t('ledger.public.balance')}</h2>
      {summary.currencies.length ? (
        <Table
          head={[
            t('ledger.field.currency'),
            t('ledger.kind.received'),
            t('ledger.kind.spent'),
            t('ledger.public.balance'),
          ]}
        >
          {summary.currencies.map((c) => (
            <tr>
              <td>{c.currency}</td>
              <td class="num">{money(c.received, c.currency, locale)}</td>
              <td class="num">{money(c.spent, c.currency, locale)}</td>
              <td class="num">
                <strong>{money(c.balance, c.currency, locale)}</strong>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('ledger.public.no_money')}</p>
      )}
      <p>{t('ledger.public.reversed_note')}</p>
      <Charts ctx={ctx} s={summary} />
      <h2 id="entries">{t('ledger.public.entries', { count: entries.total })}</h2>
      <EntriesTable ctx={ctx} items={entries.items} />
      {entries.pages > 1 ? (
        <nav class="pager" aria-label={t('ledger.public.pages')}>
          {entries.page > 1 ? <a href={pageUrl(entries.page - 1)}>{t('ledger.public.newer')}</a> : null}{' '}
          <span>{t('ledger.public.page_of', { page: entries.page, pages: entries.pages })}</span>{' '}
          {entries.page < entries.pages ? <a href={pageUrl(entries.page + 1)}>{t('ledger.public.older')}</a> : null}
        </nav>
      ) : null}
      <h2 id="exports">{t('ledger.public.exports')}</h2>
      <ul>
        <li>
          <a href={`/${locale}/ledger/export.csv`}>{t('ledger.public.export_csv')}</a>
        </li>
        <li>
          <a href={`/${locale}/ledger/export.json`}>{t('ledger.public.export_json')}</a>
        </li>
      </ul>
      <h2 id="receipt">{t('ledger.receipt.title')}</h2>
      <p>
        {t('ledger.receipt.lead')} <a href={`/${locale}/ledger/receipt`}>{t('ledger.receipt.check_link')}</a>
      </p>
      <HowToCheck ctx={ctx} v={verification} />
    </Layout>
  );
}
