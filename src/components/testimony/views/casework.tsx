// Staff pages: the inbox (metadata only), a case (decrypted in the browser after unlocking a key)
// and key management. Plaintext never reaches these pages from the server: the script fills it in.
import type { Staff } from '../../../core/accounts/roles.ts';
import type { HelpEntry } from '../../../help/help.ts';
import { formatPartialDate } from '../../../i18n/format.ts';
import { pickText } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField, Select, TextArea, TextField } from '../../../ui/components/forms.tsx';
import { Table } from '../../../ui/components/table.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { ClientMessages, DeletionDay } from './parts.tsx';
import { NEEDS } from '../../../help/help.ts';
import type { Region } from '../../../core/regions/region.ts';
import {
  LIMITS,
  POLICE,
  PRIORITIES,
  RELATIONSHIPS,
  STATUSES,
  WARNINGS,
  type KeyHolder,
  type KeyRing,
  type Testimony,
  type TestimonyItem,
} from '../testimony.ts';

const LABELS = [
  ...[
    'form.story',
    'field.when',
    'form.region',
    'form.city',
    'form.relationship',
    'form.police',
    'form.since',
    'field.help',
    'field.contact',
    'field.files',
  ].map((k) => `testimony.${k}`),
  ...RELATIONSHIPS.map((r) => `testimony.relationship.${r}`),
  ...POLICE.map((p) => `testimony.police.${p}`),
  ...NEEDS.map((n) => `help.need.${n}`),
];
const Script = ({ ctx }: { ctx: PageContext }) => (
  <>
    <ClientMessages ctx={ctx} extra={LABELS} />
    <script src={ctx.asset('js/casework.js')} defer></script>
  </>
);
const Json = ({ id, value }: { id: string; value: unknown }) => (
  <script
    type="application/json"
    id={id}
    dangerouslySetInnerHTML={{ __html: JSON.stringify(value).replace(/</g, '\\u003c') }}
  />
);

function CaseNav({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <nav class="admin-nav" aria-label={t('testimony.admin.nav')}>
      <ul>
        <li>
          <a href={`/${locale}/admin/testimonies`}>{t('testimony.admin.inbox')}</a>
        </li>
        <li>
          <a href={`/${locale}/admin/testimony-keys`}>{t('testimony.keys.title')}</a>
        </li>
        <li>
          <a href={`/${locale}/admin/help`}>{t('help.admin.nav')}</a>
        </li>
        <li>
          <a href={`/${locale}/tell/statistics`}>{t('testimony.stats.title')}</a>
        </li>
      </ul>
    </nav>
  );
}

/** Passphrase entry: opens the staff member's own key in the browser, which opens the organisation keys. */
function Unlock({ ctx, ring }: { ctx: PageContext; ring: KeyRing }) {
  const { t, locale } = ctx;
  if (!ring.own)
    return (
      <p class="notice notice--urgent">
        {t('testimony.keys.need_personal')} <a href={`/${locale}/admin/testimony-keys`}>{t('testimony.keys.title')}</a>
      </p>
    );
  return (
    <div class="unlock" data-unlock="">
      <Json id="keyring" value={ring} />
      <noscript>
        <p class="notice notice--urgent">{t('testimony.admin.needs_js')}</p>
      </noscript>
      <form class="inline-form" data-unlock-form="">
        <label for="passphrase">{t('testimony.keys.passphrase')}</label>
        <input id="passphrase" type="password" autocomplete="current-password" />
        <button class="button" type="submit">
          {t('testimony.keys.unlock')}
        </button>
      </form>
      <p data-unlocked="" hidden>
        {t('testimony.keys.unlocked')}{' '}
        <button class="linklike" type="button" data-lock="">
          {t('testimony.keys.lock')}
        </button>
      </p>
      <p role="status" aria-live="polite" data-unlock-status=""></p>
    </div>
  );
}

export function InboxPage({
  ctx,
  items,
  total,
  expiring,
  status,
  mine,
  staff,
}: {
  ctx: PageContext;
  items: Testimony[];
  total: number;
  expiring: number;
  status: string;
  mine: boolean;
  staff: Staff[];
}) {
  const { t, locale } = ctx;
  const who = (id: string | null) => (id ? (staff.find((s) => s.id === id)?.name ?? '—') : '—');
  return (
    <Layout ctx={ctx} title={t('testimony.admin.inbox')} admin>
      <h1>{t('testimony.admin.inbox')}</h1>
      <CaseNav ctx={ctx} />
      {expiring ? (
        <p class="notice notice--urgent" role="status">
          {t('testimony.admin.expiring', { count: expiring })}
        </p>
      ) : null}
      <form class="filters" method="get" action={`/${locale}/admin/testimonies`}>
        <div class="field">
          <label for="status">{t('testimony.thread.status')}</label>
          <select id="status" name="status">
            <option value="">{t('testimony.admin.open_cases')}</option>
            {[...STATUSES, 'all'].map((s) => (
              <option value={s} selected={s === status}>
                {s === 'all' ? t('campaigns.filter.all') : t(`testimony.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="mine" name="mine" value="1" checked={mine} />
          <label for="mine">{t('testimony.admin.mine')}</label>
        </div>
        <button class="button" type="submit">
          {t('campaigns.search.submit')}
        </button>
      </form>
      <p role="status">{t('testimony.admin.count', { count: total })}</p>
      <Table
        head={[
          t('testimony.thread.sent_on'),
          t('testimony.thread.status'),
          t('testimony.admin.priority'),
          t('testimony.admin.assignee'),
          t('testimony.admin.consent'),
          t('testimony.admin.tags'),
          t('testimony.admin.deletion_day'),
        ]}
      >
        {items.map((c) => (
          <tr>
            <td>
              <a href={`/${locale}/admin/testimonies/${c.id}`}>{formatPartialDate(c.createdOn, locale)}</a>
              {c.mode === 'server' ? <small> · {t('testimony.admin.server_mode')}</small> : null}
            </td>
            <td>{t(`testimony.status.${c.status}`)}</td>
            <td>{t(`testimony.priority.${c.priority}`)}</td>
            <td>{who(c.assigneeId)}</td>
            <td>{t(`testimony.consent.${c.consent}`)}</td>
            <td>{c.tags.join(', ')}</td>
            <td class={c.warnedOn ? 'warn' : undefined}>{formatPartialDate(c.expiresOn, locale)}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}

export interface CasePageProps {
  ctx: PageContext;
  testimony: Testimony;
  items: TestimonyItem[];
  ring: KeyRing;
  staff: Staff[];
  helpEntries: HelpEntry[];
  canOverride: boolean;
  canHandle: boolean;
  canPromote: boolean;
  activeKey: { id: string; publicKey: string };
  files: Array<{ id: string; position: number; itemId: string | null }>;
  regions: readonly Region[];
  /** Today (UTC day): says whether the deletion day is still to come. */
  today: string;
}

export function CasePage({
  ctx,
  testimony: c,
  items,
  ring,
  staff,
  helpEntries,
  canOverride,
  canHandle,
  canPromote,
  activeKey,
  files,
  regions,
  today,
}: CasePageProps) {
  const { t, locale } = ctx;
  const base = `/${locale}/admin/testimonies/${c.id}`;
  const author = (id: string | null) =>
    id ? (staff.find((s) => s.id === id)?.name ?? '—') : t('testimony.admin.survivor');
  return (
    <Layout ctx={ctx} title={t('testimony.admin.case')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/testimonies`}>{t('testimony.admin.inbox')}</a>
      </p>
      <h1>
        {t('testimony.admin.case')} · {formatPartialDate(c.createdOn, locale)}
      </h1>
      <Unlock ctx={ctx} ring={ring} />
      <div
        class="case"
        data-case={c.id}
        data-content-url={`${base}/content`}
        data-files-url={`${base}/files/`}
        data-survivor-key={c.survivorPk}
        data-org-key={activeKey.publicKey}
        data-csrf={ctx.csrf}
        data-created={c.createdOn}
        data-consent={c.consent}
        data-stats-done={c.statsDone ? '1' : '0'}
        data-files={JSON.stringify(files)}
      >
        <Json id="regions" value={Object.fromEntries(regions.map((r) => [r.code, r.name[locale]]))} />
        <dl class="stats">
          <div>
            <dt>{t('testimony.admin.consent')}</dt>
            <dd>{t(`testimony.consent.${c.consent}`)}</dd>
          </div>
          <div>
            <dt>{t('testimony.admin.referral_consent')}</dt>
            <dd>{c.referralOk ? t('testimony.admin.yes') : t('testimony.admin.no')}</dd>
          </div>
          <div>
            <dt>{t('testimony.admin.mode')}</dt>
            <dd>{c.mode === 'server' ? t('testimony.admin.server_mode') : t('testimony.admin.browser_mode')}</dd>
          </div>
          <DeletionDay ctx={ctx} expiresOn={c.expiresOn} today={today} />
        </dl>
        {c.warnedOn ? (
          <p class="notice notice--urgent">
            {t('testimony.admin.expiry_warning', { date: formatPartialDate(c.expiresOn, locale) })}
          </p>
        ) : null}
        <section aria-labelledby="story-title">
          <h2 id="story-title">{t('testimony.admin.testimony')}</h2>
          <div class="decrypted" data-testimony="">
            <p class="hint">{t('testimony.admin.locked')}</p>
          </div>
          <div data-stats-offer="" hidden>
            <p>{t('testimony.admin.stats_offer')}</p>
            <button class="button button--secondary" type="button" data-stats-send="">
              {t('testimony.admin.stats_send')}
            </button>
          </div>
        </section>
        <section aria-labelledby="thread-title">
          <h2 id="thread-title">{t('testimony.thread.title')}</h2>
          <ol class="thread">
            {items.map((i) => (
              <li class={`thread__item thread__item--${i.kind}`} data-item={i.id}>
                <p class="thread__meta">
                  {t(`testimony.thread.kind.${i.kind}`)} · {author(i.staffId)} ·{' '}
                  {formatPartialDate(i.createdOn, locale)}
                  {i.draftState ? ` · ${t(`testimony.draft.state.${i.draftState}`)}` : ''}
                </p>
                <div class="thread__text" data-item-text="">
                  {t('testimony.thread.encrypted')}
                </div>
              </li>
            ))}
          </ol>
        </section>
        {canHandle ? (
          <>
            <section aria-labelledby="reply-title">
              <h2 id="reply-title">{t('testimony.admin.write')}</h2>
              <form method="post" action={`${base}/replies`} data-compose="reply" class="compose">
                <label for="reply-text">{t('testimony.admin.reply')}</label>
                <p class="hint">{t('testimony.admin.reply_hint')}</p>
                <textarea id="reply-text" rows={5} maxLength={LIMITS.message} data-compose-text=""></textarea>
                <button class="button" type="submit">
                  {t('testimony.admin.send_reply')}
                </button>
              </form>
              <form method="post" action={`${base}/notes`} data-compose="note" class="compose">
                <label for="note-text">{t('testimony.admin.note')}</label>
                <p class="hint">{t('testimony.admin.note_hint')}</p>
                <textarea id="note-text" rows={3} maxLength={LIMITS.note} data-compose-text=""></textarea>
                <button class="button button--secondary" type="submit">
                  {t('testimony.admin.save_note')}
                </button>
              </form>
            </section>
            <section aria-labelledby="manage-title">
              <h2 id="manage-title">{t('testimony.admin.manage')}</h2>
              <form method="post" action={`${base}/case`} class="row">
                <CsrfField ctx={ctx} />
                <Select
                  ctx={ctx}
                  name="status"
                  label={t('testimony.thread.status')}
                  values={{ status: c.status }}
                  errors={{}}
                  options={STATUSES.map((s) => ({ value: s, label: t(`testimony.status.${s}`) }))}
                />
                <Select
                  ctx={ctx}
                  name="priority"
                  label={t('testimony.admin.priority')}
                  values={{ priority: c.priority }}
                  errors={{}}
                  options={PRIORITIES.map((p) => ({ value: p, label: t(`testimony.priority.${p}`) }))}
                />
                <Select
                  ctx={ctx}
                  name="assignee"
                  label={t('testimony.admin.assignee')}
                  values={{ assignee: c.assigneeId ?? '' }}
                  errors={{}}
                  options={[{ value: '', label: '—' }, ...staff.map((s) => ({ value: s.id, label: s.name }))]}
                />
                <TextField
                  ctx={ctx}
                  name="tags"
                  label={t('testimony.admin.tags')}
                  values={{ tags: c.tags.join(', ') }}
                  errors={{}}
                  maxLength={400}
                />
                <div class="field">
                  <button class="button" type="submit">
                    {t('admin.save')}
                  </button>
                </div>
              </form>
              <form method="post" action={`${base}/extend`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button class="button button--secondary" type="submit">
                  {t('testimony.admin.extend')}
                </button>
              </form>
            </section>
            <section aria-labelledby="refer-title">
              <h2 id="refer-title">{t('testimony.admin.refer')}</h2>
              {!c.referralOk ? <p class="notice notice--urgent">{t('testimony.admin.no_referral_consent')}</p> : null}
              {c.referralServiceId ? (
                <p>
                  {t('testimony.admin.referred_to', {
                    name: pickText(helpEntries.find((s) => s.id === c.referralServiceId)?.name, locale) || '—',
                  })}
                </p>
              ) : null}
              {c.referralOk || canOverride ? (
                <form method="post" action={`${base}/referral`} class="row">
                  <CsrfField ctx={ctx} />
                  <div class="field">
                    <label for="f-service">
                      {t('testimony.admin.service')}
                      <span class="req"> ({t('form.required')})</span>
                    </label>
                    {/* Nothing is preselected: the caseworker chooses on purpose (the first service may be the police she fears). */}
                    <select id="f-service" name="service" required>
                      <option value="">{t('testimony.admin.choose_service')}</option>
                      {helpEntries.map((s) => (
                        <option value={s.id}>{pickText(s.name, locale)}</option>
                      ))}
                    </select>
                  </div>
                  {!c.referralOk ? (
                    <div class="field field--checkbox">
                      <input type="checkbox" id="f-override" name="override" value="1" />
                      <label for="f-override">{t('testimony.admin.override')}</label>
                    </div>
                  ) : null}
                  <div class="field">
                    <button class="button" type="submit">
                      {t('testimony.admin.refer_button')}
                    </button>
                  </div>
                </form>
              ) : null}
            </section>
          </>
        ) : null}
        {c.consent === 'publish' ? (
          <section aria-labelledby="publish-title">
            <h2 id="publish-title">{t('testimony.admin.publish')}</h2>
            <p class="hint">{t('testimony.admin.publish_hint')}</p>
            <form method="post" action={`${base}/drafts`} data-compose="draft" class="compose">
              <label for="draft-text">{t('testimony.admin.draft')}</label>
              <textarea
                id="draft-text"
                rows={10}
                maxLength={LIMITS.draft}
                data-compose-text=""
                data-redact=""
              ></textarea>
              <div class="redaction" data-redaction="" aria-live="polite"></div>
              <button class="button button--secondary" type="button" data-redact-all="">
                {t('testimony.admin.redact_all')}
              </button>
              <fieldset class="field checks">
                <legend>{t('testimony.admin.warnings')}</legend>
                {WARNINGS.map((w) => (
                  <span class="help-needs__item">
                    <input type="checkbox" id={`w-${w}`} value={w} data-warning="" />
                    <label for={`w-${w}`}>{t(`testimony.warning.${w}`)}</label>
                  </span>
                ))}
              </fieldset>
              <button class="button" type="submit">
                {t('testimony.admin.propose')}
              </button>
            </form>
            {canPromote ? (
              <form method="post" action={`${base}/promote`} class="compose">
                <CsrfField ctx={ctx} />
                <h3>{t('testimony.admin.promote')}</h3>
                <p class="hint">{t('testimony.admin.promote_hint')}</p>
                <TextField
                  ctx={ctx}
                  name="title"
                  label={t('testimony.admin.promote_title')}
                  values={{}}
                  errors={{}}
                  maxLength={200}
                />
                <TextArea
                  ctx={ctx}
                  name="summary"
                  label={t('testimony.admin.promote_summary')}
                  values={{}}
                  errors={{}}
                  rows={3}
                  maxLength={LIMITS.summary}
                />
                <div class="row">
                  <TextField
                    ctx={ctx}
                    name="date"
                    label={t('testimony.admin.promote_date')}
                    hint={t('testimony.admin.promote_date_hint')}
                    values={{}}
                    errors={{}}
                    maxLength={7}
                  />
                  <Select
                    ctx={ctx}
                    name="region"
                    label={t('testimony.form.region')}
                    values={{}}
                    errors={{}}
                    options={[
                      { value: '', label: '—' },
                      ...regions.map((r) => ({ value: r.code, label: r.name[locale] })),
                    ]}
                  />
                </div>
                <button class="button button--secondary" type="submit">
                  {t('testimony.admin.promote_button')}
                </button>
              </form>
            ) : null}
          </section>
        ) : null}
      </div>
      <Script ctx={ctx} />
    </Layout>
  );
}

export function KeysPage({
  ctx,
  ring,
  holders,
  staff,
  manage,
}: {
  ctx: PageContext;
  ring: KeyRing;
  holders: KeyHolder[];
  staff: Staff[];
  manage: boolean;
}) {
  const { t, locale } = ctx;
  const active = ring.orgKeys.find((k) => k.status === 'active');
  const name = (id: string) => staff.find((s) => s.id === id);
  return (
    <Layout ctx={ctx} title={t('testimony.keys.title')} admin>
      <h1>{t('testimony.keys.title')}</h1>
      <CaseNav ctx={ctx} />
      <p>{t('testimony.keys.lead')}</p>
      <noscript>
        <p class="notice notice--urgent">{t('testimony.admin.needs_js')}</p>
      </noscript>
      <div data-keys="" data-csrf={ctx.csrf} data-base={`/${locale}/admin/testimony-keys`}>
        <Json id="keyring" value={ring} />
        <Json id="holders" value={holders} />
        <p role="status" aria-live="polite" data-keys-status=""></p>
        <section>
          <h2>{t('testimony.keys.personal')}</h2>
          <p>{ring.own ? t('testimony.keys.personal_exists') : t('testimony.keys.personal_none')}</p>
          <form data-key-action="personal" class="narrow">
            <div class="field">
              <label for="new-pass">{t('testimony.keys.new_passphrase')}</label>
              <p class="hint">{t('testimony.keys.passphrase_hint')}</p>
              <input id="new-pass" type="password" autocomplete="new-password" minLength={12} data-new-pass="" />
            </div>
            <div class="field">
              <label for="new-pass2">{t('testimony.keys.repeat_passphrase')}</label>
              <input id="new-pass2" type="password" autocomplete="new-password" data-new-pass2="" />
            </div>
            <button class="button" type="submit">
              {ring.own ? t('testimony.keys.replace_personal') : t('testimony.keys.create_personal')}
            </button>
          </form>
        </section>
        <section>
          <h2>{t('testimony.keys.org')}</h2>
          {active ? (
            <p>
              {t('testimony.keys.org_active', {
                date: formatPartialDate(active.createdAt.slice(0, 10), locale),
                count: ring.orgKeys.length,
              })}
              {active.grant ? '' : ` ${t('testimony.keys.no_grant')}`}
            </p>
          ) : (
            <p>{t('testimony.keys.org_none')}</p>
          )}
          {manage && ring.own ? (
            <>
              <div class="field narrow">
                <label for="unlock-pass">{t('testimony.keys.passphrase')}</label>
                <input id="unlock-pass" type="password" autocomplete="current-password" data-pass="" />
              </div>
              {!active ? (
                <button class="button" type="button" data-key-action="create-org">
                  {t('testimony.keys.create_org')}
                </button>
              ) : (
                <button class="button button--secondary" type="button" data-key-action="rotate">
                  {t('testimony.keys.rotate')}
                </button>
              )}
            </>
          ) : null}
        </section>
        {manage ? (
          <section>
            <h2>{t('testimony.keys.holders')}</h2>
            <Table head={[t('users.name'), t('users.role'), t('testimony.keys.access'), t('users.actions')]}>
              {holders.map((h) => (
                <tr>
                  <td>{name(h.userId)?.name ?? '—'}</td>
                  <td>{name(h.userId) ? t(`role.${name(h.userId)!.role}`) : '—'}</td>
                  <td>{h.granted ? t('testimony.keys.granted') : t('testimony.keys.not_granted')}</td>
                  <td>
                    {!h.granted && active ? (
                      <button
                        class="button button--small"
                        type="button"
                        data-key-action="grant"
                        data-user={h.userId}
                        data-user-key={h.publicKey}
                      >
                        {t('testimony.keys.grant')}
                      </button>
                    ) : null}{' '}
                    {h.granted && h.userId !== ctx.staff?.id ? (
                      <form method="post" action={`/${locale}/admin/testimony-keys/revoke`} class="inline">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="user" value={h.userId} />
                        <button class="button button--small button--secondary" type="submit">
                          {t('testimony.keys.revoke')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
            <p class="hint">{t('testimony.keys.revoke_hint')}</p>
          </section>
        ) : null}
      </div>
      <Script ctx={ctx} />
    </Layout>
  );
}
