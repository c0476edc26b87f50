// The "Official response" block on a petition's or an appeal's public page: who answered, when,
// what they said (in the reader's language, or marked as another), an "edited" date, and the
// document with its size and SHA-256, so a reader can check a copy she got elsewhere.
import { formatDateTime, formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { pick } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import type { OfficialResponse } from '../responses.ts';

const kb = (bytes: number) => Math.max(1, Math.round(bytes / 1024));

export function ResponseText({ ctx, response }: { ctx: PageContext; response: OfficialResponse }) {
  const p = pick(response.text, ctx.locale);
  return (
    <div class="official-response__text" lang={p.lang !== ctx.locale ? p.lang : undefined}>
      {p.lang !== ctx.locale ? (
        <p class="fallback-note">{ctx.t('content.fallback', { language: ctx.t(`language.${p.lang}`) })}</p>
      ) : null}
      <p class="prewrap">{p.text}</p>
    </div>
  );
}

export function ResponseBlock({ ctx, responses }: { ctx: PageContext; responses: OfficialResponse[] }) {
  if (!responses.length) return null;
  const { t, locale } = ctx;
  return (
    <section class="official-response" aria-labelledby="official-response-h" id="official-response">
      <h2 id="official-response-h">{t('response.block.title', { count: responses.length })}</h2>
      {responses.map((r, i) => {
        const who = [r.responder.position, r.responder.body].filter(Boolean).join(', ');
        return (
          <article class="official-response__item" aria-labelledby={`official-response-${i}`}>
            <h3 id={`official-response-${i}`} class="official-response__who">
              {r.responder.name}
              {who ? <span class="official-response__position">{who}</span> : null}
            </h3>
            <p class="official-response__meta">
              {t('response.block.date', { date: formatPartialDate(r.respondedOn, locale) })}
              {r.editedAt ? <> · {t('response.block.edited', { date: formatDateTime(r.editedAt, locale) })}</> : null}
            </p>
            <ResponseText ctx={ctx} response={r} />
            {r.document ? (
              <p class="official-response__document">
                <a href={`/${locale}/responses/${r.id}/document`} type={r.document.type}>
                  {t('response.block.document', {
                    kind: r.document.type === 'application/pdf' ? 'pdf' : 'image',
                    size: formatNumber(kb(r.document.bytes), locale),
                  })}
                </a>
                <br />
                <span class="hint">
                  SHA-256: <code class="hash">{r.document.sha256}</code>
                </span>
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
