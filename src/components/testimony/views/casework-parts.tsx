// Pieces shared by the staff pages: the page script with its messages, JSON for the script, the
// casework navigation.
import { NEEDS } from '../../../help/index.ts';
import type { PageContext } from '../../../ui/context.ts';
import { POLICE, RELATIONSHIPS } from '../testimony.ts';
import { ClientMessages } from './parts.tsx';

/** What the script labels a decrypted testimony with. */
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
export const CaseworkScript = ({ ctx }: { ctx: PageContext }) => (
  <>
    <ClientMessages ctx={ctx} extra={LABELS} />
    <script src={ctx.asset('js/casework.js')} defer></script>
  </>
);
export const Json = ({ id, value }: { id: string; value: unknown }) => (
  <script
    type="application/json"
    id={id}
    dangerouslySetInnerHTML={{ __html: JSON.stringify(value).replace(/</g, '\\u003c') }}
  />
);

export function CaseNav({ ctx }: { ctx: PageContext }) {
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
