// Survivor pages: everything she writes is encrypted here before it is sent (libsodium sealed boxes
// to the organisation key, attachments in secretstream chunks after their metadata is stripped).
// The receipt is made here and never sent: only a value derived from it is. Replies are opened here
// with the keypair derived from the receipt. Pages are swapped in place, so no history is left.
import { solveChallenge, type Challenge } from 'altcha-lib';
import {
  type AttachmentRef,
  encryptFile,
  formatReceipt,
  fromB64,
  isPublicKey,
  LIMITS,
  newReceipt,
  normaliseReceipt,
  openSealed,
  ready,
  receiptKeys,
  type ReceiptKeys,
  receiptSeed,
  seal,
  sniffType,
  type Sodium,
  stripMetadata,
  toB64,
} from '../components/testimony/client.ts';
import { bindQuickExit, csrfOf, errorText, messages, status, swapDocument } from './survivor-dom.ts';

let sodium: Sodium | null = null;
let mine: ReceiptKeys | null = null; // her keys, in this tab's memory only
const solutions = new Map<string, Promise<string>>();
let msg: Record<string, string> = {};

function solve(challengeJson: string): Promise<string> {
  let p = solutions.get(challengeJson);
  if (!p) {
    const s = sodium!;
    // SHA-256 through libsodium: works where WebCrypto does not (plain http on a LAN address).
    const deriveKey = async (params: { cost: number; keyLength?: number }, salt: Uint8Array, password: Uint8Array) => {
      let key: Uint8Array = new Uint8Array(salt.length + password.length);
      key.set(salt, 0);
      key.set(password, salt.length);
      for (let i = 0; i < Math.max(1, params.cost); i++) key = s.crypto_hash_sha256(key);
      return { parameters: {}, derivedKey: key.slice(0, params.keyLength ?? 32) };
    };
    p = solveChallenge({ challenge: JSON.parse(challengeJson) as Challenge, deriveKey: deriveKey as never }).then(
      (r) => {
        if (!r) throw new Error('proof of work timed out');
        return JSON.stringify({ counter: r.counter, derivedKey: r.derivedKey });
      },
    );
    solutions.set(challengeJson, p);
  }
  return p;
}

function startSolving(): void {
  document
    .querySelectorAll<HTMLInputElement>('input[name="pow_challenge"]')
    .forEach((i) => void solve(i.value).catch(() => undefined));
}

async function sealFiles(input: HTMLInputElement | null): Promise<{ refs: AttachmentRef[]; blobs: Blob[] }> {
  const files = Array.from(input?.files ?? []);
  if (files.length > LIMITS.files) throw new Error(msg['testimony.error.too_many_files']);
  const refs: AttachmentRef[] = [];
  const blobs: Blob[] = [];
  for (const [position, f] of files.entries()) {
    if (f.size > LIMITS.fileBytes) throw new Error(msg['testimony.js.file_too_big']);
    const bytes = new Uint8Array(await f.arrayBuffer());
    const type = sniffType(bytes);
    if (!type) throw new Error(msg['testimony.error.file_type']);
    const clean = stripMetadata(bytes, type);
    const enc = encryptFile(clean, sodium!);
    refs.push({ position, name: f.name.slice(0, 200), type, size: clean.length, key: enc.key });
    blobs.push(new Blob([enc.data as BlobPart], { type: 'application/octet-stream' }));
  }
  return { refs, blobs };
}

async function post(url: string, body: FormData | URLSearchParams): Promise<{ ok: boolean; html: string }> {
  const res = await fetch(url, { method: 'POST', body, credentials: 'omit', cache: 'no-store', redirect: 'error' });
  return { ok: res.ok, html: await res.text() };
}

async function submitIntake(form: HTMLFormElement): Promise<void> {
  const s = sodium!;
  const data = new FormData(form);
  const text = (k: string) =>
    String(data.get(k) ?? '')
      .normalize('NFC')
      .trim();
  const story = text('story');
  const consent = text('consent');
  if (!story) throw new Error(msg['testimony.error.story_required']);
  if (!consent) throw new Error(msg['testimony.error.consent_required']);
  const orgKey = form.dataset.orgKey!;
  if (!isPublicKey(orgKey)) throw new Error(msg['testimony.js.failed']);
  status(msg['testimony.js.encrypting']);
  const files = await sealFiles(form.querySelector<HTMLInputElement>('input[name="attachments"]'));
  const receipt = newReceipt(s);
  mine = receiptKeys(receiptSeed(receipt, s), s);
  const num = (k: string) => (text(k) ? Number(text(k)) : null);
  const region = text('region') || null;
  const help = data.getAll('help').map(String);
  const payload = {
    v: 1,
    lang: document.documentElement.lang,
    story,
    when: { month: num('when_month'), year: num('when_year'), note: text('when_note') },
    region,
    city: text('city'),
    relationship: text('relationship') || 'unsaid',
    police: text('police') || 'unsaid',
    since: text('since'),
    help,
    consent,
    referral: data.get('referral') === '1',
    contact: text('contact'),
    files: files.refs,
  };
  status(msg['testimony.js.solving']);
  const challenge = text('pow_challenge');
  const out = new FormData();
  out.set('_csrf', csrfOf(form));
  out.set('mode', 'browser');
  if (data.get('component')) out.set('component', String(data.get('component')));
  out.set('key_id', form.dataset.keyId!);
  out.set('lookup', mine.lookup);
  out.set('survivor_pk', toB64(mine.publicKey));
  out.set('envelope', seal(JSON.stringify(payload), fromB64(orgKey), s));
  out.set('consent', consent);
  out.set('referral', payload.referral ? '1' : '0');
  out.set('pow_challenge', challenge);
  out.set('pow_solution', await solve(challenge));
  for (const b of files.blobs) out.append('file', b, 'attachment.bin');
  status(msg['testimony.js.sending']);
  const res = await post(form.action, out);
  if (!res.ok) throw new Error(errorText(res.html) || msg['testimony.js.failed']);
  form.reset();
  swapDocument(res.html);
  const slot = document.querySelector('[data-receipt]');
  if (slot) slot.textContent = formatReceipt(receipt);
  filterHelp(region, help);
}

function filterHelp(region: string | null, needs: string[]): void {
  const hint = document.querySelector<HTMLElement>('[data-help-hint]');
  if (hint?.dataset.matching) hint.textContent = hint.dataset.matching;
  document.querySelectorAll<HTMLElement>('.help-match').forEach((card) => {
    const r = card.dataset.region ?? '';
    const n = (card.dataset.needs ?? '').split(' ');
    const show = (!r || !region || r === region) && (!needs.length || needs.some((x) => n.includes(x)));
    card.hidden = !show;
  });
}

/** Opens every sealed text on a follow-up page with her keys. */
function openThread(): void {
  if (!mine || !sodium) return;
  document.querySelectorAll<HTMLElement>('[data-sealed]').forEach((el) => {
    const sealed = el.dataset.sealed;
    if (!sealed) return;
    try {
      const p = JSON.parse(openSealed(sealed, mine!.publicKey, mine!.privateKey, sodium!)) as {
        text?: string;
        warnings?: string[];
      };
      el.textContent = p.text ?? '';
      if (p.warnings?.length) {
        const w = document.createElement('p');
        w.className = 'hint';
        w.textContent = p.warnings.map((x) => msg[`testimony.warning.${x}`] ?? x).join(', ');
        el.after(w);
      }
    } catch {
      el.textContent = msg['testimony.js.decrypt_failed'];
    }
  });
  setMode(true);
}

async function login(form: HTMLFormElement): Promise<void> {
  const s = sodium!;
  const receipt = normaliseReceipt(form.querySelector<HTMLInputElement>('input[name="receipt"]')?.value ?? '');
  if (!receipt) throw new Error(msg['testimony.error.receipt_format']);
  status(msg['testimony.js.deriving']);
  const challenge = form.querySelector<HTMLInputElement>('input[name="pow_challenge"]')!.value;
  const [keys, solution] = await Promise.all([
    Promise.resolve().then(() => receiptKeys(receiptSeed(receipt, s), s)),
    solve(challenge),
  ]);
  const body = new URLSearchParams({
    _csrf: csrfOf(form),
    pow_challenge: challenge,
    pow_solution: solution,
    lookup: keys.lookup,
  });
  const res = await post(form.action, body);
  (form.querySelector('input[name="receipt"]') as HTMLInputElement).value = '';
  mine = res.ok ? keys : null;
  swapDocument(res.html);
  afterSwap();
}

async function sendMessage(form: HTMLFormElement): Promise<void> {
  const s = sodium!;
  if (!mine) throw new Error(msg['testimony.js.failed']);
  const text = (form.querySelector<HTMLTextAreaElement>('textarea[name="text"]')?.value ?? '').normalize('NFC').trim();
  const input = form.querySelector<HTMLInputElement>('input[name="attachments"]');
  if (!text && !input?.files?.length) throw new Error(msg['testimony.error.message_empty']);
  status(msg['testimony.js.encrypting']);
  const files = await sealFiles(input);
  const out = new FormData();
  out.set('_csrf', csrfOf(form));
  out.set('lookup', mine.lookup);
  out.set('for_org', seal(JSON.stringify({ v: 1, text, files: files.refs }), fromB64(form.dataset.orgKey!), s));
  out.set(
    'for_survivor',
    seal(JSON.stringify({ v: 1, text, files: files.refs.map((f) => ({ ...f, key: '' })) }), mine.publicKey, s),
  );
  for (const b of files.blobs) out.append('file', b, 'attachment.bin');
  status(msg['testimony.js.sending']);
  const res = await post(form.action, out);
  if (!res.ok && !res.html.includes('data-followup-message'))
    throw new Error(errorText(res.html) || msg['testimony.js.failed']);
  swapDocument(res.html);
  afterSwap();
}

async function decide(form: HTMLFormElement, decision: string): Promise<void> {
  if (!mine) throw new Error(msg['testimony.js.failed']);
  const body = new URLSearchParams({
    _csrf: csrfOf(form),
    lookup: mine.lookup,
    item: form.querySelector<HTMLInputElement>('input[name="item"]')?.value ?? '',
    decision,
  });
  if (decision === 'approve') {
    const draft = JSON.parse(openSealed(form.dataset.sealedDraft!, mine.publicKey, mine.privateKey, sodium!)) as {
      text: string;
      warnings: string[];
    };
    body.set('text', draft.text);
    body.set('warnings', JSON.stringify(draft.warnings ?? []));
  }
  const res = await post(form.action, body);
  swapDocument(res.html);
  afterSwap();
}

async function plain(form: HTMLFormElement): Promise<void> {
  const body = new URLSearchParams();
  new FormData(form).forEach((v, k) => body.append(k, String(v)));
  const res = await post(form.action, body);
  if (res.ok) mine = null;
  swapDocument(res.html);
  afterSwap();
}

function setMode(on: boolean): void {
  document.querySelectorAll<HTMLElement>('[data-e2e-off]').forEach((e) => (e.hidden = on));
  document.querySelectorAll<HTMLElement>('[data-e2e-on]').forEach((e) => (e.hidden = !on));
}

function afterSwap(): void {
  msg = { ...msg, ...messages() };
  // A follow-up page reached in browser mode carries the lookup value, never the receipt.
  if (document.querySelector('input[name="receipt"][type="hidden"]')) return;
  openThread();
  startSolving();
}

/** A failed attempt may have spent the proof of work: fetch a fresh challenge for the next one. */
async function freshChallenge(form: HTMLFormElement): Promise<void> {
  const input = form.querySelector<HTMLInputElement>('input[name="pow_challenge"]');
  if (!input || !form.isConnected) return;
  const html = await (await fetch(location.pathname, { credentials: 'omit', cache: 'no-store' })).text();
  const next = new DOMParser()
    .parseFromString(html, 'text/html')
    .querySelector<HTMLInputElement>('input[name="pow_challenge"]');
  if (next) {
    input.value = next.value;
    void solve(next.value).catch(() => undefined);
  }
}

function guard(form: HTMLFormElement, run: () => Promise<void>): void {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (form.dataset.busy) return;
  form.dataset.busy = '1';
  if (button) button.disabled = true;
  run()
    .catch((err: Error) => {
      status(err?.message || msg['testimony.js.failed']);
      void freshChallenge(form).catch(() => undefined);
    })
    .finally(() => {
      delete form.dataset.busy;
      if (button) button.disabled = false;
    });
}

async function init(): Promise<void> {
  msg = messages();
  bindQuickExit();
  try {
    sodium = await ready();
  } catch {
    return; // no WebAssembly: the forms keep working in the server mode the page describes
  }
  setMode(true);
  startSolving();
  document.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    let run: (() => Promise<void>) | null = null;
    if (form.matches('[data-tell]')) run = () => submitIntake(form);
    else if (form.matches('[data-followup-login]')) run = () => login(form);
    else if (form.matches('[data-followup-message]') && mine) run = () => sendMessage(form);
    else if (form.matches('[data-draft]') && mine) run = () => decide(form, submitter?.value ?? 'reject');
    else if (form.matches('[data-followup-plain]') && mine) run = () => plain(form);
    if (!run) return;
    e.preventDefault();
    guard(form, run);
  });
  // Quick exit also forgets her keys.
  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element).closest?.('a[data-quick-exit]')) mine = null;
    },
    true,
  );
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void init());
else void init();
