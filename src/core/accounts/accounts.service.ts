// Staff accounts: creation, password sign-in with throttling, TOTP second factor with recovery
// codes, server-side sessions. Every sensitive step goes to the audit log.
import type { Db } from '../../db/database.ts';
import { isoAt, newId, nowIso, parseJson, toBool, toJson } from '../../db/portable.ts';
import { ValidationError } from '../errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { LOCALES } from '../../i18n/locales.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../mail/index.ts';
import { deriveKey, keyedHash, randomToken, secretBox } from '../privacy/index.ts';
import * as repo from './accounts.repository.ts';
import type { AuditService } from './audit.service.ts';
import * as cred from './credentials.ts';
import { requiresTwoFactor } from './accounts.permissions.ts';
import { isRole, type Role, type Staff, type StaffListEntry } from './roles.ts';
import { createSignInGuard } from './sign-in-guard.ts';

export const EMAIL_RE = /^[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:"]{2,}$/;
const PENDING_SESSION_MS = 10 * 60_000;
/** After this, set-up shows a new two-step secret rather than one shown long ago (and perhaps seen by others). */
const PENDING_TOTP_MS = 24 * 3_600_000;
const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type LoginResult =
  | { status: 'ok'; token: string; next: 'done' | 'second-factor' | 'setup-second-factor' }
  | { status: 'invalid' }
  | { status: 'locked'; retryAfterSeconds: number };

export interface SessionInfo {
  idHash: string;
  staff: Staff;
  stage: 'password' | 'full';
  csrfSecret: string;
  totpEnabled: boolean;
  mustEnrol: boolean;
}

export interface AccountsService {
  createUser(
    input: { email: string; name: string; role: string; password: string },
    actor: Staff | { system: string },
  ): Promise<Staff>;
  listUsers(): Promise<StaffListEntry[]>;
  setDisabled(userId: string, disabled: boolean, actor: Staff): Promise<void>;
  /** Lifts a lockout of untrusted browsers and forgets the failed attempts. */
  unlock(userId: string, actor: Staff | { system: string }): Promise<void>;
  /** `deviceCookie`: the browser's device cookie, if it has one (see sign-in-guard.ts). */
  login(email: string, password: string, deviceCookie?: string): Promise<LoginResult>;
  /** A device cookie for a browser that has just completed signing in with this e-mail. */
  trustBrowser(email: string): string;
  loadSession(token: string | undefined): Promise<SessionInfo | null>;
  verifySecondFactor(session: SessionInfo, code: string): Promise<boolean>;
  /** The secret to enrol: the one already shown while it waits for its first code, unless `fresh` or it is old. */
  beginTotpSetup(session: SessionInfo, opts?: { fresh?: boolean }): Promise<{ secret: string; uri: string }>;
  confirmTotpSetup(session: SessionInfo, code: string): Promise<string[] | null>;
  changePassword(session: SessionInfo, current: string, next: string): Promise<void>;
  logout(session: SessionInfo): Promise<void>;
  /** Drops expired sessions and forgotten sign-in counters. */
  purge(): Promise<void>;
}

export function createAccountsService(deps: {
  db: Db;
  audit: AuditService;
  mail: Pick<MailService, 'queue'>;
  i18n: Pick<I18n, 't'>;
  secret: string;
  sessionTtlHours: number;
}): AccountsService {
  const { db, audit, mail, i18n } = deps;
  const guard = createSignInGuard(db, deps.secret);
  const totpBox = secretBox(deps.secret, 'totp-secret');
  const sessionKey = deriveKey(deps.secret, 'session-id');
  const recoveryKey = deriveKey(deps.secret, 'recovery-code');
  const ttlMs = deps.sessionTtlHours * 3_600_000;
  const toStaff = (u: repo.UserRow): Staff => ({ id: u.id, email: u.email, name: u.name, role: u.role as Role });

  async function newSession(user: repo.UserRow, stage: 'password' | 'full'): Promise<string> {
    const token = randomToken();
    const now = Date.now();
    await repo.insertSession(db, {
      id_hash: keyedHash(sessionKey, token),
      user_id: user.id,
      stage,
      csrf_secret: randomToken(18),
      created_at: isoAt(now),
      last_seen_at: isoAt(now),
      expires_at: isoAt(now + (stage === 'full' ? ttlMs : PENDING_SESSION_MS)),
    });
    return token;
  }

  async function completeSignIn(session: SessionInfo, how: string): Promise<void> {
    const now = Date.now();
    await repo.updateSession(db, session.idHash, {
      stage: 'full',
      expires_at: isoAt(now + ttlMs),
      last_seen_at: isoAt(now),
    });
    await repo.updateUser(db, session.staff.id, { last_login_at: isoAt(now), updated_at: isoAt(now) });
    await audit.record(
      session.staff,
      'account.sign_in',
      { type: 'user', id: session.staff.id },
      { second_factor: how },
    );
  }

  /** Tells the owner, in all three languages (staff have no stored language), that untrusted browsers are locked out. */
  async function notifyLocked(user: repo.UserRow, failures: number, until: string): Promise<void> {
    const subject = LOCALES.map((l) => i18n.t(l, 'account.mail.locked.subject')).join(' / ');
    const text = LOCALES.map((l) =>
      i18n.t(l, 'account.mail.locked.text', { email: user.email, count: failures, until: formatDateTime(until, l) }),
    ).join('\n\n— — —\n\n');
    await mail.queue(db, [{ to: user.email, category: 'account.locked', subject, text }]);
  }

  return {
    async createUser(input, actor) {
      const fields: Record<string, string> = {};
      const email = normaliseEmail(input.email);
      if (!EMAIL_RE.test(email) || email.length > 254) fields.email = 'form.error.email';
      if (!input.name.trim() || input.name.length > 120) fields.name = 'form.error.required';
      if (!isRole(input.role)) fields.role = 'account.error.role';
      const problems = cred.passwordProblems(input.password);
      if (problems.length) fields.password = problems[0];
      if (!fields.email && (await repo.findUserByEmail(db, email))) fields.email = 'account.error.email_taken';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const now = nowIso();
      const id = newId();
      await repo.insertUser(db, {
        id,
        email,
        name: input.name.trim(),
        role: input.role,
        password_hash: await cred.hashPassword(input.password),
        totp_secret: null,
        totp_last_step: null,
        totp_pending_since: null,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      const staff: Staff = { id, email, name: input.name.trim(), role: input.role as Role };
      await audit.record(actor, 'account.create', { type: 'user', id }, { role: input.role });
      return staff;
    },

    async listUsers() {
      const users = await repo.listUsers(db);
      const counters = await guard.counters(users.map((u) => u.email));
      return users.map((u) => ({
        ...toStaff(u),
        totpEnabled: toBool(u.totp_enabled),
        disabled: toBool(u.disabled),
        lastLoginAt: u.last_login_at,
        lockedUntil: counters.get(u.email)?.lockedUntil ?? null,
        failedSignIns: counters.get(u.email)?.failures ?? 0,
      }));
    },

    async setDisabled(userId, disabled, actor) {
      await repo.updateUser(db, userId, { disabled: disabled ? 1 : 0, updated_at: nowIso() });
      if (disabled) await repo.deleteUserSessions(db, userId);
      await audit.record(actor, disabled ? 'account.disable' : 'account.enable', { type: 'user', id: userId });
    },

    async unlock(userId, actor) {
      const user = await repo.findUserById(db, userId);
      if (!user) return;
      await guard.unlock(user.email);
      await audit.record(actor, 'account.unlock', { type: 'user', id: userId });
    },

    async login(emailInput, password, deviceCookie) {
      const email = normaliseEmail(emailInput);
      // Counted before the password is checked: guesses sent in parallel are counted one by one.
      const reservation = await guard.reserve(email, deviceCookie);
      if (!('attempt' in reservation)) return { status: 'locked', retryAfterSeconds: reservation.retryAfterSeconds };
      const { attempt } = reservation;
      const found = await repo.findUserByEmail(db, email);
      const user = found && !toBool(found.disabled) ? found : null;
      // Unknown e-mails cost the same work and count the same way, so neither time nor answer tells them apart.
      const correct = user
        ? await cred.verifyPassword(user.password_hash, password)
        : await cred.burnPasswordCheck(password);
      if (!user || !correct) {
        const lockedUntil = await guard.failed(attempt);
        if (user) {
          await audit.record(
            { system: 'login' },
            'account.sign_in_failed',
            { type: 'user', id: user.id },
            { failures: attempt.failures, locked: !!lockedUntil, trusted_browser: attempt.trusted },
          );
          if (lockedUntil && !attempt.trusted) await notifyLocked(user, attempt.failures, lockedUntil);
        }
        return { status: 'invalid' };
      }
      await guard.succeeded(attempt);
      const staff = toStaff(user);
      if (toBool(user.totp_enabled))
        return { status: 'ok', token: await newSession(user, 'password'), next: 'second-factor' };
      if (requiresTwoFactor(staff.role))
        return { status: 'ok', token: await newSession(user, 'password'), next: 'setup-second-factor' };
      const token = await newSession(user, 'full');
      await repo.updateUser(db, user.id, { last_login_at: nowIso() });
      await audit.record(staff, 'account.sign_in', { type: 'user', id: user.id }, { second_factor: 'none' });
      return { status: 'ok', token, next: 'done' };
    },

    trustBrowser: (email) => guard.trustBrowser(normaliseEmail(email)),

    async loadSession(token) {
      if (!token || token.length > 100) return null;
      const idHash = keyedHash(sessionKey, token);
      const s = await repo.findSession(db, idHash);
      if (!s) return null;
      const now = Date.now();
      if (Date.parse(s.expires_at) <= now) {
        await repo.deleteSession(db, idHash);
        return null;
      }
      const user = await repo.findUserById(db, s.user_id);
      if (!user || toBool(user.disabled)) return null;
      // Sliding expiry, written at most once a minute.
      if (s.stage === 'full' && now - Date.parse(s.last_seen_at) > 60_000) {
        await repo.updateSession(db, idHash, { last_seen_at: isoAt(now), expires_at: isoAt(now + ttlMs) });
      }
      const staff = toStaff(user);
      const totpEnabled = toBool(user.totp_enabled);
      return {
        idHash,
        staff,
        stage: s.stage,
        csrfSecret: s.csrf_secret,
        totpEnabled,
        mustEnrol: !totpEnabled && requiresTwoFactor(staff.role),
      };
    },

    async verifySecondFactor(session, code) {
      const user = await repo.findUserById(db, session.staff.id);
      if (!user?.totp_secret || !toBool(user.totp_enabled)) return false;
      const step = cred.matchTotp(totpBox.open(user.totp_secret), code);
      if (step !== null && (user.totp_last_step === null || step > user.totp_last_step)) {
        await repo.updateUser(db, user.id, { totp_last_step: step });
        await completeSignIn(session, 'totp');
        return true;
      }
      const hashes = parseJson<string[]>(user.recovery_codes, []);
      const candidate = keyedHash(recoveryKey, cred.normaliseRecoveryCode(code));
      if (hashes.includes(candidate)) {
        await repo.updateUser(db, user.id, {
          recovery_codes: toJson(hashes.filter((h) => h !== candidate)),
          updated_at: nowIso(),
        });
        await completeSignIn(session, 'recovery-code');
        await audit.record(
          session.staff,
          'account.recovery_code_used',
          { type: 'user', id: user.id },
          { remaining: hashes.length - 1 },
        );
        return true;
      }
      await audit.record(session.staff, 'account.second_factor_failed', { type: 'user', id: user.id });
      return false;
    },

    async beginTotpSetup(session, opts = {}) {
      const user = await repo.findUserById(db, session.staff.id);
      const waiting =
        user?.totp_secret &&
        !toBool(user.totp_enabled) &&
        Date.now() - Date.parse(user.totp_pending_since ?? '') < PENDING_TOTP_MS
          ? user.totp_secret
          : null;
      const shown = (secret: string) => ({ secret, uri: cred.totpUri(session.staff.email, secret) });
      // A reload or a typo must not change the secret already scanned into her app.
      if (waiting && !opts.fresh) return shown(totpBox.open(waiting));
      const secret = cred.newTotpSecret();
      const now = nowIso();
      await repo.updateUser(db, session.staff.id, {
        totp_secret: totpBox.seal(secret),
        totp_enabled: 0,
        totp_pending_since: now,
        updated_at: now,
      });
      return shown(secret);
    },

    async confirmTotpSetup(session, code) {
      const user = await repo.findUserById(db, session.staff.id);
      if (!user?.totp_secret) return null;
      const step = cred.matchTotp(totpBox.open(user.totp_secret), code);
      if (step === null) return null;
      const codes = cred.newRecoveryCodes();
      await repo.updateUser(db, user.id, {
        totp_enabled: 1,
        totp_pending_since: null,
        totp_last_step: step,
        recovery_codes: toJson(codes.map((c) => keyedHash(recoveryKey, cred.normaliseRecoveryCode(c)))),
        updated_at: nowIso(),
      });
      await audit.record(session.staff, 'account.totp_enabled', { type: 'user', id: user.id });
      if (session.stage !== 'full') await completeSignIn(session, 'totp-enrolment');
      return codes;
    },

    async changePassword(session, current, next) {
      const user = await repo.findUserById(db, session.staff.id);
      if (!user || !(await cred.verifyPassword(user.password_hash, current)))
        throw new ValidationError({ current: 'account.error.current_password' });
      const problems = cred.passwordProblems(next);
      if (problems.length) throw new ValidationError({ password: problems[0] });
      await repo.updateUser(db, user.id, { password_hash: await cred.hashPassword(next), updated_at: nowIso() });
      await repo.deleteUserSessions(db, user.id, session.idHash);
      await audit.record(session.staff, 'account.password_changed', { type: 'user', id: user.id });
    },

    async logout(session) {
      await repo.deleteSession(db, session.idHash);
      await audit.record(session.staff, 'account.sign_out', { type: 'user', id: session.staff.id });
    },

    async purge() {
      await repo.deleteExpiredSessions(db, nowIso());
      await guard.purge();
    },
  };
}
