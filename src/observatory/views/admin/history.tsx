import { formatDateTime } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Table } from '../../../ui/widgets/table.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { Entity, Revision } from '../../observatory.model.ts';

const MAX = 300;
/** A changed value as short readable text (JSON for structured values, cut at a few hundred characters). */
function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

export function HistoryPage({ ctx, entity, revisions }: { ctx: PageContext; entity: Entity; revisions: Revision[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('observatory.admin.history')} admin>
      <p>
        <a href={`/${locale}/admin/observatory/${entity.id}`}>← {t('admin.edit')}</a>
      </p>
      <h1>
        {t('observatory.admin.history')}: <Tr ctx={ctx} value={entity.title} />
      </h1>
      <p class="hint">{t('observatory.admin.history_hint')}</p>
      <Table
        head={[
          t('observatory.admin.when'),
          t('observatory.admin.who'),
          t('observatory.admin.what'),
          t('observatory.admin.changes'),
        ]}
      >
        {revisions.map((r) => (
          <tr>
            <td>{formatDateTime(r.at, locale)}</td>
            <td>{r.actorLabel.startsWith('system:') ? t('observatory.admin.system') : r.actorLabel}</td>
            <td>
              {t(`observatory.revision.${r.action.replace('.', '_')}`)} (v{r.version})
            </td>
            <td>
              {Object.keys(r.changes).length ? (
                <dl class="obs-diff">
                  {Object.entries(r.changes).map(([field, [before, after]]) => (
                    <div>
                      <dt>{field}</dt>
                      <dd>
                        <del>{valueText(before)}</del> → <ins>{valueText(after)}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}
