// How letters are kept and reached: their content sealed with a key of their own, each reached by
// a signed link (to send it, confirm it, or answer the follow-up) that names no one.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { createLinkTokens, secretBox, type TokenPurpose } from '../../core/privacy/index.ts';
import { parseJson, toJson } from '../../db/portable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { AppealView, Channel, LetterContent, LetterState } from './appeal.ts';
import * as repo from './appeal.repository.ts';
import { toRecipient } from './recipients-directory.ts';

export function createSealedLetters(
  { db, config }: { db: Db; config: Config },
  loadAppeal: (id: string) => Promise<AppealView>,
) {
  const box = secretBox(config.secret, 'appeal-letters');
  const tokens = createLinkTokens(config.secret);
  const open = (sealed: string) => parseJson<LetterContent | null>(box.open(sealed), null);

  /** The letter a link points to, with its appeal, recipients and (while kept) its content. */
  async function state(purpose: TokenPurpose, token: string, ttl?: number): Promise<LetterState> {
    const check = tokens.check(purpose, token, ttl);
    if (!check.ok) return { kind: check.reason };
    const letter = await repo.findLetter(db, check.id);
    if (!letter) return { kind: 'invalid' };
    const appeal = await loadAppeal(letter.appeal_id);
    const links = await repo.letterRecipients(db, letter.id);
    const recipients = (
      await repo.recipientsByIds(
        db,
        links.map((l) => l.recipient_id),
      )
    ).map(toRecipient);
    const content = letter.sealed ? open(letter.sealed) : null;
    const base = {
      appeal,
      letterId: letter.id,
      locale: localeOf(letter.locale),
      channel: letter.channel as Channel,
      content,
      recipients,
    };
    if (letter.status === 'expired' || (!content && letter.status !== 'sent')) return { kind: 'gone', ...base };
    if (letter.status === 'sent') return { kind: 'sent', ...base };
    return { kind: 'ready', ...base };
  }

  return {
    seal: (content: Partial<LetterContent>) => box.seal(toJson(content)),
    open,
    state,
    token: (purpose: TokenPurpose, letterId: string) => tokens.issue(purpose, letterId),
    /** A full URL of the site in the reader's language. */
    link: (locale: string, path: string) => `${config.baseUrl}/${locale}${path}`,
  };
}

export const localeOf = (value: string): Locale => (isLocale(value) ? value : 'kk');

export type SealedLetters = ReturnType<typeof createSealedLetters>;
