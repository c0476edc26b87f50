// A case for staff: metadata from the server; her testimony and the thread are decrypted in the
// browser after unlocking a key (plaintext never comes from the server: the script fills it in).
// Writing, managing, referral, publication drafts and promotion to the observatory.
import type { Staff } from '../../../core/accounts/index.ts';
import type { Region } from '../../../core/regions/index.ts';
import type { HelpEntry } from '../../../help/index.ts';
import { formatPartialDate } from '../../../i18n/format.ts';
import { pickText } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField, Select, TextArea, TextField } from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';
import {
  LIMITS,
  PRIORITIES,
  STATUSES,
  WARNINGS,
  type KeyRing,
  type Testimony,
  type TestimonyItem,
} from '../testimony.ts';
import { CaseworkScript, Json } from './casework-parts.tsx';
import { DeletionDay } from './parts.tsx';

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
        <Json id="regions" value={Object.fromEntries(regions.map((r) => [r.code, pickText(r.name, locale)]))} />
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
                      ...regions.map((r) => ({ value: r.code, label: pickText(r.name, locale) })),
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
      <CaseworkScript ctx={ctx} />
    </Layout>
  );
}
