// Domain types of officials' responses to petitions and appeals, what a petition or an appeal tells
// this module about itself (a "subject"), and the pure checks of the recording form.
import type { Staff } from '../core/accounts/index.ts';
import { MetadataError, sniffType, stripMetadata } from '../core/file-metadata.ts';
import { contentLocale, LOCALES, type Translatable, type UiLocale } from '../i18n/locales.ts';

export const SUBJECT_TYPES = ['petition', 'appeal'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface ResponseDocument {
  sha256: string;
  type: string; // application/pdf | image/png | image/jpeg | image/webp
  bytes: number;
  name: string;
}

/** One version of a response: who answered, when, what they said and the document they sent. */
export interface ResponseVersion {
  responder: { name: string; position: string; body: string };
  officialId: string | null;
  respondedOn: string; // YYYY-MM-DD
  text: Translatable;
  document: ResponseDocument | null;
}

export interface OfficialResponse extends ResponseVersion {
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  revision: number;
  /** The revision signers were last mailed about (null: never mailed). */
  mailedRevision: number | null;
  createdAt: string;
  updatedAt: string;
  /** When it was last changed after its first version (shown as "edited"). */
  editedAt: string | null;
}

export interface ResponseRevision {
  revision: number;
  version: ResponseVersion;
  replacedAt: string;
}

/** A petition or an appeal, as the response pages and mails need it. */
export interface Subject {
  type: SubjectType;
  id: string;
  title: Translatable;
  /** Responses dated before this day are refused. */
  startedOn: string;
  /** Path of its public page, without the language prefix. */
  publicPath: string;
  /** Path of its staff page, without the language prefix. */
  adminPath: string;
  /** Whether the public may see it (and so its responses' documents). */
  public: boolean;
}

/** A signer who asked for updates, with the link that stops them. */
export interface UpdateRecipient {
  /** Stable, unique and ordered within the subject (mailing resumes after the last one done). */
  key: string;
  email: string;
  locale: UiLocale;
  unsubscribeUrl: string;
}

/** What the petition and appeal modules register for their type. */
export interface SubjectProvider {
  describe(id: string): Promise<Subject>;
  mayRecord(actor: Staff, id: string): Promise<boolean>;
  /** Signers who asked for updates, in key order after `after`; absent where nobody can be mailed. */
  recipients?(id: string, after: string | null, limit: number): Promise<UpdateRecipient[]>;
}

/** An entry of the officials directory (the appeal module's recipients). */
export interface Official {
  id: string;
  name: Translatable;
  position: Translatable;
  organisation: Translatable;
}

export interface OfficialsDirectory {
  list(): Promise<Official[]>;
  get(id: string): Promise<Official | null>;
  /** The staff page of the entry, without the language prefix. */
  adminPath(id: string): string;
}

/** An uploaded document as the route read it. */
export interface UploadedDocument {
  name: string;
  data: Buffer;
}

/** One mailing of a response to signers, as the staff page shows it. */
export interface MailingSummary {
  id: string;
  revision: number;
  status: string;
  queued: number;
  createdAt: string;
  finishedAt: string | null;
}

export const TEXT_MAX = 20_000;
export const NAME_MAX = 200;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Kazakhstan's day (UTC+5 everywhere since 2024): a response dated "today" there is not in the future. */
export const todayInKazakhstan = (now = Date.now()): string => new Date(now + 5 * 3_600_000).toISOString().slice(0, 10);

const isRealDay = (v: string) => DAY.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

export interface ResponseFormInput {
  name: string;
  position: string;
  body: string;
  officialId: string | null;
  respondedOn: string;
  text: Translatable;
}

/**
 * Checks the typed part of the form (the document is checked on its own); errors are message keys
 * by field. `official` fills name, position and body left empty from the directory entry chosen.
 */
export function parseResponseForm(
  form: Record<string, string | undefined>,
  opts: { today: string; startedOn: string; official: Official | null; locale: UiLocale },
): { input: ResponseFormInput; errors: Record<string, string> } {
  const s = (k: string) => (form[k] ?? '').trim();
  const o = opts.official;
  const fromDirectory = (v: Translatable | undefined) => {
    if (!v) return '';
    return v[contentLocale(opts.locale)] || v.ru || v.kk || v.en || '';
  };
  const input: ResponseFormInput = {
    name: s('name') || fromDirectory(o?.name),
    position: s('position') || fromDirectory(o?.position),
    body: s('body') || fromDirectory(o?.organisation),
    officialId: o?.id ?? null,
    respondedOn: s('date'),
    text: {},
  };
  for (const l of LOCALES) {
    const v = (form[`text_${l}`] ?? '').replace(/\r\n/g, '\n').trim();
    if (v) input.text[l] = v;
  }
  const errors: Record<string, string> = {};
  if (!input.name) errors.name = 'response.error.name_required';
  for (const k of ['name', 'position', 'body'] as const) {
    if (input[k].length > NAME_MAX) errors[k] = 'form.error.too_long';
    else if (CONTROL.test(input[k])) errors[k] = 'form.error.control_chars';
  }
  if (!input.respondedOn) errors.date = 'form.error.required';
  else if (!isRealDay(input.respondedOn)) errors.date = 'response.error.date_invalid';
  else if (input.respondedOn > opts.today) errors.date = 'response.error.date_future';
  else if (input.respondedOn < opts.startedOn) errors.date = 'response.error.date_before_start';
  const texts = Object.entries(input.text);
  if (!texts.length) errors.text_kk = 'response.error.text_required';
  for (const [l, v] of texts) {
    if (v.length > TEXT_MAX) errors[`text_${l}`] = 'form.error.too_long';
    else if (CONTROL.test(v)) errors[`text_${l}`] = 'form.error.control_chars';
  }
  return { input, errors };
}

/**
 * A document as it will be published: its type from its first bytes (never the name or the
 * browser's word). Photos and scans lose their EXIF, XMP and comments, which can hold the GPS
 * position and the phone of whoever photographed the letter. PDFs stay byte for byte as the
 * official sent them: blanking their properties would break an eGov digital signature.
 */
export function prepareDocument(bytes: Uint8Array): { type: string; data: Uint8Array } | { error: string } {
  const type = sniffType(bytes);
  if (!type) return { error: 'response.error.document_type' };
  if (type === 'application/pdf') return { type, data: bytes };
  try {
    return { type, data: stripMetadata(bytes, type) };
  } catch (err) {
    if (err instanceof MetadataError) return { error: 'response.error.document_damaged' };
    throw err;
  }
}

/** A file name safe to show and to offer for download: no path, no control characters, not too long. */
export const safeFileName = (name: string, type: string): string => {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim();
  const ext = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' }[type];
  return (base || `document.${ext ?? 'bin'}`).slice(0, 120);
};
