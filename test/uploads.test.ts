// Uploads over a real socket: a body the server will refuse is answered while it is still arriving
// (nobody buys memory or disk with a junk token or without a session), oversized files stop at the
// cap, cut-off bodies get a page in the user's language, and no temp file outlives its request —
// nor holds a readable byte of what she sent while it exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';
import { csrfIn, orgKey, personalKey, powIn } from './helpers/testimony.ts';
import { multipartFrame, openPost, slowUpload } from './helpers/upload.ts';

const MB = 1024 * 1024;
const be16 = (n: number) => [n >> 8, n & 0xff];
const exif = new TextEncoder().encode('Exif\0\0UPLOAD-GPS-CANARY');
/** A JPEG whose EXIF segment carries a canary, padded to `size` bytes inside its scan data. */
const jpeg = (size: number) => {
  const headers = [0xff, 0xd8, 0xff, 0xe1, ...be16(exif.length + 2), ...exif, 0xff, 0xda, 0, 4, 1, 2];
  const out = new Uint8Array(size).fill(9);
  out.set(headers, 0);
  out.set([0xff, 0xd9], size - 2);
  return Buffer.from(out);
};

describe('uploads', () => {
  let t: TestApp;
  let origin: string;
  let organiser: Signed;
  const incoming = () => readdirSync(join(t.config.uploadsDir, 'incoming'));
  const stored = () => readdirSync(join(t.config.uploadsDir, 'testimony')).length;

  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    await orgKey(t, admin, await personalKey(t, admin));
    organiser = await signIn(t, (await createStaff(t.services, 'organiser')).email);
  });
  after(() => t.close());

  test('a testimony upload with a junk token is refused before the client has finished sending it', async () => {
    const res = await slowUpload(`${origin}/en/tell`, {
      fields: { _csrf: 'junk', pow_challenge: 'junk', story: 'x', consent: 'private' },
      file: { field: 'attachments', name: 'a.jpg', type: 'image/jpeg' },
      fileBytes: 50 * MB,
    });
    assert.equal(res.status, 403, 'answered while the upload was still arriving');
    assert.ok(res.sentAtAnswer < res.total);
    assert.match(res.body, /This form has expired/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.deepEqual(incoming(), []);
  });

  test('a browser still sending after an early answer may finish: the rest is read and dropped, the connection stays usable', async () => {
    // On a raw socket: Node's HTTP client itself stops writing once it has an answer.
    const { contentType, head, tail } = multipartFrame(
      { _csrf: 'junk', story: 'x' },
      { field: 'attachments', name: 'a.jpg', type: 'image/jpeg' },
    );
    const file = Buffer.alloc(8 * MB);
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    const seen = async (re: RegExp) => {
      for (let i = 0; i < 250 && !re.test(received); i++) await new Promise((r) => setTimeout(r, 20));
      return re.test(received);
    };
    socket.write(
      `POST /en/tell HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${head.length + file.length + tail.length}\r\n\r\n`,
    );
    socket.write(Buffer.concat([head, file.subarray(0, MB)]));
    assert.ok(await seen(/^HTTP\/1\.1 403/), 'answered after the first megabyte');
    socket.write(Buffer.concat([file.subarray(MB), tail]));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.ok(
      await seen(/HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/),
      'the whole body was read: the next request on the connection is answered',
    );
    socket.destroy();
  });

  test('a body declared larger than the form can carry is refused before a byte of it is read', async () => {
    const page = await t.app.inject('/ru/tell');
    const res = await slowUpload(`${origin}/ru/tell`, {
      fields: { _csrf: csrfIn(page.body), pow_challenge: powIn(page.body), story: 'x', consent: 'private' },
      file: { field: 'attachments', name: 'video.mp4', type: 'video/mp4' },
      fileBytes: 200 * MB,
    });
    assert.equal(res.status, 413);
    assert.ok(res.sentAtAnswer < res.total);
    assert.match(res.body, /Уменьшите файлы или отправьте меньше/);
    assert.deepEqual(incoming(), []);
  });

  test('the recipients import refuses a visitor without a session before reading the upload', async () => {
    const res = await slowUpload(`${origin}/en/admin/recipients/import`, {
      fields: { _csrf: 'junk', csv: '' },
      file: { field: 'file', name: 'r.csv', type: 'text/csv' },
      fileBytes: 50 * MB,
    });
    assert.equal(res.status, 403, 'answered while the upload was still arriving');
    assert.ok(res.sentAtAnswer < res.total);
    assert.match(res.body, /reload the page/);
  });

  test("a cut-off upload to the recipients import gets a page in the user's language, not a 500", async () => {
    const body = await multipart({ _csrf: organiser.csrf, csv: '' }, [
      {
        field: 'file',
        name: 'r.csv',
        type: 'text/csv',
        data: new TextEncoder().encode('key,body,name_ru\nx,senate,Y\n'.repeat(200)),
      },
    ]);
    const cut = body.payload.subarray(0, body.payload.length - 300);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/en/admin/recipients/import',
      headers: body.headers,
      payload: cut,
    });
    assert.equal(anonymous.statusCode, 403);
    const signed = await t.app.inject({
      method: 'POST',
      url: '/ru/admin/recipients/import',
      headers: { ...body.headers, cookie: organiser.cookie },
      payload: cut,
    });
    assert.equal(signed.statusCode, 400);
    assert.match(signed.body, /Загрузка оборвалась/);
    assert.deepEqual(incoming(), []);
  });

  test('an attachment over the cap is refused at the cap, in her language, with her words kept, and leaves no temp file', async () => {
    const page = await t.app.inject('/kk/tell');
    const before = stored();
    const res = await slowUpload(`${origin}/kk/tell`, {
      fields: { _csrf: csrfIn(page.body), pow_challenge: powIn(page.body), story: 'менің әңгімем', consent: 'private' },
      file: { field: 'attachments', name: 'big.jpg', type: 'image/jpeg' },
      fileBytes: 50 * MB,
      fast: 11 * MB,
    });
    assert.equal(res.status, 413);
    assert.ok(res.sentAtAnswer < res.total, 'answered at the cap, not after the whole body');
    assert.match(res.body, /Жіберілген деректер тым үлкен/);
    assert.match(res.body, /менің әңгімем/, 'what she wrote is kept');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual(incoming(), []);
    assert.equal(stored(), before);
  });

  test('without JavaScript her files reach the disk only encrypted, are sealed one by one, and no temp file remains', async () => {
    const page = await t.app.inject('/en/tell');
    const before = stored();
    const photo = jpeg(3 * MB);
    const { contentType, head, between, tail } = multipartFrame(
      { _csrf: csrfIn(page.body), pow_challenge: powIn(page.body), story: 'UPLOAD-STORY', consent: 'private' },
      { field: 'attachments', name: 'photo.jpg', type: 'image/jpeg' },
    );
    const second = between({ field: 'attachments', name: 'scan.jpg', type: 'image/jpeg' });
    const post = openPost(`${origin}/en/tell`, {
      'content-type': contentType,
      'content-length': head.length + photo.length + second.length + photo.length + tail.length,
    });
    await post.write(head);
    await post.write(photo);
    await post.write(second);
    await post.write(photo.subarray(0, 2 * MB));
    // Hold the upload half-way: the first file is on disk, the second on its way.
    let temp: string[] = [];
    for (
      let i = 0;
      i < 200 &&
      !(temp.length === 2 && temp.every((f) => statSync(join(t.config.uploadsDir, 'incoming', f)).size >= 2 * MB));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      temp = incoming();
    }
    assert.equal(temp.length, 2, 'each file streams to its own temp file');
    for (const f of temp) {
      const path = join(t.config.uploadsDir, 'incoming', f);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.ok(!readFileSync(path).includes('UPLOAD-GPS-CANARY'), 'nothing readable on disk');
    }
    await post.write(photo.subarray(2 * MB));
    await post.write(tail);
    post.end();
    const res = await post.answer;
    assert.equal(res.status, 200, res.body.slice(0, 300));
    assert.match(res.body, /class="receipt__number"/);
    assert.equal(stored(), before + 2);
    assert.deepEqual(incoming(), []);
  });
});
