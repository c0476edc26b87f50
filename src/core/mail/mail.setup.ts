// The mail module's item of the first-run checklist: is outgoing mail configured, and does the
// server answer, as far as can be told without making the dashboard wait for it.
import type { SetupCheck, SetupState } from '../modules/index.ts';
import type { MailService } from './mail.service.ts';

export function mailSetupCheck(mail: Pick<MailService, 'reachability'>): SetupCheck {
  return {
    id: 'mail',
    order: 20,
    titleKey: 'mail.setup.title',
    whyKey: 'mail.setup.why',
    // The outbox page says what SMTP_URL is and shows what would have been sent.
    href: '/admin/outbox',
    anyOf: ['user.manage'],
    async check(): Promise<SetupState> {
      const r = await mail.reachability();
      if (r.mode === 'outbox') return { done: false, noteKey: 'mail.setup.outbox' };
      if (r.probe && !r.probe.ok)
        return { done: false, noteKey: 'mail.setup.unreachable', values: { error: r.probe.error ?? '' } };
      if (r.retrying) return { done: false, noteKey: 'mail.setup.retrying', values: { count: r.retrying } };
      if (!r.probe) return { done: false, noteKey: 'mail.setup.checking' };
      return { done: true, noteKey: 'mail.setup.ok' };
    },
  };
}
