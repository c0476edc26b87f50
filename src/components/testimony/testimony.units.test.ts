// Pure parts of testimonies: receipts, sealing, attachments, metadata stripping, redaction,
// statistics suppression and permissions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decryptFile,
  digest,
  encryptFile,
  fileCiphertextLength,
  formatReceipt,
  isFileCiphertextLength,
  newReceipt,
  normaliseReceipt,
  openSealed,
  ready,
  receiptKeys,
  receiptSeed,
  seal,
  toB64,
  unwrapSecret,
  wrapSecret,
  CHUNK,
} from './crypto.ts';
import { sniffType, stripMetadata } from '../../core/file-metadata.ts';
import { createReceiptHasher } from './receipt.server.ts';
import { findSensitive, redactAll } from './redaction.ts';
import { computeStatistics, delayBucket, suppress } from './statistics.ts';
import { requiresTwoFactor, ROLES } from '../../core/accounts/index.ts';
import {
  canHandle,
  canHoldKey,
  canManageKeys,
  canOverrideReferral,
  canDraftPublication,
  canPromote,
} from './testimony.permissions.ts';
import type { StatsRow } from './testimony.repository.ts';

const enc = new TextEncoder();
const bytes = (...parts: Array<string | number[]>) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};
const has = (b: Uint8Array, s: string) => Buffer.from(b).includes(s);
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

describe('receipts', () => {
  test('16 random digits, normalised from what people type', async () => {
    const s = await ready();
    const r = newReceipt(s);
    assert.match(r, /^\d{16}$/);
    assert.notEqual(r, newReceipt(s));
    assert.equal(normaliseReceipt('1234 5678-9012.3456'), '1234567890123456');
    assert.equal(normaliseReceipt('123456789012345'), null);
    assert.equal(normaliseReceipt('12345678901234567'), null);
    assert.equal(normaliseReceipt('1234abcd90123456'), null);
    assert.equal(normaliseReceipt(42), null);
    assert.equal(formatReceipt('1234567890123456'), '1234 5678 9012 3456');
  });

  test('the browser (libsodium) and the server (@node-rs/argon2) derive the same lookup value and keypair', async () => {
    const s = await ready();
    const receipt = '0012345678901234';
    const browser = receiptKeys(receiptSeed(receipt, s), s);
    const server = await createReceiptHasher('x'.repeat(40)).keysFromReceipt(receipt);
    assert.equal(browser.lookup, server.lookup);
    assert.deepEqual(browser.publicKey, server.publicKey);
    assert.notEqual(browser.lookup, receiptKeys(receiptSeed('0012345678901235', s), s).lookup);
  });

  test('the stored hash depends on the installation secret', async () => {
    const a = await createReceiptHasher('a'.repeat(40)).hashLookup('A'.repeat(43));
    const b = await createReceiptHasher('b'.repeat(40)).hashLookup('A'.repeat(43));
    assert.notEqual(a, b);
    assert.equal(a, await createReceiptHasher('a'.repeat(40)).hashLookup('A'.repeat(43)));
  });
});

describe('sealing and attachments', () => {
  test('a sealed box opens only with the matching private key', async () => {
    const s = await ready();
    const org = s.crypto_box_keypair();
    const other = s.crypto_box_keypair();
    const sealed = seal('Мен айтамын', org.publicKey, s);
    assert.equal(openSealed(sealed, org.publicKey, org.privateKey, s), 'Мен айтамын');
    assert.throws(() => openSealed(sealed, other.publicKey, other.privateKey, s));
  });

  test('attachments round-trip in 64 KiB chunks; truncation and tampering are detected', async () => {
    const s = await ready();
    for (const n of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17]) {
      const plain = s.randombytes_buf(n);
      const { key, data } = encryptFile(plain, s);
      assert.equal(data.length, fileCiphertextLength(n), `length for ${n}`);
      assert.ok(isFileCiphertextLength(data.length));
      assert.deepEqual(decryptFile(data, key, s), plain);
      if (n > CHUNK) {
        assert.throws(() => decryptFile(data.subarray(0, 24 + CHUNK + 17), key, s), /truncated/);
        const bad = data.slice();
        bad[bad.length - 1] ^= 1;
        assert.throws(() => decryptFile(bad, key, s));
      }
    }
    assert.equal(isFileCiphertextLength(10), false);
    assert.equal(isFileCiphertextLength(24 + CHUNK + 17 + 5), false, 'a last chunk shorter than its tag');
  });

  test('passphrase wrapping: the right passphrase opens, a wrong one gives null', async () => {
    const s = await ready();
    const kp = s.crypto_box_keypair();
    const w = wrapSecret(kp.privateKey, 'correct horse battery', s);
    assert.deepEqual(unwrapSecret(w, 'correct horse battery', s), kp.privateKey);
    assert.equal(unwrapSecret(w, 'wrong horse battery', s), null);
    assert.equal(digest('a', s).length, 64);
    assert.equal(toB64(new Uint8Array([255])), '_w');
  });
});

describe('metadata stripping', () => {
  test('JPEG: EXIF, XMP, IPTC and comments go; JFIF and image data stay', () => {
    const app1 = bytes('Exif\0\0GPS-CANARY 43.2N 76.9E');
    const com = bytes('COMMENT-CANARY');
    const app13 = bytes('Photoshop 3.0\0IPTC-CANARY');
    const jpeg = bytes(
      [0xff, 0xd8],
      [0xff, 0xe0, ...be16(16)],
      'JFIF\0',
      [1, 1, 0, 0, 1, 0, 1, 0, 0],
      [0xff, 0xe1, ...be16(app1.length + 2)],
      Array.from(app1),
      [0xff, 0xfe, ...be16(com.length + 2)],
      Array.from(com),
      [0xff, 0xed, ...be16(app13.length + 2)],
      Array.from(app13),
      [0xff, 0xda, 0, 8, 1, 2, 3, 4, 5, 6],
      'SCANDATA',
      [0xff, 0xd9],
    );
    assert.equal(sniffType(jpeg), 'image/jpeg');
    const out = stripMetadata(jpeg, 'image/jpeg');
    for (const c of ['GPS-CANARY', 'COMMENT-CANARY', 'IPTC-CANARY']) assert.ok(!has(out, c), c);
    assert.ok(has(out, 'JFIF') && has(out, 'SCANDATA'));
    assert.throws(() => stripMetadata(jpeg.subarray(0, 30), 'image/jpeg'));
  });

  test('PNG: text, EXIF and time chunks go', () => {
    const chunk = (type: string, data: Uint8Array) => [...be32(data.length), ...enc.encode(type), ...data, 0, 0, 0, 0];
    const png = bytes(
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      chunk('IHDR', new Uint8Array(13)),
      chunk('tEXt', enc.encode('Author\0PNG-CANARY')),
      chunk('eXIf', enc.encode('EXIF-CANARY')),
      chunk('IDAT', enc.encode('PIXELS')),
      chunk('IEND', new Uint8Array(0)),
    );
    const out = stripMetadata(png, sniffType(png)!);
    assert.ok(!has(out, 'PNG-CANARY') && !has(out, 'EXIF-CANARY'));
    assert.ok(has(out, 'IHDR') && has(out, 'PIXELS') && has(out, 'IEND'));
  });

  test('WebP: EXIF and XMP chunks go, the RIFF size and VP8X flags follow', () => {
    const exif = enc.encode('WEBP-CANARY!');
    const vp8x = [...enc.encode('VP8X'), ...le32(10), 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const body = [
      ...enc.encode('WEBP'),
      ...vp8x,
      ...enc.encode('VP8 '),
      ...le32(4),
      1,
      2,
      3,
      4,
      ...enc.encode('EXIF'),
      ...le32(exif.length),
      ...exif,
    ];
    const webp = bytes('RIFF', le32(body.length), body);
    const out = stripMetadata(webp, sniffType(webp)!);
    assert.ok(!has(out, 'WEBP-CANARY'));
    assert.equal(out[4] | (out[5] << 8), out.length - 8);
    assert.equal(out[20] & 0x0c, 0, 'VP8X no longer announces EXIF or XMP');
  });

  test('PDF: document properties and XMP are blanked in place, keeping the length', () => {
    const pdf = enc.encode(
      '%PDF-1.4\n1 0 obj << /Author (Aigerim CANARY) /Title (Statement) >> endobj\n<x:xmpmeta>CANARY</x:xmpmeta>\nstream BODY endstream',
    );
    const out = stripMetadata(pdf, sniffType(pdf)!);
    assert.equal(out.length, pdf.length);
    assert.ok(!has(out, 'CANARY') && !has(out, 'Statement'));
    assert.ok(has(out, 'BODY'));
    assert.equal(sniffType(enc.encode('GIF89a')), null);
  });
});

describe('redaction helper', () => {
  test('finds names, phone numbers, IIN-like numbers, emails and addresses', () => {
    const text =
      'Вчера Ерлан Сапаров позвонил мне с +7 701 123 45 67. Мой ИИН 900101300123, почта aigerim.k@mail.kz. Живу на ул. Абая, д. 15, кв. 4.';
    const kinds = findSensitive(text).map((f) => `${f.kind}:${f.text}`);
    for (const k of [
      'name:Ерлан Сапаров',
      'phone:+7 701 123 45 67',
      'iin:900101300123',
      'email:aigerim.k@mail.kz',
      'address:ул. Абая, д. 15, кв. 4',
    ])
      assert.ok(kinds.includes(k), k);
    const clean = redactAll(text, {
      name: '[имя]',
      phone: '[телефон]',
      iin: '[ИИН]',
      email: '[email]',
      address: '[адрес]',
    });
    assert.ok(!/Сапаров|123 45 67|900101300123|mail\.kz|Абая/.test(clean), clean);
    assert.match(clean, /^Вчера \[имя\] позвонил/);
  });
});

describe('statistics', () => {
  test('cells under 5 are hidden, and a lone hidden cell takes the next smallest with it', () => {
    const cells = suppress(
      new Map([
        ['a', 12],
        ['b', 3],
        ['c', 7],
        ['d', 9],
      ]),
    );
    assert.deepEqual(
      cells.map((c) => c.count),
      [12, null, null, 9],
    );
    assert.deepEqual(
      suppress(
        new Map([
          ['a', 2],
          ['b', 3],
          ['c', 8],
        ]),
      ).map((c) => c.count),
      [null, null, 8],
    );
  });

  test('the police-report rate appears only when both sides are large enough', () => {
    const row = (police: number | null, i: number): StatsRow => ({
      id: String(i),
      testimony_id: null,
      incident_year: 2023,
      region: 'KZ-75',
      relationship: 'partner',
      police,
      delay_months: 3,
      told_year: 2026,
    });
    const few = computeStatistics([1, 1, 0, 0, 0, 0, 0].map(row), { regions: ['KZ-75'], relationships: ['partner'] });
    assert.equal(few.police.rate, null);
    assert.equal(few.total, 7);
    const many = computeStatistics([1, 1, 1, 1, 1, 0, 0, 0, 0, 0].map(row), {
      regions: ['KZ-75'],
      relationships: ['partner'],
    });
    assert.equal(many.police.rate, 0.5);
    const one = computeStatistics([row(1, 1)], { regions: ['KZ-75'], relationships: ['partner'] });
    assert.equal(one.total, null);
    assert.deepEqual(one.byRegion, [], 'not even which region a lone record comes from');
    assert.equal(delayBucket(0), 'under_month');
    assert.equal(delayBucket(61), 'over_five');
    assert.equal(delayBucket(null), 'unknown');
  });
});

describe('permissions', () => {
  const who = (role: (typeof ROLES)[number]) => ({ id: role, role });
  test('caseworkers handle cases; moderators only draft; admins manage keys and override referrals', () => {
    assert.ok(canHandle(who('caseworker')) && canHandle(who('admin')));
    assert.ok(!canHandle(who('moderator')) && canDraftPublication(who('moderator')));
    assert.ok(!canDraftPublication(who('analyst')) && !canDraftPublication(who('organiser')));
    assert.ok(canManageKeys(who('admin')) && !canManageKeys(who('caseworker')));
    assert.ok(canOverrideReferral(who('admin')) && !canOverrideReferral(who('caseworker')));
    assert.ok(!canHandle(null));
  });
  test('every role that can read a case, hold a key or hand keys out must sign in with a second factor', () => {
    for (const role of ROLES) {
      const s = who(role);
      const reaches =
        canHandle(s) ||
        canDraftPublication(s) ||
        canHoldKey(s) ||
        canPromote(s) ||
        canManageKeys(s) ||
        canOverrideReferral(s);
      if (reaches) assert.ok(requiresTwoFactor(role), role);
    }
  });
});
