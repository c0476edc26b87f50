// Staff pages: personal and organisation keys are made here; a case is decrypted here after the
// caseworker unlocks her own key with its passphrase. Replies, notes and drafts are sealed here.
// The server only ever receives public keys, passphrase-wrapped keys and ciphertext.
import {
  decryptFile,
  digest,
  type FindingKind,
  findSensitive,
  fromB64,
  openSealed,
  ready,
  redactAll,
  seal,
  type Sodium,
  toB64,
  unwrapSecret,
  type WrappedSecret,
  wrapSecret,
} from '../components/testimony/client.ts';
import { errorText, messages } from './survivor-dom.ts';

interface OrgKeyInfo {
  id: string;
  publicKey: string;
  previousKeyId: string | null;
  previousSealed: string | null;
  status: string;
  grant: string | null;
}
interface Ring {
  own: { publicKey: string; wrapped: WrappedSecret } | null;
  orgKeys: OrgKeyInfo[];
}

const STORE = 'dauys.casework.key';
let s: Sodium;
let msg: Record<string, string> = {};
let ring: Ring | null = null;
const secrets = new Map<string, Uint8Array>(); // organisation key id → private key, in memory only
let ownSecret: Uint8Array | null = null;

const json = <T>(id: string): T | null => {
  const el = document.getElementById(id);
  try {
    return el ? (JSON.parse(el.textContent ?? 'null') as T) : null;
  } catch {
    return null;
  }
};
const say = (text: string, sel = '[data-unlock-status], [data-keys-status]') =>
  document.querySelectorAll(sel).forEach((e) => (e.textContent = text));

/** Opens the grants with her own key, then walks back the rotation chain to every older key. */
function openRing(own: Uint8Array): boolean {
  if (!ring?.own) return false;
  const pk = fromB64(ring.own.publicKey);
  secrets.clear();
  for (const k of ring.orgKeys) {
    if (!k.grant) continue;
    try {
      secrets.set(k.id, s.crypto_box_seal_open(fromB64(k.grant), pk, own));
    } catch {
      /* a grant for an older personal key */
    }
  }
  for (const k of ring.orgKeys) {
    const sk = secrets.get(k.id);
    if (sk && k.previousKeyId && k.previousSealed && !secrets.has(k.previousKeyId)) {
      try {
        secrets.set(k.previousKeyId, s.crypto_box_seal_open(fromB64(k.previousSealed), fromB64(k.publicKey), sk));
      } catch {
        /* broken link: older testimonies stay closed */
      }
    }
  }
  ownSecret = own;
  return true;
}

function unlockWith(pass: string): boolean {
  if (!ring?.own) return false;
  const own = unwrapSecret(ring.own.wrapped, pass, s);
  if (!own) return false;
  sessionStorage.setItem(STORE, toB64(own));
  return openRing(own);
}

function openAny(sealed: string, hint: string | null): string {
  const order = [...(hint ? [hint] : []), ...ring!.orgKeys.map((k) => k.id)];
  for (const id of order) {
    const sk = secrets.get(id);
    const k = ring!.orgKeys.find((x) => x.id === id);
    if (!sk || !k) continue;
    try {
      return openSealed(sealed, fromB64(k.publicKey), sk, s);
    } catch {
      /* try the next key */
    }
  }
  throw new Error(msg['testimony.js.decrypt_failed']);
}

async function send(url: string, fields: Record<string, string>, csrf: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
    credentials: 'same-origin',
  });
  if (!res.ok) {
    throw new Error(errorText(await res.text()) || `HTTP ${res.status}`);
  }
}

// The case page ---------------------------------------------------------------------------------

function el(tag: string, text?: string, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

interface FileRef {
  position: number;
  name: string;
  type: string;
  size: number;
  key: string;
}

function fileButtons(refs: FileRef[], ids: Array<{ id: string; position: number }>, base: string): HTMLElement {
  const list = el('ul', undefined, 'files');
  for (const f of refs) {
    const id = ids.find((x) => x.position === f.position)?.id;
    if (!id || !f.key) continue;
    const li = el('li');
    const b = el(
      'button',
      `${msg['testimony.js.download']}: ${f.name} (${Math.ceil(f.size / 1024)} KB)`,
      'button button--small button--secondary',
    ) as HTMLButtonElement;
    b.type = 'button';
    b.addEventListener('click', async () => {
      const res = await fetch(base + id, { credentials: 'same-origin' });
      const plain = decryptFile(new Uint8Array(await res.arrayBuffer()), f.key, s);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([plain as BlobPart], { type: f.type }));
      a.download = f.name || 'attachment';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
    });
    li.append(b);
    list.append(li);
  }
  return list;
}

async function showCase(box: HTMLElement): Promise<void> {
  const res = await fetch(box.dataset.contentUrl!, { credentials: 'same-origin', cache: 'no-store' });
  const content = (await res.json()) as {
    envelope: string;
    orgKeyId: string;
    items: Array<{
      id: string;
      kind: string;
      orgKeyId: string;
      forOrg: string;
      files: Array<{ id: string; position: number }>;
    }>;
  };
  const regions = json<Record<string, string>>('regions') ?? {};
  const p = JSON.parse(openAny(content.envelope, content.orgKeyId)) as Record<string, any>;
  const target = box.querySelector<HTMLElement>('[data-testimony]')!;
  target.textContent = '';
  const dl = el('dl', undefined, 'decrypted__fields');
  const row = (label: string, value: string) => {
    if (!value) return;
    const d = el('div');
    d.append(el('dt', label), el('dd', value));
    dl.append(d);
  };
  const when =
    [p.when?.month ? String(p.when.month).padStart(2, '0') : '', p.when?.year ?? ''].filter(Boolean).join('.') +
    (p.when?.note ? ` (${p.when.note})` : '');
  target.append(el('div', p.story, 'decrypted__story'));
  row(msg['testimony.field.when'], when);
  row(msg['testimony.form.region'], p.region ? (regions[p.region] ?? p.region) : '');
  row(msg['testimony.form.city'], p.city);
  row(msg['testimony.form.relationship'], msg[`testimony.relationship.${p.relationship}`] ?? '');
  row(msg['testimony.form.police'], msg[`testimony.police.${p.police}`] ?? '');
  row(msg['testimony.form.since'], p.since);
  row(msg['testimony.field.help'], (p.help ?? []).map((n: string) => msg[`help.need.${n}`] ?? n).join(', '));
  row(msg['testimony.field.contact'], p.contact);
  target.append(dl);
  const rootFiles = (
    JSON.parse(box.dataset.files ?? '[]') as Array<{ id: string; position: number; itemId: string | null }>
  ).filter((f) => !f.itemId);
  if (p.files?.length)
    target.append(el('h3', msg['testimony.field.files']), fileButtons(p.files, rootFiles, box.dataset.filesUrl!));

  for (const item of content.items) {
    const li = box.querySelector<HTMLElement>(`[data-item="${item.id}"] [data-item-text]`);
    if (!li) continue;
    try {
      const m = JSON.parse(openAny(item.forOrg, item.orgKeyId)) as {
        text?: string;
        files?: FileRef[];
        warnings?: string[];
      };
      li.textContent = m.text ?? '';
      if (m.warnings?.length)
        li.append(el('p', m.warnings.map((w) => msg[`testimony.warning.${w}`] ?? w).join(', '), 'hint'));
      if (m.files?.length) li.after(fileButtons(m.files, item.files, box.dataset.filesUrl!));
    } catch {
      li.textContent = msg['testimony.js.decrypt_failed'];
    }
  }

  // Statistics, only where she consented and not yet counted.
  const offer = box.querySelector<HTMLElement>('[data-stats-offer]');
  if (offer && box.dataset.statsDone === '0' && box.dataset.consent !== 'private') {
    offer.hidden = false;
    offer.querySelector('[data-stats-send]')!.addEventListener('click', async () => {
      const created = box.dataset.created!;
      const cy = Number(created.slice(0, 4));
      const cm = Number(created.slice(5, 7));
      const delay = p.when?.year ? Math.max(0, (cy - p.when.year) * 12 + (cm - (p.when.month ?? 6))) : null;
      await send(
        box.dataset.contentUrl!.replace(/\/content$/, '/stats'),
        {
          incident_year: p.when?.year ? String(p.when.year) : '',
          region: p.region ?? '',
          relationship: p.relationship ?? '',
          police: p.police === 'yes' ? '1' : p.police === 'no' || p.police === 'refused' ? '0' : '',
          delay_months: delay === null ? '' : String(delay),
        },
        box.dataset.csrf!,
      );
      offer.hidden = true;
      say(msg['testimony.js.saved']);
    });
  }
}

function setUpCompose(box: HTMLElement): void {
  const orgPk = fromB64(box.dataset.orgKey!);
  const survivorPk = fromB64(box.dataset.survivorKey!);
  box.querySelectorAll<HTMLFormElement>('form[data-compose]').forEach((form) => {
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const area = form.querySelector<HTMLTextAreaElement>('[data-compose-text]')!;
      const text = area.value.normalize('NFC').trim();
      if (!text) return;
      const kind = form.dataset.compose!;
      const warnings = Array.from(form.querySelectorAll<HTMLInputElement>('[data-warning]:checked')).map(
        (i) => i.value,
      );
      const payload = JSON.stringify(kind === 'draft' ? { v: 1, text, warnings } : { v: 1, text, files: [] });
      const fields: Record<string, string> = { for_org: seal(payload, orgPk, s) };
      if (kind !== 'note') fields.for_survivor = seal(payload, survivorPk, s);
      if (kind === 'draft') fields.digest = digest(JSON.stringify({ text, warnings }), s);
      try {
        await send(form.action, fields, box.dataset.csrf!);
        area.value = '';
        location.reload();
      } catch (err) {
        say((err as Error).message);
      }
    });
  });

  const draft = box.querySelector<HTMLTextAreaElement>('[data-redact]');
  const panel = box.querySelector<HTMLElement>('[data-redaction]');
  if (draft && panel) {
    const placeholders = Object.fromEntries(
      (['name', 'phone', 'iin', 'email', 'address'] as FindingKind[]).map((k) => [
        k,
        msg[`testimony.js.placeholder.${k}`],
      ]),
    ) as Record<FindingKind, string>;
    const show = () => {
      const text = draft.value;
      const found = findSensitive(text);
      panel.textContent = '';
      panel.append(el('p', `${msg['testimony.js.found']} ${found.length}`, 'hint'));
      const pre = el('div', undefined, 'redaction__preview');
      let at = 0;
      for (const f of found) {
        pre.append(document.createTextNode(text.slice(at, f.start)));
        const m = el('mark', f.text, `redact redact--${f.kind}`);
        m.title = placeholders[f.kind];
        pre.append(m);
        at = f.end;
      }
      pre.append(document.createTextNode(text.slice(at)));
      panel.append(pre);
    };
    draft.addEventListener('input', show);
    box.querySelector('[data-redact-all]')?.addEventListener('click', () => {
      draft.value = redactAll(draft.value, placeholders);
      show();
    });
  }
}

// The keys page ---------------------------------------------------------------------------------

async function keysAction(box: HTMLElement, action: string, trigger: HTMLElement): Promise<void> {
  const base = box.dataset.base!;
  const csrf = box.dataset.csrf!;
  if (action === 'personal') {
    const pass = box.querySelector<HTMLInputElement>('[data-new-pass]')!.value;
    if (pass.length < 12) throw new Error(msg['testimony.js.pass_short']);
    if (pass !== box.querySelector<HTMLInputElement>('[data-new-pass2]')!.value)
      throw new Error(msg['testimony.js.pass_mismatch']);
    const kp = s.crypto_box_keypair();
    await send(
      `${base}/personal`,
      { public_key: toB64(kp.publicKey), wrapped: JSON.stringify(wrapSecret(kp.privateKey, pass, s)) },
      csrf,
    );
    sessionStorage.setItem(STORE, toB64(kp.privateKey));
    return location.reload();
  }
  if (!ownSecret) {
    const pass = box.querySelector<HTMLInputElement>('[data-pass]')?.value ?? '';
    if (!unlockWith(pass)) throw new Error(msg['testimony.js.wrong_pass']);
  }
  const ownPk = fromB64(ring!.own!.publicKey);
  const active = ring!.orgKeys.find((k) => k.status === 'active');
  if (action === 'create-org') {
    const kp = s.crypto_box_keypair();
    await send(`${base}/org`, { public_key: toB64(kp.publicKey), self_grant: seal(kp.privateKey, ownPk, s) }, csrf);
    return location.reload();
  }
  const current = active && secrets.get(active.id);
  if (!active || !current) throw new Error(msg['testimony.js.no_grant']);
  if (action === 'grant') {
    await send(
      `${base}/grant`,
      { user: trigger.dataset.user!, sealed: seal(current, fromB64(trigger.dataset.userKey!), s) },
      csrf,
    );
    return location.reload();
  }
  if (action === 'rotate') {
    const kp = s.crypto_box_keypair();
    const holders = (json<Array<{ userId: string; publicKey: string; granted: boolean }>>('holders') ?? []).filter(
      (h) => h.granted,
    );
    const grants = holders.map((h) => ({ userId: h.userId, sealed: seal(kp.privateKey, fromB64(h.publicKey), s) }));
    await send(
      `${base}/rotate`,
      {
        public_key: toB64(kp.publicKey),
        previous_sealed: seal(current, kp.publicKey, s),
        grants: JSON.stringify(grants),
      },
      csrf,
    );
    return location.reload();
  }
}

async function init(): Promise<void> {
  msg = messages();
  ring = json<Ring>('keyring');
  s = await ready();
  const stored = sessionStorage.getItem(STORE);
  if (stored && ring?.own) {
    try {
      openRing(fromB64(stored));
    } catch {
      sessionStorage.removeItem(STORE);
    }
  }

  const box = document.querySelector<HTMLElement>('[data-case]');
  const unlock = document.querySelector<HTMLElement>('[data-unlock]');
  const opened = async () => {
    if (!box) return;
    if (!secrets.size) return say(msg['testimony.js.no_grant']);
    unlock?.querySelector<HTMLElement>('[data-unlock-form]')?.setAttribute('hidden', '');
    unlock?.querySelector<HTMLElement>('[data-unlocked]')?.removeAttribute('hidden');
    try {
      await showCase(box);
      say('');
    } catch (err) {
      say((err as Error).message);
    }
  };
  unlock?.querySelector<HTMLFormElement>('[data-unlock-form]')?.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = unlock.querySelector<HTMLInputElement>('input[type="password"]')!;
    if (!unlockWith(input.value)) return say(msg['testimony.js.wrong_pass']);
    input.value = '';
    void opened();
  });
  unlock?.querySelector('[data-lock]')?.addEventListener('click', () => {
    sessionStorage.removeItem(STORE);
    secrets.clear();
    location.reload();
  });
  if (box) setUpCompose(box);
  if (ownSecret) void opened();

  const keys = document.querySelector<HTMLElement>('[data-keys]');
  if (keys) {
    // Her key is already open in this tab: no passphrase to type, and a way to close it.
    if (ownSecret) {
      keys.querySelector<HTMLElement>('[data-pass-field]')?.setAttribute('hidden', '');
      keys.querySelector<HTMLElement>('[data-pass-open]')?.removeAttribute('hidden');
    }
    keys.querySelector('[data-keys-lock]')?.addEventListener('click', () => {
      sessionStorage.removeItem(STORE);
      location.reload();
    });
    keys.addEventListener('click', (e) => {
      const t = (e.target as HTMLElement).closest<HTMLElement>('button[data-key-action]');
      if (!t) return;
      e.preventDefault();
      keysAction(keys, t.dataset.keyAction!, t).catch((err: Error) => say(err.message));
    });
    keys.querySelector<HTMLFormElement>('form[data-key-action="personal"]')?.addEventListener('submit', (e) => {
      e.preventDefault();
      keysAction(keys, 'personal', e.target as HTMLElement).catch((err: Error) => say(err.message));
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void init());
else void init();
