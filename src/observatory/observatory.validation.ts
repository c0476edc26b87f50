// Pure checks and normalisation of observatory input. Errors are message keys per form field, so a
// form can re-show them; nothing is stored unless the whole input passes.
import { isHttpUrl, isPartialDate, SLUG_RE } from '../core/campaigns/index.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import {
  CODES,
  isKind,
  PERMIT_STATUSES,
  STEPS,
  SUBTYPES,
  type EntityDetails,
  type EntityInput,
  type Kind,
} from './observatory.model.ts';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const LIMITS = {
  title: 200,
  summary: 600,
  body: 20_000,
  place: 120,
  note: 400,
  uncertainty: 600,
  steps: 40,
  uncertainties: 20,
  list: 30,
  alias: 120,
  publisher: 200,
  maxCount: 1_000_000_000,
} as const;
const ARTICLE_RE = /^\d{1,3}(?:-\d{1,2})?$/;
const REF_RE = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,19}$/u;
const LANG_RE = /^[a-z]{2,3}$/;

/** Compares partial dates at their common precision: "2019" is not before "2019-09-02". */
export function isBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n);
}

/** YYYY-MM-DD with 00 for the unknown parts, so partial dates sort chronologically as text. */
export function sortKey(date: string): string {
  const [y, m = '00', d = '00'] = date.split('-');
  return `${y}-${m}-${d}`;
}

const trimTr = (v: Translatable | undefined | null): Translatable => {
  const out: Translatable = {};
  for (const l of LOCALES) {
    const s = v?.[l]?.trim();
    if (s) out[l] = s;
  }
  return out;
};
const hasText = (v: Translatable | undefined) => LOCALES.some((l) => !!v?.[l]?.trim());
const trimOrNull = (v: string | null | undefined) => (v ?? '').trim() || null;

/** Keeps only the details that belong to the kind, trimmed; steps ordered by date (undated last). */
export function normaliseInput(input: EntityInput): EntityInput {
  const d = input.details ?? {};
  const details: EntityDetails = {};
  switch (input.kind) {
    case 'case':
      details.charges = (d.charges ?? []).map((c) => ({ article: trimOrNull(c.article), label: trimTr(c.label) }));
      details.sentences = (d.sentences ?? []).map((s) => ({ date: trimOrNull(s.date), text: trimTr(s.text) }));
      break;
    case 'law':
      details.articles = (d.articles ?? []).map((a) => ({
        code: a.code,
        article: (a.article ?? '').trim(),
        note: trimTr(a.note),
      }));
      break;
    case 'event':
      details.organiser = trimTr(d.organiser);
      details.permit = d.permit
        ? { status: d.permit.status, reason: trimTr(d.permit.reason), decidedOn: trimOrNull(d.permit.decidedOn) }
        : null;
      details.participants =
        d.participants && (d.participants.min !== null || d.participants.max !== null)
          ? { min: d.participants.min, max: d.participants.max }
          : null;
      details.figures = (d.figures ?? []).map((f) => ({ ...f, value: String(f.value).trim(), label: trimTr(f.label) }));
      break;
    case 'organisation':
      details.aliases = (d.aliases ?? []).map((a) => a.trim()).filter(Boolean);
      details.website = trimOrNull(d.website);
      break;
    case 'source':
      details.ref = trimOrNull(d.ref);
      details.publisher = (d.publisher ?? '').trim();
      details.url = trimOrNull(d.url);
      details.language = trimOrNull(d.language)?.toLowerCase() ?? null;
      details.authors = (d.authors ?? []).map((a) => a.trim()).filter(Boolean);
      break;
  }
  const steps = (input.steps ?? []).map((s, i) => ({
    s: { step: s.step, date: trimOrNull(s.date), note: trimTr(s.note) },
    i,
  }));
  steps.sort((a, b) =>
    a.s.date && b.s.date
      ? sortKey(a.s.date).localeCompare(sortKey(b.s.date)) || a.i - b.i
      : a.s.date
        ? -1
        : b.s.date
          ? 1
          : a.i - b.i,
  );
  return {
    kind: input.kind,
    slug: (input.slug ?? '').trim().toLowerCase(),
    subtype: SUBTYPES[input.kind]?.length ? trimOrNull(input.subtype) : null,
    title: trimTr(input.title),
    summary: trimTr(input.summary),
    body: trimTr(input.body),
    region: trimOrNull(input.region),
    place: trimTr(input.place),
    dateStart: trimOrNull(input.dateStart),
    dateEnd: trimOrNull(input.dateEnd),
    details,
    steps: steps.map((x) => x.s),
    uncertainties: (input.uncertainties ?? []).map(trimTr).filter(hasText),
  };
}

function checkText(
  fields: Record<string, string>,
  name: string,
  value: Translatable | undefined,
  max: number,
  multiline = false,
) {
  for (const l of LOCALES) {
    const v = value?.[l] ?? '';
    if (v.length > max) fields[`${name}_${l}`] ??= 'form.error.too_long';
    else if (CONTROL.test(v) || (!multiline && /[\r\n]/.test(v))) fields[`${name}_${l}`] ??= 'form.error.control_chars';
  }
}

/** Checks a list field; the first problem wins and is reported on the whole list. */
function checkList<T>(
  fields: Record<string, string>,
  name: string,
  items: T[] | undefined,
  check: (item: T) => string | null,
) {
  if (!items) return;
  if (items.length > LIMITS.list) {
    fields[name] = 'form.error.too_many';
    return;
  }
  for (const item of items) {
    const problem = check(item);
    if (problem) {
      fields[name] = problem;
      return;
    }
  }
}

const trOk = (v: Translatable, max: number): boolean =>
  LOCALES.every((l) => (v[l] ?? '').length <= max && !CONTROL.test(v[l] ?? '') && !/[\r\n]/.test(v[l] ?? ''));
const dateOk = (v: string | null) => v === null || isPartialDate(v);
const countOk = (v: number | null) => v === null || (Number.isInteger(v) && v >= 0 && v <= LIMITS.maxCount);

export interface ValidationContext {
  isRegion(code: string): boolean;
  /** Publishing asks for every language and for at least one source. */
  publish?: boolean;
}

/** Field → message key; empty when the (normalised) input is acceptable. */
export function validateEntity(input: EntityInput, ctx: ValidationContext): Record<string, string> {
  const fields: Record<string, string> = {};
  const kind: Kind = input.kind;
  if (!isKind(kind)) return { kind: 'form.error.choice' };
  if (!SLUG_RE.test(input.slug)) fields.slug = 'observatory.error.slug';
  if (SUBTYPES[kind].length && (!input.subtype || !SUBTYPES[kind].includes(input.subtype)))
    fields.subtype = 'form.error.choice';

  if (!hasText(input.title)) fields.title_en = 'observatory.error.title_required';
  checkText(fields, 'title', input.title, LIMITS.title);
  checkText(fields, 'summary', input.summary, LIMITS.summary, true);
  checkText(fields, 'body', input.body, LIMITS.body, true);
  checkText(fields, 'place', input.place, LIMITS.place);
  if (input.uncertainties.length > LIMITS.uncertainties) fields.uncertainties_en = 'form.error.too_many';
  input.uncertainties.forEach((u) => checkText(fields, 'uncertainties', u, LIMITS.uncertainty));

  if (input.region !== null && !ctx.isRegion(input.region)) fields.region = 'observatory.error.region';

  if (!dateOk(input.dateStart)) fields.date_start = 'form.error.date';
  if (!dateOk(input.dateEnd)) fields.date_end = 'form.error.date';
  if (input.dateEnd && !input.dateStart && !fields.date_end) fields.date_start = 'observatory.error.end_without_start';
  if (
    !fields.date_start &&
    !fields.date_end &&
    input.dateStart &&
    input.dateEnd &&
    isBefore(input.dateEnd, input.dateStart)
  )
    fields.date_end = 'form.error.end_before_start';
  if (kind !== 'organisation' && kind !== 'source' && !input.dateStart && !fields.date_start)
    fields.date_start = 'observatory.error.date_required';

  const allowedSteps = STEPS[kind];
  if (input.steps.length > LIMITS.steps) fields.steps = 'form.error.too_many';
  for (const s of fields.steps ? [] : input.steps) {
    if (!allowedSteps.includes(s.step)) fields.steps = 'observatory.error.step_unknown';
    else if (!dateOk(s.date)) fields.steps = 'form.error.date';
    else if (s.date && input.dateStart && isPartialDate(input.dateStart) && isBefore(s.date, input.dateStart))
      fields.steps = 'observatory.error.step_before_start';
    else if (!trOk(s.note, LIMITS.note)) fields.steps = 'observatory.error.note';
    if (fields.steps) break;
  }

  const d = input.details;
  checkList(fields, 'charges', d.charges, (c) =>
    c.article !== null && !ARTICLE_RE.test(c.article)
      ? 'observatory.error.article'
      : !c.article && !hasText(c.label)
        ? 'observatory.error.charge_empty'
        : !trOk(c.label, LIMITS.note)
          ? 'observatory.error.note'
          : null,
  );
  checkList(fields, 'sentences', d.sentences, (s) =>
    !dateOk(s.date)
      ? 'form.error.date'
      : !hasText(s.text) || !trOk(s.text, LIMITS.note)
        ? 'observatory.error.note'
        : input.dateStart && s.date && isPartialDate(input.dateStart) && isBefore(s.date, input.dateStart)
          ? 'observatory.error.step_before_start'
          : null,
  );
  checkList(fields, 'articles', d.articles, (a) =>
    !(CODES as readonly string[]).includes(a.code)
      ? 'observatory.error.code'
      : !ARTICLE_RE.test(a.article)
        ? 'observatory.error.article'
        : !trOk(a.note, LIMITS.note)
          ? 'observatory.error.note'
          : null,
  );
  if (d.organiser) checkText(fields, 'organiser', d.organiser, LIMITS.publisher);
  if (d.permit) {
    if (!(PERMIT_STATUSES as readonly string[]).includes(d.permit.status)) fields.permit_status = 'form.error.choice';
    if (!dateOk(d.permit.decidedOn)) fields.permit_decided_on = 'form.error.date';
    checkText(fields, 'permit_reason', d.permit.reason, LIMITS.note);
    if (hasText(d.permit.reason) && d.permit.status !== 'denied' && !fields.permit_status)
      fields.permit_reason_en = 'observatory.error.reason_only_for_denied';
  }
  if (d.participants) {
    const { min, max } = d.participants;
    if (!countOk(min)) fields.participants_min = 'observatory.error.count';
    if (!countOk(max)) fields.participants_max = 'observatory.error.count';
    if (!fields.participants_min && !fields.participants_max && min !== null && max !== null && max < min)
      fields.participants_max = 'observatory.error.range';
  }
  checkList(fields, 'figures', d.figures, (f) =>
    !/^\d{1,12}(\.\d{1,3})?$/.test(f.value) || !['more_than', 'about', 'exact'].includes(f.approx)
      ? 'observatory.error.figure'
      : !hasText(f.label) || !trOk(f.label, LIMITS.note)
        ? 'observatory.error.figure'
        : null,
  );
  checkList(fields, 'aliases', d.aliases, (a) =>
    a.length > LIMITS.alias || CONTROL.test(a) ? 'form.error.too_long' : null,
  );
  if (d.website && !isHttpUrl(d.website)) fields.website = 'form.error.url';
  if (d.url && !isHttpUrl(d.url)) fields.url = 'form.error.url';
  if (d.ref && !REF_RE.test(d.ref)) fields.ref = 'observatory.error.ref';
  if (d.language && !LANG_RE.test(d.language)) fields.language = 'observatory.error.language';
  if (d.publisher !== undefined && (d.publisher.length > LIMITS.publisher || CONTROL.test(d.publisher)))
    fields.publisher = 'form.error.too_long';
  checkList(fields, 'authors', d.authors, (a) =>
    a.length > LIMITS.alias || CONTROL.test(a) ? 'form.error.too_long' : null,
  );

  if (ctx.publish) {
    // Sources keep the title in the language they were written in; everything else speaks all three.
    const needs = kind === 'source' ? [] : (['title', 'summary'] as const);
    for (const f of needs)
      for (const l of LOCALES)
        if (!input[f][l]?.trim()) fields[`${f}_${l}`] ??= 'observatory.error.publish_needs_language';
    if (kind === 'source' && !d.publisher) fields.publisher ??= 'form.error.required';
  }
  return fields;
}

/** What link rules need to know about each end. */
export interface EndpointFacts {
  type: 'entity' | 'campaign';
  id: string;
  kind: Kind | null; // null for campaigns
  dateStart: string | null;
}

/** Relations whose chains must never loop back (A sparked B sparked A makes no sense). */
export const ACYCLIC_RELATIONS = ['sparked', 'responded_to', 'preceded', 'cites'] as const;

/** The rule a proposed link breaks, as a message key, or null. Cycles are checked by the service. */
export function linkProblem(from: EndpointFacts, relation: string, to: EndpointFacts): string | null {
  if (from.id === to.id) return 'observatory.error.link_self';
  const isSource = (e: EndpointFacts) => e.type === 'entity' && e.kind === 'source';
  switch (relation) {
    case 'organised_by':
      if (to.type !== 'entity' || to.kind !== 'organisation') return 'observatory.error.link_organiser';
      if (from.type === 'entity' && from.kind !== 'event') return 'observatory.error.link_organised_what';
      return null;
    case 'cites':
      if (isSource(from) && !isSource(to)) return 'observatory.error.link_source_cites';
      return null;
    case 'sparked':
    case 'preceded':
    case 'responded_to': {
      if (isSource(from) || isSource(to)) return 'observatory.error.link_source_relation';
      if (from.dateStart && to.dateStart && isPartialDate(from.dateStart) && isPartialDate(to.dateStart)) {
        const backwards =
          relation === 'responded_to' ? isBefore(from.dateStart, to.dateStart) : isBefore(to.dateStart, from.dateStart);
        if (backwards)
          return relation === 'responded_to'
            ? 'observatory.error.link_response_before'
            : 'observatory.error.link_time_order';
      }
      return null;
    }
    default:
      return 'observatory.error.relation';
  }
}
