// Passwords (argon2id), TOTP codes and recovery codes: the pure parts of signing in.
import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import { authenticator } from 'otplib';

// 64 MiB, 3 passes: OWASP's stronger argon2id profile; ~100 ms per check on this machine.
const ARGON = { algorithm: 2 /* Argon2id */, memoryCost: 65536, timeCost: 3, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, ARGON);
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
let dummy: Promise<string> | null = null;
/** Spends the same work on unknown accounts, so response time does not reveal which emails exist. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('dauys-dummy-password');
  await verifyPassword(await dummy, password);
  return false;
}

/** Reasons a new password is refused; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('account.password.too_short');
  if (password.length > 200) problems.push('account.password.too_long');
  if (new Set(password).size < 5) problems.push('account.password.too_simple');
  return problems;
}

export const TOTP_STEP_SECONDS = 30;
export const newTotpSecret = () => authenticator.generateSecret(20);
export const totpUri = (email: string, secret: string, issuer = 'Dauys') => authenticator.keyuri(email, issuer, secret);

/** Returns the time step the code belongs to (±1 step of drift), or null. */
export function matchTotp(secret: string, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const step = Math.floor(now / 1000 / TOTP_STEP_SECONDS);
  for (const delta of [0, -1, 1]) {
    const s = step + delta;
    authenticator.options = { epoch: s * TOTP_STEP_SECONDS * 1000, window: 0 };
    const ok = authenticator.check(clean, secret);
    authenticator.resetOptions();
    if (ok) return s;
  }
  return null;
}

export function totpAt(secret: string, ms: number): string {
  authenticator.options = { epoch: ms, window: 0 };
  const code = authenticator.generate(secret);
  authenticator.resetOptions();
  return code;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Ten single-use codes like "k7dp-3mxq-9tzr", about 70 bits each. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(''),
    ).join('-'),
  );
}
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
