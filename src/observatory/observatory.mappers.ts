// Pure parts of the observatory's service: stored rows to records and back, the timeline rows and search
// text a record is indexed by, edit diffs and reference hashes, and paging. No I/O.
import { createHash } from 'node:crypto';
import type { Actor } from '../core/accounts/index.ts';
import type { Campaign } from '../core/campaigns/index.ts';
import type { RegionsService } from '../core/regions/index.ts';
import { newId, parseJson, toJson } from '../db/portable.ts';
import { searchFold } from '../i18n/fold.ts';
import { LOCALES } from '../i18n/locales.ts';
import {
  KIND_PATH,
  STORY_KINDS,
  type DatedMoment,
  type Endpoint,
  type EndpointType,
  type Entity,
  type EntityInput,
  type EntityStatus,
  type Kind,
  type Link,
  type Relation,
  type Revision,
  type StoryKind,
  type TimelineItem,
} from './observatory.model.ts';
import type { EntityRow, LinkRow, RevisionRow, TimelineRow } from './observatory.repository.ts';
import { sortKey } from './observatory.validation.ts';

export function toEntity(row: EntityRow): Entity {
  const pending = row.pending ? parseJson<{ input: EntityInput; by: string } | null>(row.pending, null) : null;
  return {
    id: row.id,
    kind: row.kind as Kind,
    slug: row.slug,
    status: row.status as EntityStatus,
    subtype: row.subtype,
    title: parseJson(row.title, {}),
    summary: parseJson(row.summary, {}),
    body: parseJson(row.body, {}),
    region: row.region,
    place: parseJson(row.place, {}),
    dateStart: row.date_start,
    dateEnd: row.date_end,
    precision: row.date_start
      ? row.date_start.length === 10
        ? 'day'
        : row.date_start.length === 7
          ? 'month'
          : 'year'
      : null,
    details: parseJson(row.details, {}),
    steps: parseJson(row.steps, []),
    uncertainties: parseJson(row.uncertainties, []),
    pending:
      pending && row.pending_by && row.pending_at
        ? { input: pending.input, by: pending.by, byId: row.pending_by, at: row.pending_at }
        : null,
    referenceKey: row.reference_key,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
  };
}

export const toLink = (r: LinkRow): Link => ({
  id: r.id,
  fromType: r.from_type as EndpointType,
  fromId: r.from_id,
  relation: r.relation as Relation,
  toType: r.to_type as EndpointType,
  toId: r.to_id,
  note: parseJson(r.note, {}),
  approved: r.approved === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  entityId: r.entity_id,
  at: r.at,
  actorLabel: r.actor_label,
  action: r.action,
  version: r.version,
  changes: parseJson(r.changes, {}),
});

export const toItem = (r: TimelineRow): TimelineItem => {
  const steps = parseJson<Entity['steps']>(r.steps, []);
  return {
    entity: {
      id: r.id,
      kind: r.kind as Kind,
      slug: r.slug,
      subtype: r.subtype,
      title: parseJson(r.title, {}),
      summary: parseJson(r.summary, {}),
      region: r.region,
      place: parseJson(r.place, {}),
      dateStart: r.date_start,
      dateEnd: r.date_end,
      details: parseJson(r.details, {}),
    },
    date: r.date,
    step: r.step_no >= 0 ? (steps[r.step_no] ?? null) : null,
  };
};

/** A stored record as the other end of a link. */
export const entityEndpoint = (r: EntityRow): Endpoint => ({
  type: 'entity',
  id: r.id,
  kind: r.kind as Kind,
  slug: r.slug,
  title: parseJson(r.title, {}),
  dateStart: r.date_start,
  status: r.status as EntityStatus,
});

/** A campaign as the other end of a link. */
export const campaignEndpoint = (c: Campaign): Endpoint => ({
  type: 'campaign',
  id: c.id,
  slug: c.slug,
  title: c.title,
  dateStart: c.startsOn,
  status: c.status,
});

/** The editable part of a stored record, for diffs and reference hashes. */
export const inputOf = (e: Entity): EntityInput => ({
  kind: e.kind,
  slug: e.slug,
  subtype: e.subtype,
  title: e.title,
  summary: e.summary,
  body: e.body,
  region: e.region,
  place: e.place,
  dateStart: e.dateStart,
  dateEnd: e.dateEnd,
  details: e.details,
  steps: e.steps,
  uncertainties: e.uncertainties,
});

export const hashInput = (input: EntityInput): string => createHash('sha256').update(toJson(input)).digest('hex');
export const actorLabel = (a: Actor) => ('system' in a ? `system:${a.system}` : a.email);
export const actorId = (a: Actor) => ('system' in a ? null : a.id);

/** Field → [before, after] for every field that differs. */
export function diff(before: EntityInput | null, after: EntityInput): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as Array<keyof EntityInput>) {
    const a = before ? before[key] : null;
    if (toJson(a) !== toJson(after[key])) out[key] = [a, after[key]];
  }
  return out;
}

export const pageOf = (total: number, page: number, perPage: number) => ({
  total,
  page,
  perPage,
  pages: Math.max(1, Math.ceil(total / perPage)),
});
export const offsetOf = (q: { offset?: number }, page: number, perPage: number) =>
  q.offset !== undefined ? Math.max(0, Math.floor(q.offset)) : (page - 1) * perPage;
export const clampPage = (p: number | undefined) => Math.min(Math.max(Math.floor(p ?? 1) || 1, 1), 100_000);
export const clampPer = (p: number | undefined, def: number) => Math.min(Math.max(Math.floor(p ?? def) || def, 1), 200);

/** The text search matches against, as a script-independent key: every language, aliases, references, region names. */
function searchText(input: EntityInput, regions: Pick<RegionsService, 'get'>): string {
  const d = input.details;
  const region = input.region ? regions.get(input.region) : undefined;
  const parts = [
    input.slug,
    ...LOCALES.flatMap((l) => [input.title[l], input.summary[l], input.place[l], d.organiser?.[l], region?.name[l]]),
    ...(d.aliases ?? []),
    ...(d.charges ?? []).map((c) => c.article && `${c.article}`),
    d.ref,
    d.publisher,
    ...(d.authors ?? []),
  ];
  return searchFold(parts.filter(Boolean).join(' \u0001 '));
}

/** The stored columns of an input. */
export function entityColumns(input: EntityInput, regions: Pick<RegionsService, 'get'>) {
  return {
    kind: input.kind,
    slug: input.slug,
    subtype: input.subtype,
    title: toJson(input.title),
    summary: toJson(input.summary),
    body: toJson(input.body),
    region: input.region,
    place: toJson(input.place),
    date_start: input.dateStart,
    date_end: input.dateEnd,
    sort_date: input.dateStart ? sortKey(input.dateStart) : null,
    details: toJson(input.details),
    steps: toJson(input.steps),
    uncertainties: toJson(input.uncertainties),
    search_text: searchText(input, regions),
  };
}

/** A timeline item as other modules show it. */
export function datedMoment(item: TimelineItem, campaignIds: string[]): DatedMoment {
  const e = item.entity;
  return {
    key: `${e.id}:${item.step?.step ?? ''}:${item.date}`,
    kind: e.kind as StoryKind,
    title: e.title,
    labelKey: item.step
      ? `observatory.step.${e.kind}.${item.step.step}`
      : e.subtype
        ? `observatory.subtype.${e.kind}.${e.subtype}`
        : `observatory.kind.${e.kind}.one`,
    date: item.date,
    end: item.step ? null : e.dateEnd,
    path: `/observatory/${KIND_PATH[e.kind]}/${e.slug}`,
    campaignIds,
  };
}

/** The timeline index rows of a record: its own date and each dated step (fresh ids each time). */
export function timelineRows(entityId: string, input: EntityInput, published: boolean) {
  if (!(STORY_KINDS as readonly string[]).includes(input.kind)) return [];
  const moments: Array<{ date: string; step: string | null; stepNo: number }> = [];
  if (input.dateStart) moments.push({ date: input.dateStart, step: null, stepNo: -1 });
  // A step on the record's own date (a law signed the day it is dated) is that same moment: listed once.
  input.steps.forEach(
    (s, i) => s.date && s.date !== input.dateStart && moments.push({ date: s.date, step: s.step, stepNo: i }),
  );
  return moments.map((m) => ({
    id: newId(),
    entity_id: entityId,
    kind: input.kind,
    published: published ? 1 : 0,
    region: input.region,
    year: Number(m.date.slice(0, 4)),
    sort_date: sortKey(m.date),
    date: m.date,
    step: m.step,
    step_no: m.stepNo,
  }));
}
