import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityInput } from './observatory.model.ts';
import {
  isBefore,
  linkProblem,
  normaliseInput,
  sortKey,
  validateEntity,
  type EndpointFacts,
} from './observatory.validation.ts';

const isRegion = (c: string) => /^KZ-(10|11|15|19|23|27|31|33|35|39|43|47|55|59|61|62|63|71|75|79)$/.test(c);

const base = (over: Partial<EntityInput> = {}): EntityInput => ({
  kind: 'event',
  slug: 'a-rally',
  subtype: 'rally',
  title: { en: 'A rally' },
  summary: { en: 'What happened.' },
  body: {},
  region: 'KZ-75',
  place: { en: 'Almaty' },
  dateStart: '2023-11-26',
  dateEnd: null,
  details: {
    organiser: {},
    permit: { status: 'approved', reason: {}, decidedOn: null },
    participants: { min: 100, max: 300 },
    figures: [],
  },
  steps: [],
  uncertainties: [],
  ...over,
});

const check = (input: EntityInput, publish = false) => validateEntity(normaliseInput(input), { isRegion, publish });

test('partial dates compare at their common precision and sort chronologically as text', () => {
  assert.equal(isBefore('2019', '2019-09-02'), false);
  assert.equal(isBefore('2019-08', '2019-09-02'), true);
  assert.equal(isBefore('2020', '2019-12'), false);
  assert.ok(
    sortKey('2018') < sortKey('2018-01') &&
      sortKey('2018-01') < sortKey('2018-01-02') &&
      sortKey('2018-12-31') < sortKey('2019'),
  );
});

test('a well-formed event passes', () => {
  assert.deepEqual(check(base()), {});
});

test('impossible dates are refused: end before start, end without start, nonsense days', () => {
  assert.equal(check(base({ dateEnd: '2023-11-01' })).date_end, 'form.error.end_before_start');
  assert.equal(check(base({ dateStart: null, dateEnd: '2023' })).date_start, 'observatory.error.end_without_start');
  assert.equal(check(base({ dateStart: '2023-02-30' })).date_start, 'form.error.date');
  assert.equal(check(base({ dateStart: '26.11.2023' })).date_start, 'form.error.date');
  assert.equal(check(base({ dateStart: null })).date_start, 'observatory.error.date_required');
  assert.deepEqual(
    check(base({ dateStart: '2023-11', dateEnd: '2023-11-30' })),
    {},
    'same month at different precision is fine',
  );
});

test('unknown regions and subtypes are refused', () => {
  assert.equal(check(base({ region: 'KZ-99' })).region, 'observatory.error.region');
  assert.equal(check(base({ region: 'Almaty' })).region, 'observatory.error.region');
  assert.equal(check(base({ subtype: 'riot' })).subtype, 'form.error.choice');
});

test('steps must be of the kind, dated sensibly, and not before the record itself', () => {
  const law = (steps: EntityInput['steps']) =>
    base({ kind: 'law', subtype: 'bill', dateStart: '2019-10', details: {}, steps });
  assert.deepEqual(check(law([{ step: 'reading', date: '2020-09-23', note: {} }])), {});
  assert.equal(check(law([{ step: 'verdict', date: '2020', note: {} }])).steps, 'observatory.error.step_unknown');
  assert.equal(
    check(law([{ step: 'reading', date: '2019-09', note: {} }])).steps,
    'observatory.error.step_before_start',
  );
  assert.equal(check(law([{ step: 'signed', date: '2024-13', note: {} }])).steps, 'form.error.date');
});

test('normalising orders steps by date (undated last) and drops details of other kinds', () => {
  const n = normaliseInput(
    base({
      kind: 'case',
      subtype: 'whatever',
      details: {
        charges: [{ article: ' 120 ', label: {} }],
        website: 'https://x.example',
        permit: { status: 'denied', reason: {}, decidedOn: null },
      },
      steps: [
        { step: 'retrial', date: null, note: {} },
        { step: 'verdict', date: '2019-07', note: {} },
        { step: 'reported', date: '2018', note: { en: '  autumn  ' } },
      ],
    }),
  );
  assert.equal(n.subtype, null);
  assert.deepEqual(n.details, { charges: [{ article: '120', label: {} }], sentences: [] });
  assert.deepEqual(
    n.steps.map((s) => s.step),
    ['reported', 'verdict', 'retrial'],
  );
  assert.equal(n.steps[0].note.en, 'autumn');
});

test('participant ranges, permit reasons, figures and addresses are checked', () => {
  const ev = (details: EntityInput['details']) => check(base({ details: { ...base().details, ...details } }));
  assert.equal(ev({ participants: { min: 500, max: 100 } }).participants_max, 'observatory.error.range');
  assert.equal(ev({ participants: { min: -1, max: null } }).participants_min, 'observatory.error.count');
  assert.equal(
    ev({ permit: { status: 'approved', reason: { en: 'square under repair' }, decidedOn: null } }).permit_reason_en,
    'observatory.error.reason_only_for_denied',
  );
  assert.deepEqual(
    ev({ permit: { status: 'denied', reason: { en: 'square under repair' }, decidedOn: '2023-12-04' } }),
    {},
  );
  assert.equal(
    ev({ permit: { status: 'maybe' as never, reason: {}, decidedOn: null } }).permit_status,
    'form.error.choice',
  );
  assert.equal(
    ev({ figures: [{ value: 'lots', approx: 'about', label: { en: 'views' } }] }).figures,
    'observatory.error.figure',
  );
  const org = (website: string) =>
    check(base({ kind: 'organisation', subtype: 'ngo', dateStart: null, details: { website } }));
  assert.equal(org('javascript:alert(1)').website, 'form.error.url');
  assert.equal(org('ftp://example.org').website, 'form.error.url');
  assert.deepEqual(org('https://example.org/'), {});
  const source = (url: string) =>
    check(base({ kind: 'source', subtype: 'news', dateStart: '2023-12', details: { publisher: 'RFE/RL', url } }));
  assert.equal(source('https://user:pw@example.org').url, 'form.error.url');
});

test('publishing needs title and summary in every language (sources keep their own language)', () => {
  const fields = check(base({ title: { en: 'A rally' }, summary: { en: 'x', ru: 'y' } }), true);
  assert.equal(fields.title_kk, 'observatory.error.publish_needs_language');
  assert.equal(fields.summary_kk, 'observatory.error.publish_needs_language');
  assert.equal(fields.summary_ru, undefined);
  const src = check(
    base({
      kind: 'source',
      subtype: 'news',
      title: { en: 'An article' },
      summary: {},
      details: { publisher: 'RFE/RL' },
    }),
    true,
  );
  assert.deepEqual(src, {});
});

test('texts are bounded and single-line fields refuse line breaks and control characters', () => {
  assert.equal(check(base({ title: { en: 'x'.repeat(201) } })).title_en, 'form.error.too_long');
  assert.equal(check(base({ title: { en: 'two\nlines' } })).title_en, 'form.error.control_chars');
  assert.equal(check(base({ title: {} })).title_en, 'observatory.error.title_required');
  assert.equal(check(base({ slug: 'Not A Slug' })).slug, 'observatory.error.slug');
});

const ent = (id: string, kind: EndpointFacts['kind'], dateStart: string | null = null): EndpointFacts => ({
  type: 'entity',
  id,
  kind,
  dateStart,
});
const camp = (id: string, dateStart: string | null = null): EndpointFacts => ({
  type: 'campaign',
  id,
  kind: null,
  dateStart,
});

test('link rules: kinds, sources, self-links and time order', () => {
  assert.equal(linkProblem(ent('a', 'case'), 'sparked', ent('a', 'case')), 'observatory.error.link_self');
  assert.equal(linkProblem(ent('e', 'event'), 'organised_by', ent('c', 'case')), 'observatory.error.link_organiser');
  assert.equal(
    linkProblem(ent('l', 'law'), 'organised_by', ent('o', 'organisation')),
    'observatory.error.link_organised_what',
  );
  assert.equal(linkProblem(camp('c'), 'organised_by', ent('o', 'organisation')), null);
  assert.equal(linkProblem(ent('s', 'source'), 'cites', ent('c', 'case')), 'observatory.error.link_source_cites');
  assert.equal(linkProblem(ent('c', 'case'), 'cites', ent('s', 'source')), null);
  assert.equal(linkProblem(ent('c', 'case'), 'sparked', ent('s', 'source')), 'observatory.error.link_source_relation');
  assert.equal(linkProblem(ent('c', 'case', '2023-11'), 'sparked', camp('k', '2023-11-12')), null);
  assert.equal(
    linkProblem(ent('c', 'case', '2024'), 'sparked', camp('k', '2023-11-12')),
    'observatory.error.link_time_order',
  );
  assert.equal(
    linkProblem(ent('l', 'law', '2019'), 'responded_to', ent('c', 'case', '2023-11')),
    'observatory.error.link_response_before',
  );
  assert.equal(linkProblem(ent('l', 'law', '2024-04'), 'responded_to', ent('c', 'case', '2023-11')), null);
  assert.equal(linkProblem(ent('a', 'law'), 'caused', ent('b', 'law')), 'observatory.error.relation');
});
