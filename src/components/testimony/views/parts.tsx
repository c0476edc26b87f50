// Pieces shared by the survivor pages: the script, the encryption-mode notice, hidden fields.
import { formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';

const CLIENT_KEYS = [
  'solving',
  'encrypting',
  'sending',
  'deriving',
  'failed',
  'file_too_big',
  'wrong_pass',
  'no_grant',
  'pass_short',
  'pass_mismatch',
  'decrypt_failed',
  'download',
  'saved',
  'found',
  'placeholder.name',
  'placeholder.phone',
  'placeholder.iin',
  'placeholder.email',
  'placeholder.address',
].map((k) => `testimony.js.${k}`);
const ERROR_KEYS = [
  'story_required',
  'consent_required',
  'too_many_files',
  'file_type',
  'receipt_format',
  'message_empty',
].map((k) => `testimony.error.${k}`);

/** The strings the scripts show, in the reader's language, as a JSON data block (not executed). */
export function ClientMessages({ ctx, extra = [] }: { ctx: PageContext; extra?: string[] }) {
  const keys = [
    ...CLIENT_KEYS,
    ...ERROR_KEYS,
    ...['sexual_violence', 'physical_violence', 'children', 'suicide'].map((w) => `testimony.warning.${w}`),
    ...extra,
  ];
  const value = Object.fromEntries(keys.map((k) => [k, ctx.t(k)]));
  return (
    <script
      type="application/json"
      id="msgs"
      dangerouslySetInnerHTML={{ __html: JSON.stringify(value).replace(/</g, '\\u003c') }}
    />
  );
}

/** The encryption script for survivor pages (the pages work without it, in the weaker server mode). */
export const TellScript = ({ ctx }: { ctx: PageContext }) => (
  <>
    <ClientMessages ctx={ctx} />
    <script src={ctx.asset('js/tell.js')} defer></script>
  </>
);

/** Says which mode is in force: the script swaps the notices once encryption in the browser is ready. */
export function ModeNotice({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <div class="tell-mode">
      <p class="notice notice--weak" data-e2e-off="">
        <strong>{t('testimony.mode.server.title')}</strong> {t('testimony.mode.server.text')}
      </p>
      <p class="notice notice--strong" data-e2e-on="" hidden>
        <strong>{t('testimony.mode.browser.title')}</strong> {t('testimony.mode.browser.text')}
      </p>
    </div>
  );
}

/** Who she is on follow-up pages: the lookup value (browser mode) or the receipt itself (server mode). */
export function SurvivorAuth({ auth }: { auth: { lookup?: string; receipt?: string } }) {
  return auth.lookup ? (
    <input type="hidden" name="lookup" value={auth.lookup} />
  ) : (
    <input type="hidden" name="receipt" value={auth.receipt} />
  );
}

export function Honeypot({ ctx }: { ctx: PageContext }) {
  return (
    <div class="hp" aria-hidden="true">
      <label for="f-website">{ctx.t('testimony.form.honeypot')}</label>
      <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
    </div>
  );
}

/** When the case is deleted, worded for a day still to come ("Will be deleted on") or gone by ("Deleted on"). */
export function DeletionDay({ ctx, expiresOn, today }: { ctx: PageContext; expiresOn: string; today: string }) {
  return (
    <div>
      <dt>{ctx.t('testimony.thread.expires', { when: expiresOn > today ? 'future' : 'past' })}</dt>
      <dd>{formatPartialDate(expiresOn, ctx.locale)}</dd>
    </div>
  );
}
