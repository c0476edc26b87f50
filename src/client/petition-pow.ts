// Proof of work for forms marked data-pow="<challenge url>": fetch a challenge from our own server,
// find the number whose SHA-256 matches (ALTCHA's format), and put the solution in the hidden
// "pow" field. Sending before it is found waits for it (at most 20 s). Without this script the
// form still works; the server then applies stricter limits.

async function sha256Hex(text: string): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

async function solve(ch: Challenge): Promise<string | null> {
  for (let n = 0; n <= ch.maxnumber; n++) {
    if ((await sha256Hex(ch.salt + n)) === ch.challenge) {
      return btoa(
        JSON.stringify({
          algorithm: ch.algorithm,
          challenge: ch.challenge,
          number: n,
          salt: ch.salt,
          signature: ch.signature,
        }),
      );
    }
  }
  return null;
}

export function setUpProofOfWork(): void {
  if (!window.crypto?.subtle) return;
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form[data-pow]'))) {
    const field = form.querySelector<HTMLInputElement>('input[name="pow"]');
    if (!field) continue;
    let work: Promise<void> | null = null;
    const start = () =>
      (work ??= fetch(form.dataset.pow!, { credentials: 'omit', cache: 'no-store' })
        .then((r) => (r.ok ? (r.json() as Promise<Challenge>) : null))
        .then((ch) => (ch ? solve(ch) : null))
        .then((solution) => {
          if (solution) field.value = solution;
        })
        .catch(() => undefined));
    form.addEventListener('focusin', start, { once: true });
    let sending = false;
    form.addEventListener('submit', (e) => {
      if (field.value || sending) return;
      e.preventDefault();
      sending = true;
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (button) button.disabled = true;
      const timeout = new Promise<void>((r) => setTimeout(r, 20_000));
      void Promise.race([start(), timeout]).then(() => form.submit());
    });
  }
}
