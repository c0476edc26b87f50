// An audit entry as its reader needs it: one sentence in her language ("Aigerim Sarsenova signed in
// with a recovery code"), the details it leaves out as labelled values, and the raw entry kept as is.
// Sentences are `audit.action.<code>` messages in the catalogs of the module that records the code;
// a code without one (added later, or recorded by a newer version) still shows, with its details.
import { messageArguments, type ArgumentKind } from '../../i18n/arguments.ts';
import { formatNumber } from '../../i18n/format.ts';
import { contentLocale, type UiLocale } from '../../i18n/locales.ts';
import type { I18n, MessageValues } from '../../i18n/translator.ts';
import type { AuditEntry } from './audit.service.ts';

export interface AuditLine {
  entry: AuditEntry;
  sentence: string;
  /** Set when the action has no sentence yet: the code is shown after the generic one. */
  unknownCode: string | null;
  details: Array<{ label: string; value: string }>;
}

export interface AuditReader {
  i18n: I18n;
  locale: UiLocale;
  /** Staff names by user id: actors, subjects and ids in the details read as names. */
  people: ReadonlyMap<string, string>;
}

const humanise = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

export function describeAudit(entry: AuditEntry, { i18n, locale, people }: AuditReader): AuditLine {
  const t = i18n.translator(locale);
  const label = (key: string) => (i18n.has(`audit.detail.${key}`) ? t(`audit.detail.${key}`) : humanise(key));
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return t(v ? 'audit.value.yes' : 'audit.value.no');
    if (typeof v === 'number') return formatNumber(v, locale);
    if (typeof v === 'string') return people.get(v) ?? v;
    if (Array.isArray(v)) return v.map(show).join(', ') || '—';
    if (typeof v === 'object')
      return (
        Object.entries(v)
          .map(([k, x]) => `${label(k)}: ${show(x)}`)
          .join('; ') || '—'
      );
    return String(v);
  };

  const system = entry.actorLabel.replace(/^system:/, '');
  const actor = entry.actorId
    ? (people.get(entry.actorId) ?? entry.actorLabel)
    : i18n.has(`audit.actor.${system}`)
      ? t(`audit.actor.${system}`)
      : t('audit.actor.system', { name: system });
  // {user} in a sentence is the staff member the entry is about (the account disabled, the key granted).
  const user = entry.subjectType === 'user' && entry.subjectId ? (people.get(entry.subjectId) ?? entry.subjectId) : '';
  const details = entry.details ?? {};
  const listed = (used: ReadonlySet<string>) => {
    const out = Object.entries(details)
      .filter(([k, v]) => !used.has(k) && v !== undefined)
      .map(([k, v]) => ({ label: label(k), value: show(v) }));
    // Any subject other than a person is named by its type and id (a person is named in the sentence).
    if (entry.subjectType && entry.subjectType !== 'user') {
      const type = i18n.has(`audit.type.${entry.subjectType}`)
        ? t(`audit.type.${entry.subjectType}`)
        : humanise(entry.subjectType);
      out.unshift({ label: t('audit.subject'), value: `${type} ${entry.subjectId ?? ''}`.trim() });
    }
    return out;
  };
  const unknown = (): AuditLine => ({
    entry,
    sentence: t('audit.action.unknown', { actor }),
    unknownCode: entry.action,
    details: listed(new Set()),
  });

  const key = `audit.action.${entry.action}`;
  if (!i18n.has(key)) return unknown();
  const wanted = messageArguments(i18n.catalogs[contentLocale(locale)][key] ?? i18n.catalogs.en[key]);
  const values: MessageValues = {};
  for (const [name, kind] of wanted) {
    const v = name === 'actor' ? actor : name === 'user' ? user : details[name];
    const value = argument(v, kind, show);
    // A count the entry does not carry (an older entry, say) cannot be put in words: show it plainly.
    if (value === undefined) return unknown();
    values[name] = value;
  }
  try {
    return { entry, sentence: t(key, values), unknownCode: null, details: listed(new Set(wanted.keys())) };
  } catch {
    return unknown();
  }
}

/** A detail as a message value: numbers for counts, choice keys for selects, readable text otherwise. */
function argument(v: unknown, kind: ArgumentKind, show: (v: unknown) => string): string | number | undefined {
  if (kind === 'plural' || kind === 'ordinal') return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  if (kind === 'select') {
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    // ICU choice keys cannot hold a hyphen: "recovery-code" is chosen as recovery_code.
    return typeof v === 'string' || typeof v === 'number' ? String(v).replace(/-/g, '_') : '';
  }
  return v === undefined || v === null ? '' : show(v);
}
