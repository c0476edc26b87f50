// One entry as the log holds it (canonical JSON, leaf hash, inclusion proof against the latest
// checkpoint), and the donor's receipt check. The browser check is an addition: without JavaScript
// the page says how to check by hand or with `dauys ledger verify`.
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { CsrfField, ErrorSummary, TextArea } from '../../ui/widgets/forms.tsx';
import type { EntryDetail, PublicEntry } from '../books.reading.ts';
import { EntryStatus, describe } from './parts.tsx';
import { HowToCheck, type Verification } from './public.tsx';

/** The words the browser check shows, carried on the element it fills (no inline script). */
const checkMessages = (ctx: PageContext) => ({
  'data-msg-checking': ctx.t('ledger.check.checking'),
  'data-msg-ok': ctx.t('ledger.check.ok', { size: '{size}' }),
  'data-msg-unsupported': ctx.t('ledger.check.unsupported', { size: '{size}' }),
  'data-msg-bad-signature': ctx.t('ledger.check.bad_signature'),
  'data-msg-not-included': ctx.t('ledger.check.not_included'),
  'data-msg-not-yet': ctx.t('ledger.check.not_yet', { index: '{index}' }),
  'data-msg-failed': ctx.t('ledger.check.failed'),
});

export function EntryPage({
  ctx,
  entry,
  verification,
}: {
  ctx: PageContext;
  entry: EntryDetail;
  verification: Verification;
}) {
  const { t, locale } = ctx;
  const title = t('ledger.entry.title', { index: entry.index });
  const r = entry.record;
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumbs">
        <a href={`/${locale}/ledger`}>{t('ledger.public.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {describe(ctx, r)}
        <EntryStatus ctx={ctx} reversedBy={entry.reversedBy} />
      </p>
      {r.kind === 'correction' ? (
        <p>
          <a href={`/${locale}/ledger/entries/${r.corrects}`}>{t('ledger.entry.corrected', { index: r.corrects })}</a>
        </p>
      ) : null}
      <h2>{t('ledger.entry.json')}</h2>
      <pre class="code ledger-code" id="entry-json">
        {entry.json}
      </pre>
      <dl class="ledger-facts">
        <dt>{t('ledger.entry.leaf_hash')}</dt>
        <dd>
          <code>{entry.leafHash}</code>
        </dd>
      </dl>
      <h2>{t('ledger.entry.proof')}</h2>
      {entry.inclusion ? (
        <>
          <p>{t('ledger.entry.proof_lead', { size: entry.inclusion.size, count: entry.inclusion.proof.length })}</p>
          <ol class="ledger-proof" start={1}>
            {entry.inclusion.proof.map((h) => (
              <li>
                <code>{h}</code>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>{t('ledger.entry.no_proof_yet')}</p>
      )}
      <section
        class="ledger-check"
        data-ledger-proof=""
        data-index={String(entry.index)}
        data-proof-url={`/${locale}/ledger/proof/${entry.index}`}
        {...checkMessages(ctx)}
      >
        <h2>{t('ledger.check.title')}</h2>
        <p role="status" data-state="idle">
          {t('ledger.check.without_js')}
        </p>
      </section>
      <HowToCheck ctx={ctx} v={verification} />
      <script src={ctx.asset('js/ledger.js')} defer></script>
    </Layout>
  );
}

export function ReceiptPage({
  ctx,
  code,
  result,
  errors,
}: {
  ctx: PageContext;
  code: string;
  /** After a no-JavaScript check: the entry, or null when no entry holds this donation yet. */
  result?: PublicEntry | null;
  errors: Record<string, string>;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('ledger.receipt.title')} noindex>
      <p class="breadcrumbs">
        <a href={`/${locale}/ledger`}>{t('ledger.public.title')}</a>
      </p>
      <h1>{t('ledger.receipt.title')}</h1>
      <p>{t('ledger.receipt.lead')}</p>
      <p>{t('ledger.receipt.privacy')}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ code: t('ledger.receipt.code') }} />
      <form
        method="post"
        action={`/${locale}/ledger/receipt`}
        data-ledger-receipt=""
        data-commitment-url={`/${locale}/ledger/commitments/`}
        data-proof-url={`/${locale}/ledger/proof/`}
        data-entry-url={`/${locale}/ledger/entries/`}
        data-msg-bad-code={t('ledger.error.bad_receipt')}
        data-msg-not-found={t('ledger.receipt.not_found')}
        data-msg-found={t('ledger.receipt.found', { index: '{index}' })}
        data-msg-entry={t('ledger.receipt.entry_link', { index: '{index}' })}
        {...checkMessages(ctx)}
        novalidate
      >
        <CsrfField ctx={ctx} />
        <TextArea
          ctx={ctx}
          name="code"
          label={t('ledger.receipt.code')}
          values={{ code }}
          errors={errors}
          rows={3}
          required
        />
        <button class="button" type="submit">
          {t('ledger.receipt.check')}
        </button>
      </form>
      <div id="receipt-result" class="ledger-check" hidden={result === undefined}>
        <p role="status" data-state={result ? 'ok' : result === null ? 'bad' : 'idle'}>
          {result
            ? t('ledger.receipt.found', { index: result.index })
            : result === null
              ? t('ledger.receipt.not_found')
              : ''}
        </p>
        <a href={result ? `/${locale}/ledger/entries/${result.index}` : '#'} hidden={!result}>
          {result ? t('ledger.receipt.entry_link', { index: result.index }) : ''}
        </a>
      </div>
      <script src={ctx.asset('js/ledger.js')} defer></script>
    </Layout>
  );
}
