import { formatDateTime } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { RowsTable, StaffPage } from '../../ui/staff-table-page.tsx';
import type { JobsStatus } from '../job.ts';

/** A message if the catalog has one, else the raw value (a job or status added without words yet). */
const words = (ctx: PageContext, key: string, raw: string) => {
  const text = ctx.t(key);
  return text === key ? <code>{raw}</code> : text;
};
const JobName = ({ ctx, name }: { ctx: PageContext; name: string }) => <>{words(ctx, `jobs.job.${name}`, name)}</>;

export function JobsPage({ ctx, status }: { ctx: PageContext; status: JobsStatus }) {
  const { t, locale } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('jobs.title')}>
      <h2>{t('jobs.queue')}</h2>
      <RowsTable
        head={[t('jobs.name'), t('jobs.status'), t('jobs.count'), t('jobs.next')]}
        rows={status.counts}
        empty={t('jobs.empty')}
        row={(c) => (
          <tr>
            <td>
              <JobName ctx={ctx} name={c.name} />
            </td>
            <td>{words(ctx, `jobs.state.${c.status}`, c.status)}</td>
            <td>{c.n}</td>
            <td>{c.status === 'queued' ? formatDateTime(c.nextRun, locale) : '—'}</td>
          </tr>
        )}
      />
      <h2>{t('jobs.schedules')}</h2>
      <RowsTable
        head={[t('jobs.name'), t('jobs.cron'), t('jobs.next')]}
        rows={status.schedules}
        row={(s) => (
          <tr>
            <td>
              <JobName ctx={ctx} name={s.name} />
            </td>
            <td>
              <code>{s.cron}</code>
            </td>
            <td>{s.next ? formatDateTime(s.next, locale) : '—'}</td>
          </tr>
        )}
      />
      {status.failures.length ? (
        <>
          <h2>{t('jobs.failures')}</h2>
          <ul>
            {status.failures.map((f) => (
              <li>
                {formatDateTime(f.at, locale)} · <JobName ctx={ctx} name={f.name} /> ·{' '}
                {t('jobs.failure', { status: f.status, attempts: f.attempts })}: {f.error}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </StaffPage>
  );
}
