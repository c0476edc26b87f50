// Outgoing mail for every module. Messages are queued in the database (inside the caller's
// transaction when it passes one, so a stored signature and its confirmation mail commit together)
// and sent over SMTP by a drain loop with retries. Without SMTP_URL nothing leaves the machine:
// messages land in a development outbox that only admins can read, clearly labelled as unsent.
// Recipients and bodies are sealed at rest and wiped once a message is sent.
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../db/database.ts';
import { isoAt, newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import type { Database } from '../../db/schema.ts';
import { secretBox } from '../privacy/index.ts';
import type { OutboxEntry } from './mail.ts';
import * as repo from './mail.repository.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  replyTo?: string;
  /** What kind of mail this is, e.g. petition.confirm (kept after sending, for diagnostics). */
  category: string;
  notBefore?: Date;
}

export interface MailService {
  /** 'smtp' when SMTP_URL is set; otherwise mail goes to the development outbox. */
  readonly mode: 'smtp' | 'outbox';
  /** Queues messages, in the caller's transaction when one is given. */
  queue(db: Kysely<Database>, messages: MailMessage[]): Promise<void>;
  /** Sends due messages now; returns how many were sent. */
  drain(limit?: number): Promise<number>;
  /** The latest development-outbox messages, opened for an admin. */
  outbox(limit?: number): Promise<OutboxEntry[]>;
  counts(): Promise<Record<string, number>>;
  /**
   * What the code can tell about reaching the mail server without waiting on it: the result of the
   * last connection check (one runs in the background when the last is older than ten minutes, so
   * the first call only starts it) and how many messages are waiting to be retried.
   */
  reachability(): Promise<MailReachability>;
  /** Connects to the SMTP server and says hello (short timeouts), and remembers the answer. */
  probe(): Promise<MailProbe>;
  /** Drops sent and failed records after a week and outbox messages after 30 days. */
  purge(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export interface MailProbe {
  ok: boolean;
  at: string;
  /** Why it failed: the error's code and first words (never the SMTP_URL, which holds the password). */
  error?: string;
}

export interface MailReachability {
  mode: 'smtp' | 'outbox';
  probe: MailProbe | null;
  retrying: number;
}

const LEASE_MS = 10 * 60_000;
const PROBE_EVERY_MS = 10 * 60_000;
const PROBE_TIMEOUT_MS = 5000;
const MAX_ATTEMPTS = 8;
const domainOf = (email: string) =>
  email
    .slice(email.lastIndexOf('@') + 1)
    .toLowerCase()
    .slice(0, 253);

export function createMailService(deps: {
  db: Db;
  secret: string;
  smtpUrl: string | null;
  from: string;
  pollMs?: number;
  log?: (msg: string, extra?: object) => void;
}): MailService {
  const { db } = deps;
  const box = secretBox(deps.secret, 'mail');
  const mode = deps.smtpUrl ? 'smtp' : 'outbox';
  let transport: Transporter | null = null;
  const transporter = () => (transport ??= nodemailer.createTransport(deps.smtpUrl!, { from: deps.from }));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  const log = deps.log ?? (() => {});
  let lastProbe: MailProbe | null = null;
  let probing: Promise<MailProbe> | null = null;

  async function sendOne(row: repo.MailRow): Promise<boolean> {
    if (!(await repo.claim(db, row.id, row.not_before, isoAt(Date.now() + LEASE_MS)))) return false;
    const m = parseJson<Partial<MailMessage>>(row.sealed ? box.open(row.sealed) : null, {});
    if (!m.to) {
      await repo.markFailed(db, row.id, row.attempts + 1, 'message content missing', null);
      return false;
    }
    try {
      await transporter().sendMail({
        from: deps.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        replyTo: m.replyTo,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      await repo.markSent(db, row.id, nowIso());
      return true;
    } catch (err) {
      const attempts = row.attempts + 1;
      const retry = attempts < MAX_ATTEMPTS ? isoAt(Date.now() + Math.min(2 ** attempts * 5000, 3_600_000)) : null;
      await repo.markFailed(db, row.id, attempts, String((err as Error).message ?? err).slice(0, 300), retry);
      log('mail send failed', { category: row.category, attempts, retry: !!retry });
      return false;
    }
  }

  const service: MailService = {
    mode,
    async queue(q, messages) {
      if (!messages.length) return;
      const now = nowIso();
      await repo.insertMessages(
        q,
        messages.map((m) => ({
          id: newId(),
          category: m.category,
          status: mode === 'smtp' ? 'queued' : 'outbox',
          sealed: box.seal(toJson({ to: m.to, subject: m.subject, text: m.text, replyTo: m.replyTo })),
          recipient_domain: domainOf(m.to),
          attempts: 0,
          last_error: null,
          not_before: m.notBefore ? m.notBefore.toISOString() : now,
          created_at: now,
          sent_at: null,
        })),
      );
    },
    async drain(limit = 200) {
      if (mode !== 'smtp') return 0;
      let sent = 0;
      for (const row of await repo.dueMessages(db, nowIso(), limit)) if (await sendOne(row)) sent++;
      return sent;
    },
    async outbox(limit = 100) {
      return (await repo.listByStatus(db, 'outbox', limit)).map((r) => {
        const m = parseJson<Partial<MailMessage>>(r.sealed ? box.open(r.sealed) : null, {});
        return {
          id: r.id,
          category: r.category,
          status: r.status,
          to: m.to ?? '',
          subject: m.subject ?? '',
          text: m.text ?? '',
          replyTo: m.replyTo,
          createdAt: r.created_at,
        };
      });
    },
    probe() {
      if (mode !== 'smtp') return Promise.resolve({ ok: false, at: nowIso(), error: 'SMTP_URL is not set' });
      probing ??= (async () => {
        const t = nodemailer.createTransport({
          url: deps.smtpUrl!,
          connectionTimeout: PROBE_TIMEOUT_MS,
          greetingTimeout: PROBE_TIMEOUT_MS,
          socketTimeout: PROBE_TIMEOUT_MS,
        } as never);
        try {
          await t.verify();
          lastProbe = { ok: true, at: nowIso() };
        } catch (err) {
          const e = err as Error & { code?: string };
          const words = String(e.message ?? err).replaceAll(deps.smtpUrl!, 'SMTP_URL');
          lastProbe = { ok: false, at: nowIso(), error: [e.code, words].filter(Boolean).join(': ').slice(0, 200) };
        } finally {
          t.close();
          probing = null;
        }
        return lastProbe;
      })();
      return probing;
    },
    async reachability() {
      if (mode === 'smtp' && !probing && (!lastProbe || Date.now() - Date.parse(lastProbe.at) > PROBE_EVERY_MS))
        void service.probe();
      return { mode, probe: lastProbe, retrying: mode === 'smtp' ? await repo.countRetrying(db) : 0 };
    },
    async counts() {
      return Object.fromEntries((await repo.countsByStatus(db)).map((r) => [r.status, r.n]));
    },
    async purge() {
      const week = isoAt(Date.now() - 7 * 86_400_000);
      const month = isoAt(Date.now() - 30 * 86_400_000);
      return (
        (await repo.deleteOlderThan(db, ['sent', 'failed'], week)) + (await repo.deleteOlderThan(db, ['outbox'], month))
      );
    },
    start() {
      if (mode !== 'smtp' || !stopped) return;
      stopped = false;
      const tick = async () => {
        try {
          while (!stopped && (await service.drain(50)) > 0);
        } catch (err) {
          log('mail drain failed', { error: (err as Error).message });
        }
        if (!stopped) timer = setTimeout(() => (running = tick()), deps.pollMs ?? 2000);
      };
      running = tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await probing; // at most the probe's timeouts; it never rejects
      transport?.close();
      transport = null;
    },
  };
  return service;
}
