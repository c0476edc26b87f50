// One cluster: its network, when its members posted, who they are, and the evidence — each shared
// object with the members' messages on it, to the second.
import { formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { LIMITS, type ClusterRecord, type RunRecord } from '../coordination.model.ts';
import { Caution } from './caution.tsx';
import { NetworkSvg } from './network-svg.tsx';
import { TimeStrip } from './time-strip.tsx';
import { utcSeconds } from './time.ts';

export interface ClusterPageProps {
  ctx: PageContext;
  run: RunRecord;
  scopeName: string;
  cluster: ClusterRecord;
  /** Which page of the evidence, from 1. */
  page: number;
}

const isLink = (s: string) => /^https?:\/\//.test(s);

export function ClusterPage({ ctx, run, scopeName, cluster, page }: ClusterPageProps) {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const heading = t('coordination.cluster_n', { n: cluster.idx });
  const runHref = `/${locale}/admin/coordination/runs/${run.id}`;
  const runTitle = t('coordination.run.title', { type: t(`coordination.type.${run.type}`), scope: scopeName });
  const pages = Math.max(1, Math.ceil(cluster.evidence.length / LIMITS.evidencePerPage));
  const shown = cluster.evidence.slice((page - 1) * LIMITS.evidencePerPage, page * LIMITS.evidencePerPage);
  const pageHref = (p: number) => `${runHref}/clusters/${cluster.idx}?p=${p}#evidence`;
  return (
    <Layout ctx={ctx} title={`${heading} · ${runTitle}`} admin>
      <p>
        <a href={runHref}>{runTitle}</a>
      </p>
      <h1>{heading}</h1>
      <Caution ctx={ctx} />
      <dl class="headline">
        <div>
          <dt>{t('coordination.figure.accounts')}</dt>
          <dd>{n(cluster.size)}</dd>
        </div>
        <div>
          <dt>{t('coordination.col.score')}</dt>
          <dd>{n(Math.round(cluster.score))}</dd>
        </div>
        <div>
          <dt>{t('coordination.figure.objects')}</dt>
          <dd>{n(cluster.evidence.length)}</dd>
        </div>
      </dl>
      {cluster.size > cluster.members.length ? (
        <p class="hint">{t('coordination.members_capped', { shown: cluster.members.length, size: cluster.size })}</p>
      ) : null}
      <h2>{t('coordination.network')}</h2>
      <NetworkSvg
        cluster={cluster}
        title={t('coordination.network')}
        desc={t('coordination.network_desc', { accounts: cluster.members.length, edges: cluster.edges.length })}
      />
      <h2>{t('coordination.timeline')}</h2>
      <TimeStrip cluster={cluster} title={t('coordination.timeline')} desc={t('coordination.timeline_desc')} />
      <h2>{t('coordination.col.members')}</h2>
      <Table
        head={[
          t('coordination.col.account'),
          t('monitor.filter.platform'),
          t('coordination.col.score'),
          t('coordination.col.posts'),
        ]}
      >
        {cluster.members.map((m) => (
          <tr>
            <td>{m.handle}</td>
            <td>{m.platform ? t(`monitor.platform.${m.platform}`) : '—'}</td>
            <td>{formatNumber(m.score, locale)}</td>
            <td>{n(m.posts)}</td>
          </tr>
        ))}
      </Table>
      <h2 id="evidence">{t('coordination.evidence')}</h2>
      <p class="hint">{t('coordination.evidence_hint', { seconds: run.window })}</p>
      {shown.map((e, i) => (
        <section class="evidence" aria-labelledby={`ev-${i}`}>
          <h3 id={`ev-${i}`} class="evidence__key">
            {isLink(e.key) ? (
              <a href={e.key} rel="noreferrer noopener">
                {e.key}
              </a>
            ) : (
              e.key
            )}
          </h3>
          <ol class="evidence__messages">
            {e.messages.map((m) => (
              <li>
                <time dateTime={new Date(m.time * 1000).toISOString()}>{utcSeconds(m.time)}</time>{' '}
                <strong>{cluster.members[m.member]?.handle}</strong>
                {m.url ? (
                  <>
                    {' '}
                    <a href={m.url} rel="noreferrer noopener">
                      {t('coordination.open_post')}
                    </a>
                  </>
                ) : null}
                {m.text ? <blockquote>{m.text}</blockquote> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {pages > 1 ? (
        <nav class="pager" aria-label={t('coordination.evidence_pages')}>
          {page > 1 ? <a href={pageHref(page - 1)}>{t('coordination.previous')}</a> : null}{' '}
          <span>{t('coordination.page_of', { page, pages })}</span>{' '}
          {page < pages ? <a href={pageHref(page + 1)}>{t('coordination.next')}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
