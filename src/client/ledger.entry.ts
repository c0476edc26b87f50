// The ledger's pages, checked in the reader's own browser (the pages say everything without this):
// - an entry's page: the checkpoint's signature and the entry's inclusion proof, with WebCrypto;
// - the receipt page: a donor's code is opened here, only its commitment (already public in the log)
//   is sent to the server, and the donation's entry is then proved like any other.
import { checkEntry, receiptCommitment, type ProofInput, type ProofResult } from '../ledger/client.ts';

const say = (el: Element, text: string, state: string) => {
  el.textContent = text;
  el.setAttribute('data-state', state);
};

async function proofFor(url: string): Promise<ProofInput | null> {
  const res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  if (!res.ok) return null;
  return (await res.json()) as ProofInput;
}

const verdict = (box: HTMLElement, r: ProofResult): [string, string] => {
  const d = box.dataset;
  if (!r.included) return [d.msgNotIncluded!, 'bad'];
  if (r.signature === 'invalid') return [d.msgBadSignature!, 'bad'];
  if (r.signature === 'unsupported') return [d.msgUnsupported!.replace('{size}', String(r.size)), 'partial'];
  return [d.msgOk!.replace('{size}', String(r.size)), 'ok'];
};

async function checkEntryPage(box: HTMLElement): Promise<void> {
  const status = box.querySelector('[role="status"]')!;
  say(status, box.dataset.msgChecking!, 'busy');
  try {
    const p = await proofFor(box.dataset.proofUrl!);
    if (!p || !p.checkpoint)
      return say(status, box.dataset.msgNotYet!.replace('{index}', box.dataset.index!), 'partial');
    const [text, state] = verdict(box, await checkEntry(p));
    say(status, text, state);
  } catch {
    say(status, box.dataset.msgFailed!, 'bad');
  }
}

async function checkReceipt(form: HTMLFormElement, code: string): Promise<void> {
  const out = document.getElementById('receipt-result')!;
  const d = form.dataset;
  out.hidden = false;
  const status = out.querySelector('[role="status"]')!;
  const link = out.querySelector('a')!;
  link.hidden = true;
  const commitment = await receiptCommitment(code);
  if (!commitment) return say(status, d.msgBadCode!, 'bad');
  say(status, d.msgChecking!, 'busy');
  try {
    const res = await fetch(d.commitmentUrl! + commitment, { credentials: 'omit', cache: 'no-store' });
    if (res.status === 404) return say(status, d.msgNotFound!, 'bad');
    const { index } = (await res.json()) as { index: number };
    link.href = `${d.entryUrl}${index}`;
    link.textContent = d.msgEntry!.replace('{index}', String(index));
    link.hidden = false;
    const p = await proofFor(`${d.proofUrl}${index}`);
    if (!p || !p.checkpoint) return say(status, d.msgNotYet!.replace('{index}', String(index)), 'partial');
    const r = await checkEntry(p);
    const [text, state] = verdict(form, r);
    say(status, `${d.msgFound!.replace('{index}', String(index))} ${text}`, state);
  } catch {
    say(status, d.msgFailed!, 'bad');
  }
}

function setUp(): void {
  const box = document.querySelector<HTMLElement>('[data-ledger-proof]');
  if (box) void checkEntryPage(box);
  const form = document.querySelector<HTMLFormElement>('form[data-ledger-receipt]');
  if (!form) return;
  const field = form.querySelector<HTMLTextAreaElement>('textarea')!;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkReceipt(form, field.value);
  });
  // A receipt link carries the code after '#', which browsers never send: open it here, then drop it
  // from the address bar so it does not linger in history.
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('D1.')) {
    field.value = hash;
    history.replaceState(null, '', location.pathname + location.search);
    void checkReceipt(form, hash);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
else setUp();
