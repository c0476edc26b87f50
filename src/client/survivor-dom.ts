// DOM helpers shared by the browser scripts for testimonies.

/** Page strings rendered by the server in the reader's language (script#msgs). */
export function messages(): Record<string, string> {
  const el = document.getElementById('msgs');
  try {
    return el ? (JSON.parse(el.textContent ?? '{}') as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function status(text: string, selector = '[data-tell-status]'): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.textContent = text;
}

/** Replaces the page with a server answer without a navigation, so no history entry is added. */
export function swapDocument(html: string): void {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.title = doc.title;
  document.body.replaceWith(document.importNode(doc.body, true));
  window.scrollTo(0, 0);
  bindQuickExit();
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
}

/** The message of a server error page (or its error summary), to show without leaving the form. */
export function errorText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const summary = doc.querySelector('.error-summary');
  if (summary) return (summary.textContent ?? '').replace(/\s+/g, ' ').trim();
  // An error page is: the status code, the heading, the message, a link home.
  return (doc.querySelectorAll('.error-page p')[1]?.textContent ?? '').trim();
}

export function bindQuickExit(): void {
  const link = document.querySelector<HTMLAnchorElement>('a[data-quick-exit]');
  if (!link || link.dataset.bound) return;
  link.dataset.bound = '1';
  link.addEventListener('click', (e) => {
    e.preventDefault();
    document.body.innerHTML = '';
    window.location.replace(link.href);
  });
}

export const csrfOf = (form: HTMLFormElement): string =>
  form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
