// Admins only: the development outbox, i.e. mail that was NOT sent because SMTP_URL is unset.
import { formatDateTime } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { StaffPage } from '../../../ui/staff-table-page.tsx';
import type { OutboxEntry } from '../mail.ts';

export function OutboxPage({
  ctx,
  mode,
  entries,
  counts,
}: {
  ctx: PageContext;
  mode: 'smtp' | 'outbox';
  entries: OutboxEntry[];
  counts: Record<string, number>;
}) {
  const { t, locale } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('mail.outbox.title')} back>
      <p class="notice notice--preview" role="note">
        {mode === 'smtp' ? t('mail.outbox.smtp_on') : t('mail.outbox.dev_notice')}
      </p>
      <dl class="stats">
        {Object.entries(counts).map(([status, n]) => (
          <div>
            <dt>{t(`mail.status.${status}`)}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      {entries.length ? (
        entries.map((m) => (
          <article class="outbox-message">
            <p class="outbox-message__label">{t('mail.outbox.not_sent')}</p>
            <dl>
              <dt>{t('mail.outbox.to')}</dt>
              <dd>{m.to}</dd>
              {m.replyTo ? (
                <>
                  <dt>{t('mail.outbox.reply_to')}</dt>
                  <dd>{m.replyTo}</dd>
                </>
              ) : null}
              <dt>{t('mail.outbox.subject')}</dt>
              <dd>{m.subject}</dd>
              <dt>{t('mail.outbox.when')}</dt>
              <dd>
                <time datetime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time> · <code>{m.category}</code>
              </dd>
            </dl>
            <pre class="outbox-message__body">{m.text}</pre>
          </article>
        ))
      ) : (
        <p>{t('mail.outbox.empty')}</p>
      )}
    </StaffPage>
  );
}
