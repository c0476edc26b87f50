// Follow-up with the receipt: read replies, write more, decide on a proposed public version, or
// delete everything. Nothing about her is ever in the address: every step is a POST.
import { formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField, ErrorSummary, type FormErrors } from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { LIMITS, type CaseStatus, type Consent } from '../testimony.ts';
import { DeletionDay, ModeNotice, SurvivorAuth, TellScript } from './parts.tsx';

export function FollowUpLogin({
  ctx,
  powChallenge,
  errors,
}: {
  ctx: PageContext;
  powChallenge: string;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('testimony.followup.title')} survivorFacing>
      <h1>{t('testimony.followup.title')}</h1>
      <p class="lead">{t('testimony.followup.lead')}</p>
      <ModeNotice ctx={ctx} />
      <ErrorSummary ctx={ctx} errors={errors} labels={{ receipt: t('testimony.receipt.title') }} />
      <p class="tell-status" role="status" aria-live="polite" data-tell-status=""></p>
      <form method="post" action={`/${locale}/tell/follow-up`} class="narrow" data-followup-login="" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="pow_challenge" value={powChallenge} />
        <div class={'field' + (errors.receipt ? ' field--error' : '')}>
          <label for="f-receipt">
            {t('testimony.receipt.title')}
            <span class="req"> ({t('form.required')})</span>
          </label>
          <p class="hint" id="h-receipt">
            {t('testimony.followup.receipt_hint')}
          </p>
          {errors.receipt ? (
            <p class="error" id="e-receipt">
              {t(errors.receipt)}
            </p>
          ) : null}
          <input
            id="f-receipt"
            name="receipt"
            type="password"
            inputMode="numeric"
            autocomplete="off"
            maxLength={40}
            required
            aria-invalid={errors.receipt ? 'true' : undefined}
            aria-describedby={errors.receipt ? 'h-receipt e-receipt' : 'h-receipt'}
          />
        </div>
        <button class="button" type="submit">
          {t('testimony.followup.open')}
        </button>
      </form>
      <TellScript ctx={ctx} />
    </Layout>
  );
}

export interface ThreadEntry {
  id: string;
  kind: 'message' | 'reply' | 'draft';
  createdOn: string;
  /** Browser mode: the sealed text for her key. Server mode: the text, opened in memory. */
  sealed: string | null;
  text: string | null;
  warnings: string[];
  draftState: string | null;
  files: number;
}

export interface FollowUpProps {
  ctx: PageContext;
  auth: { lookup?: string; receipt?: string };
  orgKey: { id: string; publicKey: string };
  status: CaseStatus;
  consent: Consent;
  createdOn: string;
  expiresOn: string;
  /** Today (UTC day): says whether the deletion day is still to come. */
  today: string;
  entries: ThreadEntry[];
  notice?: string;
  errors?: FormErrors;
}

export function FollowUpPage(p: FollowUpProps) {
  const { ctx, auth } = p;
  const { t, locale } = ctx;
  const errors = p.errors ?? {};
  const sealedText = (e: ThreadEntry) =>
    e.text !== null ? (
      <div class="thread__text">{e.text}</div>
    ) : (
      <div class="thread__text" data-sealed={e.sealed ?? ''}>
        {t('testimony.thread.encrypted')}
      </div>
    );
  return (
    <Layout ctx={ctx} title={t('testimony.followup.title')} survivorFacing>
      <h1>{t('testimony.followup.title')}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {t(p.notice)}
        </p>
      ) : null}
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        labels={{ text: t('testimony.thread.your_message'), attachments: t('testimony.form.attachments') }}
      />
      <dl class="stats">
        <div>
          <dt>{t('testimony.thread.status')}</dt>
          <dd>{t(`testimony.status.${p.status}`)}</dd>
        </div>
        <div>
          <dt>{t('testimony.thread.sent_on')}</dt>
          <dd>{formatPartialDate(p.createdOn, locale)}</dd>
        </div>
        <DeletionDay ctx={ctx} expiresOn={p.expiresOn} today={p.today} />
      </dl>
      <p class="tell-status" role="status" aria-live="polite" data-tell-status=""></p>
      <h2>{t('testimony.thread.title')}</h2>
      {p.entries.length ? (
        <ol class="thread">
          {p.entries.map((e) => (
            <li class={`thread__item thread__item--${e.kind}`}>
              <p class="thread__meta">
                {t(`testimony.thread.kind.${e.kind}`)} · {formatPartialDate(e.createdOn, locale)}
                {e.files ? ` · ${t('testimony.thread.files', { count: e.files })}` : ''}
              </p>
              {sealedText(e)}
              {e.kind === 'draft' ? (
                e.draftState === 'proposed' ? (
                  <div class="thread__draft">
                    <p>{t('testimony.draft.question')}</p>
                    {e.warnings.length ? (
                      <p class="hint">
                        {t('testimony.draft.warnings', {
                          list: e.warnings.map((w) => t(`testimony.warning.${w}`)).join(', '),
                        })}
                      </p>
                    ) : null}
                    <form
                      method="post"
                      action={`/${locale}/tell/follow-up/publication`}
                      class="inline-form"
                      data-draft=""
                      data-sealed-draft={e.sealed ?? ''}
                    >
                      <CsrfField ctx={ctx} />
                      <SurvivorAuth auth={auth} />
                      <input type="hidden" name="item" value={e.id} />
                      <button class="button" type="submit" name="decision" value="approve">
                        {t('testimony.draft.approve')}
                      </button>
                      <button class="button button--secondary" type="submit" name="decision" value="reject">
                        {t('testimony.draft.reject')}
                      </button>
                    </form>
                  </div>
                ) : (
                  <p class="hint">{t(`testimony.draft.state.${e.draftState}`)}</p>
                )
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">{t('testimony.thread.empty')}</p>
      )}
      <h2 id="write-title">{t('testimony.thread.write')}</h2>
      <ModeNotice ctx={ctx} />
      <form
        method="post"
        action={`/${locale}/tell/follow-up/message`}
        enctype="multipart/form-data"
        data-followup-message=""
        data-org-key={p.orgKey.publicKey}
        aria-labelledby="write-title"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <SurvivorAuth auth={auth} />
        <div class={'field' + (errors.text ? ' field--error' : '')}>
          <label for="f-text">{t('testimony.thread.your_message')}</label>
          {errors.text ? (
            <p class="error" id="e-text">
              {t(errors.text)}
            </p>
          ) : null}
          <textarea id="f-text" name="text" rows={5} maxLength={LIMITS.message}></textarea>
        </div>
        <div class="field">
          <label for="f-attachments">{t('testimony.form.attachments')}</label>
          <input
            id="f-attachments"
            name="attachments"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,application/pdf"
          />
        </div>
        <button class="button" type="submit">
          {t('testimony.thread.send')}
        </button>
      </form>
      <h2>{t('testimony.delete.title')}</h2>
      <p>{t('testimony.delete.text')}</p>
      <form method="post" action={`/${locale}/tell/follow-up/delete`} data-followup-plain="">
        <CsrfField ctx={ctx} />
        <SurvivorAuth auth={auth} />
        <div class="field field--checkbox">
          <input id="f-confirm" name="confirm" type="checkbox" value="1" />
          <label for="f-confirm">{t('testimony.delete.confirm')}</label>
        </div>
        <button class="button button--danger" type="submit">
          {t('testimony.delete.button')}
        </button>
      </form>
      <TellScript ctx={ctx} />
    </Layout>
  );
}

export function DeletedPage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('testimony.delete.done_title')} survivorFacing>
      <h1>{t('testimony.delete.done_title')}</h1>
      <p>{t('testimony.delete.done_text')}</p>
      <p>
        <a href={`/${locale}/help`}>{t('testimony.guide.help_link')}</a>
      </p>
    </Layout>
  );
}
