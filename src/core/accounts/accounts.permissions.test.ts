import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIONS, can, requiresTwoFactor, type Action } from './accounts.permissions.ts';
import { ROLES, type Role } from './roles.ts';

// The full matrix, written out so a change to any grant shows up here as a deliberate edit.
const EXPECTED: Record<Role, Action[]> = {
  admin: [...ACTIONS],
  organiser: [
    'admin.enter',
    'campaign.create',
    'campaign.edit',
    'campaign.publish',
    'campaign.view_drafts',
    'component.manage',
    'analytics.view',
    'observatory.edit',
    'recipients.manage',
  ],
  moderator: ['admin.enter', 'campaign.view_drafts', 'moderation.review', 'observatory.edit'],
  caseworker: ['admin.enter', 'casework.handle'],
  analyst: ['admin.enter', 'campaign.view_drafts', 'analytics.view', 'observatory.edit'],
  accountant: ['admin.enter', 'ledger.record'],
  treasurer: ['admin.enter', 'ledger.record', 'ledger.approve'],
};

for (const role of ROLES) {
  for (const action of ACTIONS) {
    const expected = EXPECTED[role].includes(action);
    test(`${role} ${expected ? 'may' : 'may not'} ${action}`, () => {
      assert.equal(can({ id: 'u1', role }, action), expected);
    });
  }
}

test('nobody signed in may do anything', () => {
  for (const action of ACTIONS) assert.equal(can(null, action), false);
});

test('organisers may edit, publish and add components only to campaigns they created', () => {
  const me = { id: 'me', role: 'organiser' as const };
  for (const action of ['campaign.edit', 'campaign.publish', 'component.manage'] as const) {
    assert.equal(can(me, action, { createdBy: 'me' }), true, action);
    assert.equal(can(me, action, { createdBy: 'someone-else' }), false, action);
    assert.equal(can(me, action, { createdBy: null }), false, `${action} on reference campaigns`);
  }
});

test('admins may edit any campaign, including reference ones', () => {
  assert.equal(can({ id: 'a', role: 'admin' }, 'campaign.edit', { createdBy: null }), true);
  assert.equal(can({ id: 'a', role: 'admin' }, 'campaign.edit', { createdBy: 'other' }), true);
});

test('two-factor is required exactly for the roles that can reach a case or approve money: admins, moderators, caseworkers and treasurers', () => {
  assert.deepEqual(ROLES.filter(requiresTwoFactor), ['admin', 'moderator', 'caseworker', 'treasurer']);
});
