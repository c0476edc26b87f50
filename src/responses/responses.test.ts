// The recording form's checks and the document sniffing, without HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResponseForm, prepareDocument, safeFileName, todayInKazakhstan } from './responses.ts';

const opts = { today: '2026-12-10', startedOn: '2026-11-01', official: null, locale: 'en' as const };

test('dates: real, not in the future, not before the start; Kazakhstan’s today', () => {
  const date = (d: string) => parseResponseForm({ name: 'X', text_en: 'Y', date: d }, opts).errors.date;
  assert.equal(date('2026-12-10'), undefined);
  assert.equal(date('2026-11-01'), undefined);
  assert.equal(date('2026-12-11'), 'response.error.date_future');
  assert.equal(date('2026-10-31'), 'response.error.date_before_start');
  assert.equal(date('2026-02-30'), 'response.error.date_invalid');
  assert.equal(date(''), 'form.error.required');
  // 20:00 UTC is already the next day in Almaty.
  assert.equal(todayInKazakhstan(Date.parse('2026-12-10T20:00:00Z')), '2026-12-11');
});

test('text in at least one language; names from the directory fill what is left empty', () => {
  const empty = parseResponseForm({ name: 'X', date: '2026-12-01', text_ru: '  ' }, opts);
  assert.equal(empty.errors.text_kk, 'response.error.text_required');
  const official = {
    id: 'o1',
    name: { ru: 'Иванова А.', en: 'Ivanova A.' },
    position: { ru: 'Депутат' },
    organisation: { en: 'Senate' },
  };
  const { input, errors } = parseResponseForm(
    { date: '2026-12-01', text_kk: 'Жауап', position: 'Chair' },
    { ...opts, official },
  );
  assert.deepEqual(errors, {});
  assert.deepEqual([input.name, input.position, input.body, input.officialId], ['Ivanova A.', 'Chair', 'Senate', 'o1']);
  assert.deepEqual(input.text, { kk: 'Жауап' });
  assert.equal(
    parseResponseForm({ date: '2026-12-01', text_en: 'x' }, opts).errors.name,
    'response.error.name_required',
  );
});

test('documents are recognised by their bytes; names are made safe', () => {
  const typeOf = (b: Buffer) => {
    const p = prepareDocument(b);
    return 'type' in p ? p.type : p.error;
  };
  assert.equal(typeOf(Buffer.from('%PDF-1.7 ...')), 'application/pdf');
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0, 0, 0, 0];
  assert.equal(typeOf(Buffer.from(png)), 'image/png');
  assert.equal(typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xd9])), 'image/jpeg');
  assert.equal(typeOf(Buffer.from('RIFF\x0c\0\0\0WEBPVP8 \0\0\0\0', 'latin1')), 'image/webp');
  assert.equal(typeOf(Buffer.from('<html><script>')), 'response.error.document_type');
  assert.equal(typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x40])), 'response.error.document_damaged');
  // A PDF is published exactly as sent, properties and all: an eGov signature covers those bytes.
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Author (Ministry) >> endobj\n%%EOF\n');
  assert.deepEqual(prepareDocument(pdf), { type: 'application/pdf', data: pdf });
  assert.equal(safeFileName('C:\\x\\ответ "1".pdf', 'application/pdf'), 'ответ 1.pdf');
  assert.equal(safeFileName('', 'image/png'), 'document.png');
});
