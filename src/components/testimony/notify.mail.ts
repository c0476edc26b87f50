// The notice itself: the same subject for every kind, one generic sentence per kind of news, and the
// inbox's address — no case, no id, no count, no token. In her language once she has chosen one;
// until then in all three.
import type { MailMessage } from '../../core/mail/index.ts';
import { LOCALES, type Locale } from '../../i18n/locales.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { NoticeKind } from './notify.ts';

export const inboxUrl = (baseUrl: string, locale: Locale) => `${baseUrl}/${locale}/admin/testimonies`;

export function noticeMail(
  i18n: I18n,
  to: string,
  locale: Locale | null,
  kinds: readonly NoticeKind[],
  baseUrl: string,
  how: 'notice' | 'digest',
): MailMessage {
  const locales = locale ? [locale] : LOCALES;
  const subject = locales.map((l) => i18n.t(l, 'testimony.notify.mail.subject')).join(' / ');
  const text = locales
    .map((l) =>
      [
        ...(how === 'digest' ? [i18n.t(l, 'testimony.notify.mail.digest'), ''] : []),
        ...kinds.map((k) => i18n.t(l, `testimony.notify.mail.${k}`)),
        '',
        i18n.t(l, 'testimony.notify.mail.link', { url: inboxUrl(baseUrl, l) }),
        '',
        i18n.t(l, 'testimony.notify.mail.footer'),
      ].join('\n'),
    )
    .join('\n\n— — —\n\n');
  return { to, subject, text, category: `testimony.${how}` };
}
