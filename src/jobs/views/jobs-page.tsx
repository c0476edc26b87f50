import { formatDateTime } from '../../i18n/format.ts';
import { Table } from '../../ui/components/table.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import type { JobsStatus } from '../jobs.service.ts';

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
                  <td><code>{c.name}</code></td>
                  <td>{c.status}</td>
                  <td>{c.n}</td>
                  <td>{c.status === 'queued' ? formatDateTime(c.nextRun, locale) : '—'}</td>
                </tr>
              ))}
            </Table>
      ) : (
        <p>{t('jobs.empty')}</p>
      )}
      <h2>{t('jobs.schedules')}</h2>
      <ul>
        {status.schedules.map((s) => (
          <li>
            <code>{s.name}</code> · <code>{s.cron}</code> · {s.next ? formatDateTime(s.next, locale) : '—'}
          </li>
        ))}
      </ul>
      {status.failures.length ? (
        <>
          <h2>{t('jobs.failures')}</h2>
          <ul>
            {status.failures.map((f) => (
              <li>
                {formatDateTime(f.at, locale)} · <code>{f.name}</code> · {f.attempts} · {f.error}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
