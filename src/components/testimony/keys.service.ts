// Key management. Every private key is made and opened in a browser; the server keeps public keys,
// passphrase-wrapped personal keys, and organisation keys sealed to personal keys (grants). Rotation
// seals the old organisation key to the new one, so old testimonies stay readable with the new key.
import { randomUUID } from 'node:crypto';
import type { AuditService, Staff } from '../../core/accounts/index.ts';
import type { Db } from '../../db/database.ts';
import { nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, fail } from '../../core/errors.ts';
import { isPublicKey, isSealed, isWrappedSecret, type WrappedSecret } from './crypto.ts';
import * as repo from './testimony.repository.ts';
import type { KeyHolder, KeyProgress, KeyRing, OrgKey } from './testimony.ts';
import { canHoldKey, canManageKeys } from './testimony.permissions.ts';

const SEALED_KEY = 32; // an X25519 private key

const toOrgKey = (r: repo.OrgKeyRow): OrgKey => ({
  id: r.id,
  publicKey: r.public_key,
  previousKeyId: r.previous_key_id,
  previousSealed: r.previous_sealed,
  status: r.status as OrgKey['status'],
  createdAt: r.created_at,
});

export interface KeysService {
  activeKey(): Promise<OrgKey | null>;
  ring(actor: Staff): Promise<KeyRing>;
  holders(actor: Staff): Promise<KeyHolder[]>;
  saveOwnKey(actor: Staff, publicKey: unknown, wrapped: unknown): Promise<void>;
  createOrgKey(actor: Staff, publicKey: unknown, selfGrant: unknown): Promise<OrgKey>;
  rotate(actor: Staff, input: { publicKey: unknown; previousSealed: unknown; grants: unknown }): Promise<OrgKey>;
  grant(actor: Staff, userId: string, sealed: unknown): Promise<void>;
  revoke(actor: Staff, userId: string): Promise<void>;
  /** How far key set-up has come: her own key, the organisation key, and which of `handlers` hold it. */
  progress(actor: Staff, handlers: Array<Pick<Staff, 'id'>>): Promise<KeyProgress>;
}

export function createKeysService(deps: {
  db: Db;
  audit: AuditService;
  staffExists: (id: string) => Promise<Staff | null>;
}): KeysService {
  const { db, audit } = deps;

  const active = async () => {
    const r = await repo.activeOrgKey(db);
    return r ? toOrgKey(r) : null;
  };

  function checkGrants(list: unknown): Array<{ userId: string; sealed: string }> {
    if (!Array.isArray(list) || list.length > 200) throw fail('BAD_GRANTS');
    return list.map((g) => {
      if (typeof g?.userId !== 'string' || !isSealed(g.sealed, SEALED_KEY)) throw fail('BAD_GRANT');
      return { userId: g.userId, sealed: g.sealed };
    });
  }

  return {
    activeKey: active,

    async ring(actor) {
      const own = await repo.staffKey(db, actor.id);
      const grants = new Map((await repo.grantsFor(db, actor.id)).map((g) => [g.org_key_id, g.sealed]));
      return {
        own: own
          ? { publicKey: own.public_key, wrapped: parseJson<WrappedSecret>(own.wrapped_secret, null as never) }
          : null,
        orgKeys: (await repo.orgKeys(db)).map((k) => ({ ...toOrgKey(k), grant: grants.get(k.id) ?? null })),
      };
    },

    async holders(actor) {
      if (!canManageKeys(actor)) throw forbidden();
      const key = await active();
      const granted = new Set(key ? (await repo.grantsOf(db, key.id)).map((g) => g.user_id) : []);
      return (await repo.staffKeys(db)).map((k) => ({
        userId: k.user_id,
        publicKey: k.public_key,
        granted: granted.has(k.user_id),
      }));
    },

    async saveOwnKey(actor, publicKey, wrapped) {
      if (!canHoldKey(actor)) throw forbidden();
      if (!isPublicKey(publicKey) || !isWrappedSecret(wrapped)) throw fail('BAD_STAFF_KEY');
      const existing = await repo.staffKey(db, actor.id);
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        // A new personal key cannot open grants sealed to the old one: those go, an admin grants again.
        if (existing && existing.public_key !== publicKey) await repo.deleteGrantsOf(trx, actor.id);
        await repo.upsertStaffKey(trx, {
          user_id: actor.id,
          public_key: publicKey,
          wrapped_secret: toJson(wrapped),
          created_at: existing?.created_at ?? now,
          updated_at: now,
        });
      });
      await audit.record(actor, existing ? 'testimony.key.personal_replaced' : 'testimony.key.personal_created', {
        type: 'user',
        id: actor.id,
      });
    },

    async createOrgKey(actor, publicKey, selfGrant) {
      if (!canManageKeys(actor)) throw forbidden();
      if (await active()) throw fail('ORG_KEY_EXISTS');
      if (!isPublicKey(publicKey) || !isSealed(selfGrant, SEALED_KEY)) throw fail('BAD_ORG_KEY');
      if (!(await repo.staffKey(db, actor.id))) throw fail('NO_PERSONAL_KEY');
      const id = randomUUID();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await repo.insertOrgKey(trx, {
          id,
          public_key: publicKey,
          previous_key_id: null,
          previous_sealed: null,
          status: 'active',
          created_by: actor.id,
          created_at: now,
        });
        await repo.upsertGrant(trx, {
          id: randomUUID(),
          org_key_id: id,
          user_id: actor.id,
          sealed: selfGrant,
          created_by: actor.id,
          created_at: now,
        });
      });
      await audit.record(actor, 'testimony.key.org_created', { type: 'testimony_key', id });
      return (await active())!;
    },

    async rotate(actor, input) {
      if (!canManageKeys(actor)) throw forbidden();
      const current = await active();
      if (!current) throw fail('NO_ORG_KEY');
      if (!isPublicKey(input.publicKey) || !isSealed(input.previousSealed, SEALED_KEY)) throw fail('BAD_ROTATION');
      const grants = checkGrants(input.grants);
      if (!grants.some((g) => g.userId === actor.id)) throw fail('ROTATION_WITHOUT_SELF');
      const id = randomUUID();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await repo.retireOrgKeys(trx);
        await repo.insertOrgKey(trx, {
          id,
          public_key: input.publicKey as string,
          previous_key_id: current.id,
          previous_sealed: input.previousSealed as string,
          status: 'active',
          created_by: actor.id,
          created_at: now,
        });
        for (const g of grants) {
          if (!(await repo.staffKey(trx, g.userId))) throw fail('GRANT_WITHOUT_KEY');
          await repo.upsertGrant(trx, {
            id: randomUUID(),
            org_key_id: id,
            user_id: g.userId,
            sealed: g.sealed,
            created_by: actor.id,
            created_at: now,
          });
        }
      });
      await audit.record(
        actor,
        'testimony.key.rotated',
        { type: 'testimony_key', id },
        { previous: current.id, holders: grants.length },
      );
      return (await active())!;
    },

    async grant(actor, userId, sealed) {
      if (!canManageKeys(actor)) throw forbidden();
      const key = await active();
      if (!key) throw fail('NO_ORG_KEY');
      const person = await deps.staffExists(userId);
      if (!person || !canHoldKey(person) || !(await repo.staffKey(db, userId))) throw fail('GRANT_NOT_ALLOWED');
      if (!isSealed(sealed, SEALED_KEY)) throw fail('BAD_GRANT');
      await repo.upsertGrant(db, {
        id: randomUUID(),
        org_key_id: key.id,
        user_id: userId,
        sealed,
        created_by: actor.id,
        created_at: nowIso(),
      });
      await audit.record(actor, 'testimony.key.granted', { type: 'user', id: userId }, { key: key.id });
    },

    async progress(actor, handlers) {
      const key = await active();
      const withKey = new Set((await repo.staffKeys(db)).map((k) => k.user_id));
      const granted = new Set(key ? (await repo.grantsOf(db, key.id)).map((g) => g.user_id) : []);
      return {
        ownKey: withKey.has(actor.id),
        orgKey: !!key,
        handlers: handlers.length,
        withKey: handlers.filter((h) => withKey.has(h.id)).length,
        granted: handlers.filter((h) => granted.has(h.id)).length,
      };
    },

    async revoke(actor, userId) {
      if (!canManageKeys(actor)) throw forbidden();
      await repo.deleteGrantsOf(db, userId);
      await audit.record(actor, 'testimony.key.revoked', { type: 'user', id: userId });
    },
  };
}
