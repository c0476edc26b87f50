import { formatDateTime } from '../../i18n/format.ts';
import { Table } from '../../ui/components/table.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
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
    <Layout ctx={ctx} title={t('jobs.title')} admin>
      <h1>{t('jobs.title')}</h1>
      <h2>{t('jobs.queue')}</h2>
      {status.counts.length ? (
        <Table head={[t('jobs.name'), t('jobs.status'), t('jobs.count'), t('jobs.next')]}>
          {status.counts.map((c) => (
            <tr>
              <td>
                <JobName ctx={ctx} name={c.name} />
              </td>
              <td>{words(ctx, `jobs.state.${c.status}`, c.status)}</td>
              <td>{c.n}</td>
              <td>{c.status === 'queued' ? formatDateTime(c.nextRun, locale) : '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('jobs.empty')}</p>
      )}
      <h2>{t('jobs.schedules')}</h2>
      <Table head={[t('jobs.name'), t('jobs.cron'), t('jobs.next')]}>
        {status.schedules.map((s) => (
          <tr>
            <td>
              <JobName ctx={ctx} name={s.name} />
            </td>
            <td>
              <code>{s.cron}</code>
            </td>
            <td>{s.next ? formatDateTime(s.next, locale) : '—'}</td>
          </tr>
        ))}
      </Table>
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
    </Layout>
  );
}
