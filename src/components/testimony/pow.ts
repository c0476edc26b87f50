// Proof of work for survivor forms (altcha-lib, SHA-256, self-hosted): the page's script solves it
// while she writes. Each challenge is single-use, so it also refuses replayed submissions. Without
// JavaScript there is no solution; those requests pass through stricter rate limits instead.
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { deriveKey as purposeKey } from '../../core/privacy/index.ts';

export const POW_TTL_MS = 6 * 3_600_000;

export interface Pow {
  /** A fresh signed challenge as JSON, for a hidden form field. */
  challenge(): Promise<string>;
  /** 'solved', 'unsolved' (no solution sent: the no-JS path) or 'invalid'; token identifies the challenge for replay checks. */
  check(
    challengeJson: unknown,
    solutionJson: unknown,
  ): Promise<{ result: 'solved' | 'unsolved' | 'invalid'; token: string | null; expiresAt: number }>;
}

export function createPow(secret: string, opts: { minCounter?: number } = {}): Pow {
  const hmacSignatureSecret = purposeKey(secret, 'testimony-pow').toString('base64url');
  const hmacKeySignatureSecret = purposeKey(secret, 'testimony-pow-key').toString('base64url');
  const min = opts.minCounter ?? 20_000;
  return {
    async challenge() {
      const c = await createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        counter: randomInt(min, min * 2),
        deriveKey,
        hmacSignatureSecret,
        hmacKeySignatureSecret,
        expiresAt: new Date(Date.now() + POW_TTL_MS),
      });
      return JSON.stringify(c);
    },
    async check(challengeJson, solutionJson) {
      let challenge: Challenge;
      try {
        if (typeof challengeJson !== 'string' || challengeJson.length > 2000) throw new Error('no challenge');
        challenge = JSON.parse(challengeJson) as Challenge;
        if (typeof challenge?.signature !== 'string' || typeof challenge.parameters?.expiresAt !== 'number')
          throw new Error('bad challenge');
      } catch {
        return { result: 'invalid', token: null, expiresAt: 0 };
      }
      const expiresAt = challenge.parameters.expiresAt! * 1000;
      const token = 'pow:' + challenge.signature;
      if (expiresAt < Date.now()) return { result: 'invalid', token: null, expiresAt };
      if (solutionJson === undefined || solutionJson === '') {
        // Unsolved: the signature must still be ours (so the token cannot be made up).
        const probe = await verifySolution({
          challenge,
          solution: { counter: 0, derivedKey: '' },
          deriveKey,
          hmacSignatureSecret,
          hmacKeySignatureSecret,
        }).catch(() => null);
        return { result: probe && probe.invalidSignature === false ? 'unsolved' : 'invalid', token, expiresAt };
      }
      try {
        if (typeof solutionJson !== 'string' || solutionJson.length > 500) throw new Error('bad solution');
        const solution = JSON.parse(solutionJson);
        const r = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret, hmacKeySignatureSecret });
        return { result: r.verified ? 'solved' : 'invalid', token, expiresAt };
      } catch {
        return { result: 'invalid', token: null, expiresAt };
      }
    },
  };
}
