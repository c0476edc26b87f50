// From the stored rows to the domain's shapes.
import { parseJson } from '../../db/portable.ts';
import type { CaseStatus, Consent, Priority, Testimony, TestimonyItem } from './testimony.ts';
import type * as repo from './testimony.repository.ts';

export function toTestimony(r: repo.TestimonyRow): Testimony {
  return {
    id: r.id,
    componentId: r.component_id,
    orgKeyId: r.org_key_id,
    survivorPk: r.survivor_pk,
    envelope: r.envelope,
    mode: r.mode as Testimony['mode'],
    consent: r.consent as Consent,
    referralOk: r.referral_ok === 1,
    status: r.status as CaseStatus,
    priority: r.priority as Priority,
    assigneeId: r.assignee_id,
    tags: parseJson(r.tags, []),
    statsDone: r.stats_done === 1,
    referralServiceId: r.referral_service_id,
    createdOn: r.created_on,
    lastActivityOn: r.last_activity_on,
    expiresOn: r.expires_on,
    warnedOn: r.warned_on,
  };
}

export function toItem(r: repo.ItemRow, files: repo.FileRow[]): TestimonyItem {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind as TestimonyItem['kind'],
    staffId: r.staff_id,
    orgKeyId: r.org_key_id,
    forOrg: r.for_org,
    forSurvivor: r.for_survivor,
    draftDigest: r.draft_digest,
    draftState: r.draft_state as TestimonyItem['draftState'],
    createdOn: r.created_on,
    files: files.filter((f) => f.item_id === r.id).map((f) => ({ id: f.id, position: f.position, size: f.size })),
  };
}
