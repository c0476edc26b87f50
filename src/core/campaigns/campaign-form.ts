// The staff campaign form ⇄ CampaignInput. Lists are edited as lines: one goal / source / figure per line.
import { formLines as lines, translatableField as tr, type Form } from '../../http/forms.ts';
import { LOCALES, type Translatable } from '../../i18n/locales.ts';
import type { Campaign, CampaignInput, Figure, SourceRef } from './campaign.ts';
import { formatHashtagLines, parseHashtagLines } from './hashtags.ts';

/** Zips per-language line lists into translatable items (line n of each language is item n). */
function zipLines(form: Form, name: string): Translatable[] {
  const per = Object.fromEntries(LOCALES.map((l) => [l, lines(form[`${name}_${l}`])]));
  const n = Math.max(...LOCALES.map((l) => per[l].length));
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(LOCALES.filter((l) => per[l][i]).map((l) => [l, per[l][i]])),
  );
}

const APPROX = new Set(['more_than', 'about', 'exact']);

export function formToInput(form: Form): { input: CampaignInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const { groups, invalid } = parseHashtagLines(form.hashtags ?? '');
  if (invalid.length) errors.hashtags = 'campaign.error.hashtag';
  const sources: SourceRef[] = lines(form.sources).map((line) => {
    const [title = '', publisher = '', date = '', url = ''] = line.split('|').map((s) => s.trim());
    return { title, ...(publisher ? { publisher } : {}), ...(date ? { date } : {}), ...(url ? { url } : {}) };
  });
  const figures: Figure[] = lines(form.figures).map((line) => {
    const [value = '', approx = 'exact', kk = '', ru = '', en = '', source = ''] = line.split('|').map((s) => s.trim());
    if (!APPROX.has(approx)) errors.figures = 'campaign.error.figure';
    const label: Translatable = {};
    if (kk) label.kk = kk;
    if (ru) label.ru = ru;
    if (en) label.en = en;
    return {
      value,
      approx: (APPROX.has(approx) ? approx : 'exact') as Figure['approx'],
      label,
      ...(source ? { source } : {}),
    };
  });
  const input: CampaignInput = {
    slug: (form.slug ?? '').trim().toLowerCase(),
    startsOn: (form.starts_on ?? '').trim() || null,
    endsOn: (form.ends_on ?? '').trim() || null,
    organiser: tr(form, 'organiser'),
    title: tr(form, 'title'),
    summary: tr(form, 'summary'),
    body: tr(form, 'body'),
    goals: zipLines(form, 'goals'),
    uncertainties: zipLines(form, 'uncertainties'),
    figures,
    sources,
    hashtagGroups: groups,
  };
  return { input, errors };
}

export function campaignToForm(c: Campaign): Form {
  const form: Form = {
    slug: c.slug,
    starts_on: c.startsOn ?? '',
    ends_on: c.endsOn ?? '',
    version: String(c.version),
    hashtags: formatHashtagLines(c.hashtagGroups),
    sources: c.sources
      .map((s) => [s.title, s.publisher ?? '', s.date ?? '', s.url ?? ''].join(' | ').replace(/( \| )+$/, ''))
      .join('\n'),
    figures: c.figures
      .map((f) =>
        [f.value, f.approx, f.label.kk ?? '', f.label.ru ?? '', f.label.en ?? '', f.source ?? '']
          .join(' | ')
          .replace(/( \| )+$/, ''),
      )
      .join('\n'),
  };
  for (const l of LOCALES) {
    form[`organiser_${l}`] = c.organiser[l] ?? '';
    form[`title_${l}`] = c.title[l] ?? '';
    form[`summary_${l}`] = c.summary[l] ?? '';
    form[`body_${l}`] = c.body[l] ?? '';
    form[`goals_${l}`] = c.goals.map((g) => g[l] ?? '').join('\n');
    form[`uncertainties_${l}`] = c.uncertainties.map((g) => g[l] ?? '').join('\n');
  }
  return form;
}
