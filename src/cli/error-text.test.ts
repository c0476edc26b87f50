// The command line says what went wrong in English words, whatever kind of error it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReferenceDataError } from '../core/errors.ts';
import { notFound, ValidationError, fail } from '../core/errors.ts';
import { createI18n } from '../i18n/translator.ts';
import { errorText } from './error-text.ts';

const i18n = createI18n();

test('coded errors print their English message, never the code or the message key', () => {
  assert.equal(errorText(notFound('CAMPAIGN_NOT_FOUND'), i18n), 'There is no campaign at this address.');
  assert.equal(
    errorText(fail('LOGIN_RATE_LIMITED', { seconds: 1 }), i18n),
    'Too many sign-in attempts from your network. Wait 1 second and try again.',
  );
  assert.equal(
    errorText(new ValidationError({ email: 'form.error.email', role: 'account.error.role' }), i18n),
    'email: Enter a valid email address. role: Choose a role.',
  );
});

test('bad reference data names the record and says what is wrong with each field', () => {
  assert.equal(
    errorText(new ReferenceDataError('Reference campaign nemolchi', { slug: 'campaign.error.slug' }), i18n),
    'Reference campaign nemolchi in data/reference/ is invalid. slug: Use 1–64 lowercase Latin letters, digits and hyphens, not starting or ending with a hyphen.',
  );
});

test('a missing file is named; any other error keeps its own sentence', () => {
  assert.equal(
    errorText(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: 'posts.csv' }), i18n),
    'There is no file at posts.csv: check the path.',
  );
  assert.equal(
    errorText(new Error('--format must be csv, ndjson or gexf'), i18n),
    '--format must be csv, ndjson or gexf',
  );
});
