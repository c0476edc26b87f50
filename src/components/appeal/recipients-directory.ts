// The recipients directory: the officials and bodies appeals are addressed to, kept by staff one
// at a time or imported from CSV (a row matches an existing recipient by its key, else its email).
import type { Db } from '../../db/database.ts';
import { type AuditService, can, type Staff } from '../../core/accounts/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { normaliseEmail } from '../../core/mail/index.ts';
import { newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, notFound, ValidationError } from '../../core/errors.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { BODIES, CONTROL_CHARS, isCurrent, type ImportResult, type Recipient, type RecipientInput } from './appeal.ts';
import * as repo from './appeal.repository.ts';
import { parseRecipientsCsv } from './recipients-csv.ts';

/** What the directory uses. */
export interface DirectoryDeps {
  db: Db;
  audit: AuditService;
  regions: RegionsService;
}

export const toRecipient = (r: repo.RecipientRow): Recipient => ({
  id: r.id,
  externalKey: r.external_key,
  kind: r.kind as Recipient['kind'],
  body: r.body as Recipient['body'],
  name: parseJson(r.name, {}),
  position: parseJson(r.position, {}),
  organisation: parseJson(r.organisation, {}),
  region: r.region,
  languages: r.languages.split(',').filter(isLocale),
  email: r.email,
  postalAddress: r.postal_address,
  termStart: r.term_start,
  termEnd: r.term_end,
  active: r.active === 1,
});

const recipientColumns = (i: RecipientInput) => ({
  external_key: i.externalKey,
  kind: i.kind,
  body: i.body,
  name: toJson(i.name),
  position: toJson(i.position),
  organisation: toJson(i.organisation),
  region: i.region,
  languages: i.languages.join(','),
  email: i.email,
  postal_address: i.postalAddress,
  term_start: i.termStart,
  term_end: i.termEnd,
  active: i.active ? 1 : 0,
});

function validateRecipient(
  form: Record<string, string>,
  regions: RegionsService,
): { input: RecipientInput; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const v = (k: string) => (form[k] ?? '').trim();
  for (const [k, value] of Object.entries(form)) if (CONTROL_CHARS.test(value)) fields[k] = 'form.error.control_chars';
  const tr = (name: string, max: number) => {
    const out = { kk: v(`${name}_kk`), ru: v(`${name}_ru`), en: v(`${name}_en`) };
    for (const l of ['kk', 'ru', 'en'] as const)
      if (out[l].length > max) fields[`${name}_${l}`] = 'form.error.too_long';
    return out;
  };
  const name = tr('name', 200);
  if (!name.kk && !name.ru && !name.en) fields.name_kk = 'appeal.import.error.name';
  const body = v('body');
  if (!(BODIES as readonly string[]).includes(body)) fields.body = 'form.error.choice';
  const kind = v('kind') || 'person';
  if (kind !== 'person' && kind !== 'body') fields.kind = 'form.error.choice';
  const region = v('region') || null;
  if (region && !regions.isValid(region)) fields.region = 'form.error.choice';
  const email = v('email') || null;
  if (email && !normaliseEmail(email)) fields.email = 'form.error.email';
  const languages = ['kk', 'ru', 'en'].filter((l) => form[`lang_${l}`]) as Locale[];
  if (!languages.length) fields.lang_kk = 'appeal.error.languages';
  const date = (k: string) => {
    const d = v(k) || null;
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) fields[k] = 'form.error.date';
    return d;
  };
  const termStart = date('term_start');
  const termEnd = date('term_end');
  if (termStart && termEnd && termEnd < termStart && !fields.term_end) fields.term_end = 'form.error.end_before_start';
  const postal = v('postal_address') || null;
  if (postal && postal.length > 500) fields.postal_address = 'form.error.too_long';
  const key = v('external_key') || null;
  if (key && key.length > 100) fields.external_key = 'form.error.too_long';
  return {
    fields,
    input: {
      externalKey: key,
      kind: kind as Recipient['kind'],
      body: body as Recipient['body'],
      name,
      position: tr('position', 300),
      organisation: tr('organisation', 300),
      region,
      languages,
      email,
      postalAddress: postal,
      termStart,
      termEnd,
      active: !!form.active,
    },
  };
}

export function createRecipientsDirectory({ db, audit, regions }: DirectoryDeps) {
  function requireDirectory(actor: Staff) {
    if (!can(actor, 'recipients.manage')) throw forbidden();
  }

  const directory = {
    async listRecipients(opts: { body?: string; region?: string; currentOnly?: boolean } = {}): Promise<Recipient[]> {
      const rows = (await repo.listRecipients(db, { body: opts.body, region: opts.region })).map(toRecipient);
      return opts.currentOnly ? rows.filter((r) => isCurrent(r)) : rows;
    },

    async getRecipient(id: string): Promise<Recipient> {
      const row = await repo.findRecipient(db, id);
      if (!row) throw notFound();
      return toRecipient(row);
    },

    async saveRecipient(id: string | null, form: Record<string, string>, actor: Staff): Promise<Recipient> {
      requireDirectory(actor);
      const { input, fields } = validateRecipient(form, regions);
      if (input.externalKey) {
        const other = await repo.findRecipientByKey(db, input.externalKey);
        if (other && other.id !== id) fields.external_key = 'appeal.error.key_taken';
      }
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const now = nowIso();
      const rid = id ?? newId();
      if (id) {
        await directory.getRecipient(id);
        await repo.updateRecipient(db, id, { ...recipientColumns(input), updated_at: now });
      } else await repo.insertRecipient(db, { id: rid, ...recipientColumns(input), created_at: now, updated_at: now });
      await audit.record(
        actor,
        id ? 'appeal.recipient.update' : 'appeal.recipient.create',
        { type: 'appeal_recipient', id: rid },
        { body: input.body },
      );
      return directory.getRecipient(rid);
    },

    async importCsv(text: string, actor: Staff): Promise<ImportResult> {
      requireDirectory(actor);
      if (!text.trim()) throw new ValidationError({ csv: 'form.error.required' });
      if (text.length > 2_000_000) throw new ValidationError({ csv: 'form.error.too_long' });
      const parsed = parseRecipientsCsv(text, (c) => regions.isValid(c));
      let created = 0;
      let updated = 0;
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        for (const { input } of parsed.rows) {
          const existing =
            (input.externalKey && (await repo.findRecipientByKey(trx, input.externalKey))) ||
            (!input.externalKey && input.email && (await repo.findRecipientByEmail(trx, input.email))) ||
            null;
          if (existing) {
            await repo.updateRecipient(trx, existing.id, {
              ...recipientColumns({ ...input, externalKey: input.externalKey ?? existing.external_key }),
              updated_at: now,
            });
            updated++;
          } else {
            await repo.insertRecipient(trx, {
              id: newId(),
              ...recipientColumns(input),
              created_at: now,
              updated_at: now,
            });
            created++;
          }
        }
      });
      await audit.record(actor, 'appeal.recipient.import', null, { created, updated, errors: parsed.errors.length });
      return { created, updated, errors: parsed.errors };
    },
  };
  return directory;
}

export type RecipientsDirectory = ReturnType<typeof createRecipientsDirectory>;
