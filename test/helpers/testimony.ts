// Testimonies from a test's point of view: keys made "in the browser" (libsodium in Node, exactly
// what the browser script does), multipart bodies for app.inject(), proof of work solved in Node.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import {
  fromB64,
  newReceipt,
  openSealed,
  ready,
  receiptKeys,
  receiptSeed,
  seal,
  toB64,
  unwrapSecret,
  wrapSecret,
  type ReceiptKeys,
} from '../../src/components/testimony/crypto.ts';
import { encryptFile } from '../../src/components/testimony/crypto.ts';
import { multipart, type TestApp } from './app.ts';
import { post, type Signed } from './staff.ts';

export { multipart };

export const PASSPHRASE = 'a long caseworker passphrase';

export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
export const powIn = (html: string) =>
  /name="pow_challenge" value="([^"]+)"/
    .exec(html)![1]
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

export async function solvePow(challenge: string): Promise<string> {
  const r = await solveChallenge({ challenge: JSON.parse(challenge), deriveKey });
  return JSON.stringify({ counter: r!.counter, derivedKey: r!.derivedKey });
}

/** A staff member's personal key, made as the browser makes it, registered through the form. */
export async function personalKey(t: TestApp, who: Signed) {
  const s = await ready();
  const kp = s.crypto_box_keypair();
  const res = await post(t, who, '/en/admin/testimony-keys/personal', {
    public_key: toB64(kp.publicKey),
    wrapped: JSON.stringify(wrapSecret(kp.privateKey, PASSPHRASE, s)),
  });
  if (res.statusCode !== 303) throw new Error(`personal key: ${res.statusCode}`);
  return kp;
}

export async function orgKey(t: TestApp, admin: Signed, adminKey: { publicKey: Uint8Array }) {
  const s = await ready();
  const kp = s.crypto_box_keypair();
  const res = await post(t, admin, '/en/admin/testimony-keys/org', {
    public_key: toB64(kp.publicKey),
    self_grant: seal(kp.privateKey, adminKey.publicKey, s),
  });
  if (res.statusCode !== 303) throw new Error(`org key: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return kp;
}

/** What the case page's script does: unlock the personal key, open the grants, walk the chain. */
export async function unlock(t: TestApp, who: Signed): Promise<Map<string, { pk: Uint8Array; sk: Uint8Array }>> {
  const s = await ready();
  const ring = await t.services.testimony.keys.ring(
    (await t.services.accounts.loadSession(who.cookie.split('=')[1]))!.staff,
  );
  const own = unwrapSecret(ring.own!.wrapped, PASSPHRASE, s)!;
  const ownPk = fromB64(ring.own!.publicKey);
  const keys = new Map<string, { pk: Uint8Array; sk: Uint8Array }>();
  for (const k of ring.orgKeys)
    if (k.grant) keys.set(k.id, { pk: fromB64(k.publicKey), sk: s.crypto_box_seal_open(fromB64(k.grant), ownPk, own) });
  for (const k of ring.orgKeys) {
    const mine = keys.get(k.id);
    if (mine && k.previousKeyId && k.previousSealed)
      keys.set(k.previousKeyId, {
        pk: fromB64(ring.orgKeys.find((x) => x.id === k.previousKeyId)!.publicKey),
        sk: s.crypto_box_seal_open(fromB64(k.previousSealed), mine.pk, mine.sk),
      });
  }
  return keys;
}

export async function openWith(keys: Map<string, { pk: Uint8Array; sk: Uint8Array }>, sealed: string, keyId: string) {
  const k = keys.get(keyId);
  if (!k) throw new Error('no key ' + keyId);
  return JSON.parse(openSealed(sealed, k.pk, k.sk, await ready()));
}

export interface BrowserSubmission {
  receipt: string;
  keys: ReceiptKeys;
  status: number;
  body: string;
}

/** Submits like the intake page's script: sealed payload, encrypted files, solved proof of work. */
export async function submitInBrowserMode(
  t: TestApp,
  payload: Record<string, unknown>,
  opts: { consent?: string; referral?: boolean; files?: Uint8Array[]; component?: string; lang?: string } = {},
): Promise<BrowserSubmission> {
  const s = await ready();
  const page = await t.app.inject(`/${opts.lang ?? 'en'}/tell${opts.component ? `/c/${opts.component}` : ''}`);
  const orgPk = /data-org-key="([^"]+)"/.exec(page.body)![1];
  const keyId = /data-key-id="([^"]+)"/.exec(page.body)![1];
  const receipt = newReceipt(s);
  const keys = receiptKeys(receiptSeed(receipt, s), s);
  const encrypted = (opts.files ?? []).map((f, position) => ({ position, ...encryptFile(f, s) }));
  const consent = opts.consent ?? 'private';
  const full = {
    v: 1,
    lang: 'en',
    consent,
    referral: !!opts.referral,
    files: encrypted.map((e) => ({
      position: e.position,
      name: `f${e.position}.jpg`,
      type: 'image/jpeg',
      size: 0,
      key: e.key,
    })),
    ...payload,
  };
  const challenge = powIn(page.body);
  const body = await multipart(
    {
      _csrf: csrfIn(page.body),
      mode: 'browser',
      ...(opts.component ? { component: opts.component } : {}),
      key_id: keyId,
      lookup: keys.lookup,
      survivor_pk: toB64(keys.publicKey),
      envelope: seal(JSON.stringify(full), fromB64(orgPk), s),
      consent,
      referral: opts.referral ? '1' : '0',
      pow_challenge: challenge,
      pow_solution: await solvePow(challenge),
    },
    encrypted.map((e) => ({ field: 'file', name: 'attachment.bin', type: 'application/octet-stream', data: e.data })),
  );
  const res = await t.app.inject({ method: 'POST', url: `/${opts.lang ?? 'en'}/tell`, ...body });
  return { receipt, keys, status: res.statusCode, body: res.body };
}
