// The "did you get a reply?" follow-up a supporter gets FOLLOW_UP_DAYS after sending (when they
// left an address), their answers, and each recipient's reply rate that those answers make.
import type { Db } from '../../db/database.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../../core/mail/index.ts';
import { nowIso } from '../../db/portable.ts';
import type { LetterState, ReplyRow } from './appeal.ts';
import * as repo from './appeal.repository.ts';
import { toRecipient } from './recipients-directory.ts';
import { localeOf, type SealedLetters } from './sealed-letters.ts';

/** What the follow-ups use. */
export interface FollowUpsDeps {
  db: Db;
  i18n: I18n;
  mail: MailService;
}

export function createFollowUps({ db, i18n, mail }: FollowUpsDeps, sealed: SealedLetters) {
  const followUps = {
    inspectReply: (token: string): Promise<LetterState> => sealed.state('letter-reply', token),

    async recordReplies(token: string, answers: Record<string, string>): Promise<LetterState> {
      const state = await followUps.inspectReply(token);
      if (state.kind !== 'sent') return state;
      for (const r of state.recipients) {
        const a = answers[`r_${r.id}`];
        if (a === 'yes' || a === 'no') await repo.setReplied(db, state.letterId, r.id, a === 'yes' ? 1 : 0);
      }
      await repo.updateLetter(db, state.letterId, { answered_at: nowIso() });
      return state;
    },

    async followups(now = new Date()): Promise<number> {
      let n = 0;
      for (const l of await repo.dueFollowups(db, now.toISOString(), 200)) {
        const content = sealed.open(l.sealed!);
        const locale = localeOf(l.locale);
        if (content?.email) {
          const t = i18n.translator(locale);
          await mail.queue(db, [
            {
              to: content.email,
              category: 'appeal.followup',
              subject: t('appeal.mail.followup.subject', { subject: content.subject }),
              text: t('appeal.mail.followup.text', {
                subject: content.subject,
                link: sealed.link(locale, `/appeals/replies/${sealed.token('letter-reply', l.id)}`),
              }),
            },
          ]);
          n++;
        }
        // Only the reply link is needed from now on: the letter and the address are wiped.
        await repo.updateLetter(db, l.id, {
          followup_sent_at: now.toISOString(),
          sealed: sealed.seal({ ...(content ?? {}), body: '', email: null }),
        });
      }
      return n;
    },

    /** Per recipient of an appeal: letters sent, answers known, replies. */
    async replyTable(id: string): Promise<ReplyRow[]> {
      const rows = await repo.replyTable(db, id);
      const recipients = new Map(
        (
          await repo.recipientsByIds(
            db,
            rows.map((r) => r.recipientId),
          )
        ).map((r) => [r.id, toRecipient(r)]),
      );
      return rows
        .filter((r) => recipients.has(r.recipientId))
        .map((r) => ({ recipient: recipients.get(r.recipientId)!, sent: r.sent, known: r.known, replied: r.replied }));
    },
  };
  return followUps;
}
