// Server-side validation of campaign input. Returns message keys per field, so forms can re-show them.
import { LOCALES, type Translatable } from '../../i18n/locales.ts';
import { CAMPAIGN_STATUSES, type CampaignInput, type DatePrecision } from './campaign.ts';

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LIMITS = { title: 140, summary: 400, body: 20_000, organiser: 200, goal: 300, uncertainty: 600 } as const;

export function isPartialDate(v: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const precisionOf = (v: string | null): DatePrecision =>
  !v || v.length === 10 ? 'day' : v.length === 7 ? 'month' : 'year';

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

function checkText(fields: Record<string, string>, name: string, value: Translatable, max: number, multiline: boolean) {
  for (const l of LOCALES) {
    const v = value[l] ?? '';
    if (v.length > max) fields[`${name}_${l}`] = 'form.error.too_long';
    else if (multiline ? CONTROL.test(v) : CONTROL.test(v) || /[\r\n]/.test(v))
      fields[`${name}_${l}`] = 'form.error.control_chars';
  }
}

/** Field → message key. Empty when the input is acceptable. `publish` asks for all three languages. */
export function validateCampaign(input: CampaignInput, opts: { publish?: boolean } = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!SLUG_RE.test(input.slug)) fields.slug = 'campaign.error.slug';
  if (input.status && !CAMPAIGN_STATUSES.includes(input.status)) fields.status = 'form.error.choice';
  if (input.startsOn && !isPartialDate(input.startsOn)) fields.starts_on = 'form.error.date';
  if (input.endsOn && !isPartialDate(input.endsOn)) fields.ends_on = 'form.error.date';
  if (
    !fields.starts_on &&
    !fields.ends_on &&
    input.startsOn &&
    input.endsOn &&
    input.endsOn.slice(0, input.startsOn.length) < input.startsOn.slice(0, input.endsOn.length)
  ) {
    fields.ends_on = 'form.error.end_before_start';
  }
  checkText(fields, 'title', input.title, LIMITS.title, false);
  checkText(fields, 'summary', input.summary, LIMITS.summary, true);
  checkText(fields, 'body', input.body, LIMITS.body, true);
  checkText(fields, 'organiser', input.organiser, LIMITS.organiser, false);
  if (!LOCALES.some((l) => input.title[l]?.trim())) fields.title_kk = 'campaign.error.title_required';
  input.goals.forEach((g) => checkText(fields, 'goals', g, LIMITS.goal, false));
  input.uncertainties.forEach((g) => checkText(fields, 'uncertainties', g, LIMITS.uncertainty, false));
  if (input.goals.length > 10) fields.goals_en = 'form.error.too_many';
  if (input.hashtagGroups.length > 20 || input.hashtagGroups.some((g) => g.length > 30))
    fields.hashtags = 'form.error.too_many';
  if (input.sources.length > 50) fields.sources = 'form.error.too_many';
  for (const s of input.sources) {
    if (!s.title.trim() || s.title.length > 300 || CONTROL.test(s.title))
      fields.sources = 'campaign.error.source_title';
    else if (s.url && !isHttpUrl(s.url)) fields.sources = 'form.error.url';
    else if (s.date && !isPartialDate(s.date)) fields.sources = 'form.error.date';
  }
  for (const f of input.figures) {
    if (!f.value.trim() || f.value.length > 40) fields.figures = 'campaign.error.figure';
  }
  if (opts.publish) {
    for (const l of LOCALES) {
      if (!input.title[l]?.trim() && !fields[`title_${l}`])
        fields[`title_${l}`] = 'campaign.error.publish_needs_language';
      if (!input.summary[l]?.trim() && !fields[`summary_${l}`])
        fields[`summary_${l}`] = 'campaign.error.publish_needs_language';
    }
  }
  return fields;
}
