// Email addresses as one person: case, dots and +tags for providers that ignore them, and the
// domains that are aliases of one mailbox. One signature per normalised address per petition.
import MailChecker from 'mailchecker';

// Domains that deliver to the same mailbox, mapped to one canonical domain.
const ALIASES: Record<string, string> = {
  'googlemail.com': 'gmail.com',
  'ya.ru': 'yandex.ru',
  'yandex.com': 'yandex.ru',
  'yandex.kz': 'yandex.ru',
  'yandex.by': 'yandex.ru',
  'yandex.ua': 'yandex.ru',
  'yandex.com.tr': 'yandex.ru',
  'narod.ru': 'yandex.ru',
  'hotmail.com': 'outlook.com',
  'live.com': 'outlook.com',
  'msn.com': 'outlook.com',
  'me.com': 'icloud.com',
  'mac.com': 'icloud.com',
  'protonmail.com': 'proton.me',
  'protonmail.ch': 'proton.me',
  'pm.me': 'proton.me',
};

// Providers whose mailboxes ignore "+tag" suffixes, and those that also ignore dots (and, for
// Yandex, treat "-" like ".").
const PLUS_TAGS = new Set([
  'gmail.com',
  'yandex.ru',
  'outlook.com',
  'icloud.com',
  'proton.me',
  'fastmail.com',
  'mail.ru',
]);
const IGNORE_DOTS = new Set(['gmail.com', 'yandex.ru', 'proton.me']);

// Same pattern the staff accounts use, plus the RFC length limits.
const EMAIL_RE =
  /^[^\s@<>()[\],;:"\\\u0000-\u001f\u007f]{1,64}@(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface NormalisedEmail {
  /** The address as it should be written to (trimmed, domain lower-cased). */
  address: string;
  /** The identity used for "one signature per person". */
  normalised: string;
  /** The canonical domain (after aliases). */
  domain: string;
}

export function normaliseEmail(raw: string): NormalisedEmail | null {
  const trimmed = raw.trim().normalize('NFC');
  if (trimmed.length > 254 || !EMAIL_RE.test(trimmed)) return null;
  const at = trimmed.lastIndexOf('@');
  const rawDomain = trimmed
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  let local = trimmed.slice(0, at).toLowerCase();
  const domain = ALIASES[rawDomain] ?? rawDomain;
  if (PLUS_TAGS.has(domain)) local = local.replace(/\+.*$/, '');
  if (IGNORE_DOTS.has(domain)) local = local.replace(domain === 'yandex.ru' ? /[.-]/g : /\./g, '');
  if (!local) return null;
  return { address: `${trimmed.slice(0, at)}@${rawDomain}`, normalised: `${local}@${domain}`, domain };
}

let disposable: Set<string> | null = null;

/** True for throwaway-mail domains (and their subdomains), from the maintained mailchecker list. */
export function isDisposableDomain(domain: string): boolean {
  disposable ??= MailChecker.blacklist();
  const parts = domain.toLowerCase().split('.');
  for (let i = 0; i < parts.length - 1; i++) if (disposable.has(parts.slice(i).join('.'))) return true;
  return false;
}

/** Large providers: a burst from one of them is ordinary, from a small domain it is a signal. */
export const COMMON_DOMAINS = new Set([
  'gmail.com',
  'mail.ru',
  'yandex.ru',
  'outlook.com',
  'icloud.com',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
  'yahoo.com',
  'proton.me',
]);
