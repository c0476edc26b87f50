// Staff accounts: creation, password sign-in with throttling, TOTP second factor with recovery
// codes, server-side sessions. Every sensitive step goes to the audit log.
import type { Db } from '../../db/database.ts';
import { isoAt, newId, nowIso, parseJson, toBool, toJson } from '../../db/portable.ts';
import { ValidationError } from '../../http/errors.ts';
import { deriveKey, keyedHash, randomToken, secretBox } from '../privacy/secret-box.ts';
import * as repo from './accounts.repository.ts';
import type { AuditService } from './audit.service.ts';
import * as cred from './credentials.ts';
import { requiresTwoFactor } from './accounts.permissions.ts';
import { isRole, type Role, type Staff } from './roles.ts';

export const EMAIL_RE = /^[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:"]{2,}$/;
const MAX_FAILURES = 5;
const BASE_LOCK_MS = 15 * 60_000;
const PENDING_SESSION_MS = 10 * 60_000;

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
  createUser(input: { email: string; name: string; role: string; password: string }, actor: Staff | { system: string }): Promise<Staff>;
  listUsers(): Promise<Array<Staff & { totpEnabled: boolean; disabled: boolean; lastLoginAt: string | null }>>;
  setDisabled(userId: string, disabled: boolean, actor: Staff): Promise<void>;
  login(email: string, password: string): Promise<LoginResult>;
  loadSession(token: string | undefined): Promise<SessionInfo | null>;
  verifySecondFactor(session: SessionInfo, code: string): Promise<boolean>;
  beginTotpSetup(session: SessionInfo): Promise<{ secret: string; uri: string }>;
  confirmTotpSetup(session: SessionInfo, code: string): Promise<string[] | null>;
  changePassword(session: SessionInfo, current: string, next: string): Promise<void>;
  logout(session: SessionInfo): Promise<void>;
  purgeExpiredSessions(): Promise<number>;
}

export function createAccountsService(deps: { db: Db; audit: AuditService; secret: string; sessionTtlHours: number }): AccountsService {
  const { db, audit } = deps;
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
    await repo.updateSession(db, session.idHash, { stage: 'full', expires_at: isoAt(now + ttlMs), last_seen_at: isoAt(now) });
    await repo.updateUser(db, session.staff.id, { last_login_at: isoAt(now), updated_at: isoAt(now) });
    await audit.record(session.staff, 'account.sign_in', { type: 'user', id: session.staff.id }, { second_factor: how });
  }

  return {
    async createUser(input, actor) {
      const fields: Record<string, string> = {};
      const email = input.email.trim().toLowerCase();
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
        locked_until: null,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      const staff: Staff = { id, email, name: input.name.trim(), role: input.role as Role };
      await audit.record(actor, 'account.create', { type: 'user', id }, { role: input.role });
      return staff;
    },

    async listUsers() {
      return (await repo.listUsers(db)).map((u) => ({ ...toStaff(u), totpEnabled: toBool(u.totp_enabled), disabled: toBool(u.disabled), lastLoginAt: u.last_login_at }));
    },

    async setDisabled(userId, disabled, actor) {
      await repo.updateUser(db, userId, { disabled: disabled ? 1 : 0, updated_at: nowIso() });
      if (disabled) await repo.deleteUserSessions(db, userId);
      await audit.record(actor, disabled ? 'account.disable' : 'account.enable', { type: 'user', id: userId });
    },

    async login(emailInput, password) {
      const email = emailInput.trim().toLowerCase();
      const user = await repo.findUserByEmail(db, email);
      if (!user || toBool(user.disabled)) {
        await cred.burnPasswordCheck(password);
        return { status: 'invalid' };
      }
      const now = Date.now();
      if (user.locked_until && Date.parse(user.locked_until) > now) {
        return { status: 'locked', retryAfterSeconds: Math.ceil((Date.parse(user.locked_until) - now) / 1000) };
      }
      if (!(await cred.verifyPassword(user.password_hash, password))) {
        const failures = user.failed_logins + 1;
        // Lock for 15 min after 5 failures, doubling with each further failure (capped at a day).
        const lockMs = failures >= MAX_FAILURES ? Math.min(BASE_LOCK_MS * 2 ** (failures - MAX_FAILURES), 86_400_000) : 0;
        await repo.updateUser(db, user.id, { failed_logins: failures, locked_until: lockMs ? isoAt(now + lockMs) : null, updated_at: isoAt(now) });
        await audit.record({ system: 'login' }, 'account.sign_in_failed', { type: 'user', id: user.id }, { failures, locked: lockMs > 0 });
        return { status: 'invalid' };
      }
      if (user.failed_logins || user.locked_until) await repo.updateUser(db, user.id, { failed_logins: 0, locked_until: null });
      const staff = toStaff(user);
      if (toBool(user.totp_enabled)) return { status: 'ok', token: await newSession(user, 'password'), next: 'second-factor' };
      if (requiresTwoFactor(staff.role)) return { status: 'ok', token: await newSession(user, 'password'), next: 'setup-second-factor' };
      const token = await newSession(user, 'full');
      await repo.updateUser(db, user.id, { last_login_at: isoAt(now) });
      await audit.record(staff, 'account.sign_in', { type: 'user', id: user.id }, { second_factor: 'none' });
      return { status: 'ok', token, next: 'done' };
    },

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
      return { idHash, staff, stage: s.stage, csrfSecret: s.csrf_secret, totpEnabled, mustEnrol: !totpEnabled && requiresTwoFactor(staff.role) };
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
        await repo.updateUser(db, user.id, { recovery_codes: toJson(hashes.filter((h) => h !== candidate)), updated_at: nowIso() });
        await completeSignIn(session, 'recovery-code');
        await audit.record(session.staff, 'account.recovery_code_used', { type: 'user', id: user.id }, { remaining: hashes.length - 1 });
        return true;
      }
      await audit.record(session.staff, 'account.second_factor_failed', { type: 'user', id: user.id });
      return false;
    },

    async beginTotpSetup(session) {
      const secret = cred.newTotpSecret();
      await repo.updateUser(db, session.staff.id, { totp_secret: totpBox.seal(secret), totp_enabled: 0, updated_at: nowIso() });
      return { secret, uri: cred.totpUri(session.staff.email, secret) };
    },

    async confirmTotpSetup(session, code) {
      const user = await repo.findUserById(db, session.staff.id);
      if (!user?.totp_secret) return null;
      const step = cred.matchTotp(totpBox.open(user.totp_secret), code);
      if (step === null) return null;
      const codes = cred.newRecoveryCodes();
      await repo.updateUser(db, user.id, {
        totp_enabled: 1,
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
      if (!user || !(await cred.verifyPassword(user.password_hash, current))) throw new ValidationError({ current: 'account.error.current_password' });
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

    purgeExpiredSessions: () => repo.deleteExpiredSessions(db, nowIso()),
  };
}
