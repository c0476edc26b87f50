// The names staff forms give their fields, for error summaries (and each field's own label).
import type { PageContext } from '../../../ui/context.ts';

export function fieldLabels(ctx: PageContext): Record<string, string> {
  const { t } = ctx;
  const labels: Record<string, string> = {};
  for (const f of [
    'slug',
    'subtype',
    'region',
    'date_start',
    'date_end',
    'steps',
    'charges',
    'sentences',
    'articles',
    'permit_status',
    'permit_decided_on',
    'participants_min',
    'participants_max',
    'figures',
    'aliases',
    'website',
    'ref',
    'publisher',
    'url',
    'language',
    'authors',
    'sources',
    'version',
    'target',
    'relation',
    'from',
  ]) {
    labels[f] = t(`observatory.field.${f}`);
  }
  for (const f of ['title', 'summary', 'body', 'place', 'organiser', 'permit_reason', 'uncertainties', 'note'])
    for (const l of ['kk', 'ru', 'en']) labels[`${f}_${l}`] = `${t(`observatory.field.${f}`)} (${l})`;
  return labels;
}
