import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canTransition, nextStates, petitionCan } from './petition.permissions.ts';

const org = { id: 'o1', role: 'organiser' as const };
const mod = { id: 'm1', role: 'moderator' as const };
const admin = { id: 'a1', role: 'admin' as const };
const analyst = { id: 'x1', role: 'analyst' as const };
const mine = { createdBy: 'o1' };
const theirs = { createdBy: 'someone' };

test('organisers manage and export only their own campaigns’ petitions', () => {
  assert.equal(petitionCan(org, 'manage', mine), true);
  assert.equal(petitionCan(org, 'export', mine), true);
  assert.equal(petitionCan(org, 'export', theirs), false);
  assert.equal(petitionCan(org, 'invalidate', mine), false, 'integrity is the moderators’ job');
});

test('moderators review, invalidate and keep the lists, but do not export names', () => {
  for (const a of ['moderate', 'invalidate', 'lists', 'view'] as const)
    assert.equal(petitionCan(mod, a, theirs), true, a);
  assert.equal(petitionCan(mod, 'export', theirs), false);
  assert.equal(petitionCan(analyst, 'view', theirs), false);
  assert.equal(petitionCan(null, 'view', theirs), false);
});

test('the life cycle: organisers submit, moderators open or reject, organisers close and deliver', () => {
  assert.deepEqual(nextStates(org, 'draft', mine), ['moderation']);
  assert.deepEqual(nextStates(org, 'moderation', mine), ['draft']);
  assert.deepEqual(nextStates(mod, 'moderation', mine), ['open', 'rejected']);
  assert.deepEqual(nextStates(admin, 'moderation', mine), ['open', 'rejected', 'draft']);
  assert.equal(canTransition(org, 'open', 'closed', mine), true);
  assert.equal(canTransition(org, 'closed', 'delivered', mine), true);
  assert.equal(canTransition(org, 'draft', 'open', mine), false, 'no skipping moderation');
  assert.equal(canTransition(admin, 'answered', 'open', mine), false, 'answered is final');
});
