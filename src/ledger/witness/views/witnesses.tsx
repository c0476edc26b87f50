// The admin page of the ledger's witnesses: our witness key (to hand to partners), the peers that
// cosign our checkpoints, and the partner logs we cosign. Plain forms; no JavaScript needed.
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import {
  CsrfField,
  ErrorSummary,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Table } from '../../../ui/widgets/table.tsx';

export interface WitnessPeerView {
  id: string;
  name: string;
  vkey: string;
  url: string;
  cosignedSize: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface WitnessedLogView {
  origin: string;
  vkeys: string[];
  size: number | null;
  cosignedAt: string | null;
  refusal: string | null;
  refusedAt: string | null;
}

export interface WitnessesPageProps {
  ctx: PageContext;
  keys: string[];
  submissionPrefix: string;
  peers: WitnessPeerView[];
  logs: WitnessedLogView[];
  values: FormValues;
  errors: FormErrors;
  saved: boolean;
}

export function WitnessesPage(p: WitnessesPageProps) {
  const { ctx, values, errors } = p;
  const { t, locale } = ctx;
  const base = `/${locale}/admin/ledger/witnesses`;
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale) : '—');
  const labels = {
    name: t('ledger.witness.field.name'),
    vkey: t('ledger.witness.field.witness_vkey'),
    url: t('ledger.witness.field.url'),
    origin: t('ledger.witness.field.origin'),
    vkeys: t('ledger.witness.field.log_vkeys'),
  };
  const [current, ...retired] = p.keys;
  return (
    <Layout ctx={ctx} title={t('ledger.witness.title')} admin>
      <h1>{t('ledger.witness.title')}</h1>
      <p>{t('ledger.witness.lead')}</p>
      {p.saved ? (
        <p class="notice" role="status">
          {t('ledger.witness.saved')}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />

      <h2>{t('ledger.witness.ours.title')}</h2>
      <p>{t('ledger.witness.ours.lead')}</p>
      <dl>
        <dt>{t('ledger.witness.ours.vkey')}</dt>
        <dd>
          <code class="key">{current}</code>
        </dd>
        <dt>{t('ledger.witness.ours.prefix')}</dt>
        <dd>
          <code>{p.submissionPrefix}</code>
        </dd>
        {retired.length ? (
          <>
            <dt>{t('ledger.witness.ours.retired')}</dt>
            {retired.map((k) => (
              <dd>
                <code class="key">{k}</code>
              </dd>
            ))}
          </>
        ) : null}
      </dl>
      <form method="post" action={`${base}/rotate-key`}>
        <CsrfField ctx={ctx} />
        <p class="hint">{t('ledger.witness.ours.rotate_hint')}</p>
        <button class="button button--secondary" type="submit">
          {t('ledger.witness.ours.rotate')}
        </button>
      </form>

      <h2>{t('ledger.witness.peers.title')}</h2>
      <p>{t('ledger.witness.peers.lead')}</p>
      {p.peers.length ? (
        <Table
          head={[
            t('ledger.witness.field.name'),
            t('ledger.witness.field.witness_vkey'),
            t('ledger.witness.field.url'),
            t('ledger.witness.peers.cosigned'),
            t('ledger.witness.peers.status'),
            '',
          ]}
        >
          {p.peers.map((peer) => (
            <tr>
              <td>{peer.name}</td>
              <td>
                <code class="key">{peer.vkey}</code>
              </td>
              <td>
                <code>{peer.url}</code>
              </td>
              <td>{formatNumber(peer.cosignedSize, locale)}</td>
              <td>
                {peer.lastError ? (
                  <span class="error">
                    {t('ledger.witness.peers.failed', { at: when(peer.lastErrorAt) })} {peer.lastError}
                  </span>
                ) : peer.lastSuccessAt ? (
                  t('ledger.witness.peers.ok', { at: when(peer.lastSuccessAt) })
                ) : (
                  t('ledger.witness.peers.never')
                )}
              </td>
              <td>
                <RemoveButton ctx={ctx} action={`${base}/peers/${peer.id}/remove`} />
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('ledger.witness.peers.none')}</p>
      )}
      <form method="post" action={`${base}/peers`} novalidate>
        <CsrfField ctx={ctx} />
        <h3>{t('ledger.witness.peers.add')}</h3>
        <TextField ctx={ctx} name="name" label={labels.name} values={values} errors={errors} required maxLength={100} />
        <TextField
          ctx={ctx}
          name="vkey"
          label={labels.vkey}
          hint={t('ledger.witness.peers.vkey_hint')}
          values={values}
          errors={errors}
          required
        />
        <TextField
          ctx={ctx}
          name="url"
          type="url"
          label={labels.url}
          hint={t('ledger.witness.peers.url_hint')}
          values={values}
          errors={errors}
          required
        />
        <button class="button" type="submit">
          {t('ledger.witness.peers.add')}
        </button>
      </form>

      <h2>{t('ledger.witness.logs.title')}</h2>
      <p>{t('ledger.witness.logs.lead')}</p>
      {p.logs.length ? (
        <Table
          head={[
            t('ledger.witness.field.origin'),
            t('ledger.witness.field.log_vkeys'),
            t('ledger.witness.logs.size'),
            t('ledger.witness.logs.refusal'),
            '',
          ]}
        >
          {p.logs.map((log) => (
            <tr>
              <td>
                <code>{log.origin}</code>
              </td>
              <td>
                {log.vkeys.map((k) => (
                  <code class="key">{k}</code>
                ))}
              </td>
              <td>
                {log.size === null
                  ? t('ledger.witness.logs.never')
                  : t('ledger.witness.logs.seen', { size: log.size, at: when(log.cosignedAt) })}
              </td>
              <td>{log.refusal ? `${when(log.refusedAt)}: ${log.refusal}` : '—'}</td>
              <td>
                <RemoveButton ctx={ctx} action={`${base}/logs/remove`} origin={log.origin} />
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('ledger.witness.logs.none')}</p>
      )}
      <form method="post" action={`${base}/logs`} novalidate>
        <CsrfField ctx={ctx} />
        <h3>{t('ledger.witness.logs.add')}</h3>
        <TextField
          ctx={ctx}
          name="origin"
          label={labels.origin}
          hint={t('ledger.witness.logs.origin_hint')}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
        <TextArea
          ctx={ctx}
          name="vkeys"
          label={labels.vkeys}
          hint={t('ledger.witness.logs.vkeys_hint')}
          values={values}
          errors={errors}
          required
          rows={3}
        />
        <button class="button" type="submit">
          {t('ledger.witness.logs.add')}
        </button>
      </form>
    </Layout>
  );
}

/** A one-button form removing a peer or a witnessed log (named by its origin). */
function RemoveButton({ ctx, action, origin }: { ctx: PageContext; action: string; origin?: string }) {
  return (
    <form method="post" action={action}>
      <CsrfField ctx={ctx} />
      {origin ? <input type="hidden" name="origin" value={origin} /> : null}
      <button class="button button--secondary" type="submit">
        {ctx.t('ledger.witness.remove')}
      </button>
    </form>
  );
}
