// Every audit entry reads as a sentence: each action code recorded anywhere in src/ (found by reading
// the source, so codes added later are checked too) has one in kk, ru and en; an unknown code still shows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { LOCALES } from '../../i18n/locales.ts';
import { createI18n } from '../../i18n/translator.ts';
import { describeAudit } from './audit.describe.ts';
import type { AuditEntry } from './audit.service.ts';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const i18n = createI18n();

/** Action codes of every `….audit.record(actor, code, …)` call in src/, and calls whose code is not written out. */
function recordedActions(): { codes: Map<string, string>; unreadable: string[] } {
  const codes = new Map<string, string>();
  const unreadable: string[] = [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(full);
    }
  };
  walk(SRC);
  for (const file of files) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const where = (n: ts.Node) =>
      `${relative(SRC, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const literals = (n: ts.Expression): string[] | null => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return [n.text];
      if (ts.isParenthesizedExpression(n)) return literals(n.expression);
      if (ts.isConditionalExpression(n)) {
        const [a, b] = [literals(n.whenTrue), literals(n.whenFalse)];
        return a && b ? [...a, ...b] : null;
      }
      return null;
    };
    const visit = (n: ts.Node) => {
      if (
        ts.isCallExpression(n) &&
        ts.isPropertyAccessExpression(n.expression) &&
        n.expression.name.text === 'record' &&
        /audit$/i.test(n.expression.expression.getText(source))
      ) {
        const found = n.arguments[1] ? literals(n.arguments[1]) : null;
        if (found) for (const code of found) codes.set(code, where(n));
        else unreadable.push(where(n));
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return { codes, unreadable };
}

test('every audit action recorded in src/ has a sentence in kk, ru and en', () => {
  const { codes, unreadable } = recordedActions();
  assert.ok(codes.size > 50, `only ${codes.size} codes found: is the scanner still reading the source?`);
  assert.deepEqual(
    unreadable,
    [],
    'write the action code out (a string, or a ternary of strings) so this test can check it',
  );
  const missing = [...codes].flatMap(([code, at]) =>
    LOCALES.filter((l) => !(`audit.action.${code}` in i18n.catalogs[l])).map(
      (l) => `${l}: audit.action.${code} (recorded at ${at})`,
    ),
  );
  assert.deepEqual(missing, []);
});

const AIGERIM = '0190aaaa-0000-7000-8000-000000000001';
const DANA = '0190aaaa-0000-7000-8000-000000000002';
const people = new Map([
  [AIGERIM, 'Aigerim Sarsenova'],
  [DANA, 'Dana Abenova'],
]);
const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: 'x',
  at: '2026-03-02T10:00:00Z',
  actorId: AIGERIM,
  actorLabel: 'aigerim@example.kz',
  action: 'account.sign_in',
  subjectType: null,
  subjectId: null,
  details: {},
  ...e,
});
const say = (e: Partial<AuditEntry>, locale: 'kk' | 'ru' | 'en' = 'en') =>
  describeAudit(entry(e), { i18n, locale, people });

test('entries read as sentences in the reader’s language, with people named', () => {
  const recovery = {
    action: 'account.sign_in',
    subjectType: 'user',
    subjectId: AIGERIM,
    details: { second_factor: 'recovery-code' },
  };
  assert.equal(say(recovery).sentence, 'Aigerim Sarsenova signed in with a recovery code.');
  assert.equal(say(recovery, 'ru').sentence, 'Aigerim Sarsenova выполнил(а) вход с кодом восстановления.');
  assert.equal(say(recovery, 'kk').sentence, 'Aigerim Sarsenova жүйеге қалпына келтіру кодымен кірді.');
  assert.deepEqual(say(recovery).details, [], 'nothing left over: the sentence says it all');

  const failed = say({
    action: 'account.sign_in_failed',
    actorId: null,
    actorLabel: 'system:login',
    subjectType: 'user',
    subjectId: DANA,
    details: { failures: 3, locked: true },
  });
  assert.equal(
    failed.sentence,
    'Someone failed to sign in as Dana Abenova (3rd failure in a row; the account is now locked for a while).',
  );
  assert.equal(
    say({ action: 'account.disable', subjectType: 'user', subjectId: DANA }).sentence,
    'Aigerim Sarsenova disabled the account of Dana Abenova; its sessions were ended.',
  );
});

test('details the sentence leaves out are labelled values, ids of people become names', () => {
  const line = say({
    action: 'observatory.approve',
    subjectType: 'observatory',
    subjectId: 'rec-1',
    details: { proposed_by: DANA, fields: ['title', 'body'] },
  });
  assert.equal(line.sentence, 'Aigerim Sarsenova approved the changes Dana Abenova proposed to an observatory record.');
  assert.deepEqual(line.details, [
    { label: 'Subject', value: 'Observatory record rec-1' },
    { label: 'Fields', value: 'title, body' },
  ]);
  const ru = say(
    {
      action: 'petition.invalidate',
      details: { count: 21, reason: 'бот', criteria: { domain: 'spam.kz', quarantinedOnly: true } },
    },
    'ru',
  );
  assert.equal(ru.sentence, 'Aigerim Sarsenova аннулировал(а) 21 подпись петиции.');
  assert.deepEqual(ru.details, [
    { label: 'Причина', value: 'бот' },
    { label: 'Условия', value: 'Домен: spam.kz; Только в карантине: Да' },
  ]);
});

test('an action without a sentence yet, or an entry missing a count, still shows its code and details', () => {
  const future = say(
    {
      action: 'example.added_later',
      actorId: null,
      actorLabel: 'system:cli',
      subjectType: 'user',
      subjectId: DANA,
      details: { by: 'admin', failures: 7 },
    },
    'kk',
  );
  assert.equal(future.sentence, 'Командалық жолдағы әкімші: бұл нұсқада сипаттамасы жоқ әрекет:');
  assert.equal(future.unknownCode, 'example.added_later');
  assert.deepEqual(future.details, [
    { label: 'By', value: 'admin' },
    { label: 'Сәтсіз әрекеттер', value: '7' },
  ]);
  const old = say({ action: 'audit.view', details: {} });
  assert.equal(old.unknownCode, 'audit.view');
  assert.equal(
    say({ action: 'x', actorId: null, actorLabel: 'system:newjob' }).sentence,
    'The system (newjob): an action this version has no words for:',
  );
});
