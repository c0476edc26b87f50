// The staff record form ⇄ EntityInput. Lists are edited as lines, fields within a line separated by
// "|" (the campaign form's convention): a step is "verdict | 2019-07 | note kk | note ru | note en".
import type { Figure } from '../core/campaigns/index.ts';
import { formLines as lines, translatableField as tr, type Form } from '../http/forms.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import type { CodeName, Entity, EntityInput, Kind, PermitStatus } from './observatory.model.ts';

const cells = (line: string) => line.split('|').map((s) => s.trim());
const trCells = (parts: string[]): Translatable => {
  const out: Translatable = {};
  LOCALES.forEach((l, i) => parts[i] && (out[l] = parts[i]));
  return out;
};
const trLine = (v: Translatable) => LOCALES.map((l) => v[l] ?? '');
const joinLine = (parts: Array<string | null | undefined>) =>
  parts
    .map((p) => p ?? '')
    .join(' | ')
    .replace(/( \| )+$/, '');

/** Zips per-language line lists into translatable items (line n of each language is item n). */
function zipLines(form: Form, name: string): Translatable[] {
  const per = Object.fromEntries(LOCALES.map((l) => [l, lines(form[`${name}_${l}`])]));
  const n = Math.max(...LOCALES.map((l) => per[l].length));
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(LOCALES.filter((l) => per[l][i]).map((l) => [l, per[l][i]])),
  );
}

/** A whole number from a form field; null when empty; NaN marks a value that is not one. */
function count(v: string | undefined): number | null {
  let s = (v ?? '').replace(/[\s\u00a0\u202f’']/g, '');
  if (!s) return null;
  if (/^\d{1,3}([.,]\d{3})+$/.test(s)) s = s.replace(/[.,]/g, ''); // 1,000 / 1.000 thousands
  return /^\d{1,12}$/.test(s) ? Number(s) : Number.NaN;
}

export function formToInput(kind: Kind, form: Form): { input: EntityInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const min = count(form.participants_min);
  const max = count(form.participants_max);
  if (Number.isNaN(min)) errors.participants_min = 'observatory.error.count';
  if (Number.isNaN(max)) errors.participants_max = 'observatory.error.count';
  const permitStatus = (form.permit_status ?? '').trim();
  const input: EntityInput = {
    kind,
    slug: (form.slug ?? '').trim().toLowerCase(),
    subtype: (form.subtype ?? '').trim() || null,
    title: tr(form, 'title'),
    summary: tr(form, 'summary'),
    body: tr(form, 'body'),
    region: (form.region ?? '').trim() || null,
    place: tr(form, 'place'),
    dateStart: (form.date_start ?? '').trim() || null,
    dateEnd: (form.date_end ?? '').trim() || null,
    steps: lines(form.steps).map((line) => {
      const [step = '', date = '', ...note] = cells(line);
      return { step: step.toLowerCase().replace(/[\s-]+/g, '_'), date: date || null, note: trCells(note) };
    }),
    uncertainties: zipLines(form, 'uncertainties'),
    details: {
      charges: lines(form.charges).map((line) => {
        const [article = '', ...label] = cells(line);
        return {
          article: article && article !== '-' ? article.replace(/^(ст\.?|art\.?|бап)\s*/i, '') : null,
          label: trCells(label),
        };
      }),
      sentences: lines(form.sentences).map((line) => {
        const [date = '', ...text] = cells(line);
        return { date: date || null, text: trCells(text) };
      }),
      articles: lines(form.articles).map((line) => {
        const [code = '', article = '', ...note] = cells(line);
        return { code: code.toLowerCase() as CodeName, article, note: trCells(note) };
      }),
      organiser: tr(form, 'organiser'),
      permit: permitStatus
        ? {
            status: permitStatus as PermitStatus,
            reason: tr(form, 'permit_reason'),
            decidedOn: (form.permit_decided_on ?? '').trim() || null,
          }
        : null,
      participants:
        min === null && max === null
          ? null
          : { min: Number.isNaN(min) ? null : min, max: Number.isNaN(max) ? null : max },
      figures: lines(form.figures).map((line) => {
        const [value = '', approx = 'exact', ...label] = cells(line);
        return {
          value: value.replace(/[\s\u00a0\u202f,]/g, ''),
          approx: approx as Figure['approx'],
          label: trCells(label),
        };
      }),
      aliases: lines(form.aliases),
      website: (form.website ?? '').trim() || null,
      ref: (form.ref ?? '').trim() || null,
      publisher: (form.publisher ?? '').trim(),
      url: (form.url ?? '').trim() || null,
      language: (form.language ?? '').trim() || null,
      authors: lines(form.authors),
    },
  };
  return { input, errors };
}

export function inputToForm(input: EntityInput, version?: number): Form {
  const d = input.details;
  const form: Form = {
    slug: input.slug,
    subtype: input.subtype ?? '',
    region: input.region ?? '',
    date_start: input.dateStart ?? '',
    date_end: input.dateEnd ?? '',
    steps: input.steps.map((s) => joinLine([s.step, s.date, ...trLine(s.note)])).join('\n'),
    charges: (d.charges ?? []).map((c) => joinLine([c.article ?? '-', ...trLine(c.label)])).join('\n'),
    sentences: (d.sentences ?? []).map((s) => joinLine([s.date, ...trLine(s.text)])).join('\n'),
    articles: (d.articles ?? []).map((a) => joinLine([a.code, a.article, ...trLine(a.note)])).join('\n'),
    permit_status: d.permit?.status ?? '',
    permit_decided_on: d.permit?.decidedOn ?? '',
    participants_min: d.participants?.min?.toString() ?? '',
    participants_max: d.participants?.max?.toString() ?? '',
    figures: (d.figures ?? []).map((f) => joinLine([f.value, f.approx, ...trLine(f.label)])).join('\n'),
    aliases: (d.aliases ?? []).join('\n'),
    website: d.website ?? '',
    ref: d.ref ?? '',
    publisher: d.publisher ?? '',
    url: d.url ?? '',
    language: d.language ?? '',
    authors: (d.authors ?? []).join('\n'),
    ...(version !== undefined ? { version: String(version) } : {}),
  };
  for (const l of LOCALES) {
    form[`title_${l}`] = input.title[l] ?? '';
    form[`summary_${l}`] = input.summary[l] ?? '';
    form[`body_${l}`] = input.body[l] ?? '';
    form[`place_${l}`] = input.place[l] ?? '';
    form[`organiser_${l}`] = d.organiser?.[l] ?? '';
    form[`permit_reason_${l}`] = d.permit?.reason[l] ?? '';
    form[`uncertainties_${l}`] = input.uncertainties.map((u) => u[l] ?? '').join('\n');
  }
  return form;
}

export const entityToForm = (e: Entity): Form => inputToForm(e, e.version);
