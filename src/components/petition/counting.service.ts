// Counting: public counters recomputed from the signature rows (never by +1) in batches, with the
// milestones they cross or undo; the cached snapshot the API serves; staff tallies; the hourly
// trending reports (and their alerts to staff) and the moderators' overview.
import { isoAt, newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import { pickText } from '../../i18n/locales.ts';
import { trendAlerts } from './integrity.ts';
import { SYSTEM, type PetitionContext } from './petition.context.ts';
import {
  parseMilestones,
  sumValues,
  type CountSnapshot,
  type OverviewRow,
  type PetitionSettings,
  type PetitionState,
  type SignatureTally,
  type TrendAlert,
  type TrendReport,
} from './petition.ts';
import * as repo from './petition.repository.ts';

export interface PetitionCounting {
  /** Recounts open and recently changed petitions (runs every PETITION_COUNT_INTERVAL_MS). */
  tick(): Promise<void>;
  countSnapshot(id: string): Promise<CountSnapshot>;
  tally(id: string): Promise<SignatureTally>;
  reports(id: string, limit?: number): Promise<Array<{ hour: string; report: TrendReport; alerts: TrendAlert[] }>>;
  trendingReport(hourStart?: Date): Promise<number>;
  /** Every petition with its state, count and number of alerts in the last 24 hours (moderators). */
  overview(): Promise<OverviewRow[]>;
  reconcile(): Promise<{ checked: number; fixed: number }>;
}

/** Recomputes one petition's counters from its rows; true when anything changed. */
export async function recount(
  ctx: PetitionContext,
  id: string,
  why: 'tick' | 'reconcile' | 'invalidation',
): Promise<boolean> {
  const { db, campaigns, audit } = ctx.deps;
  const row = await repo.findPetition(db, id);
  if (!row) return false;
  const component = await campaigns.getComponent(id).catch(() => null);
  const settings = (component?.settings ?? {}) as Partial<PetitionSettings>;
  const byRegion = await repo.countedByRegion(db, id);
  const total = sumValues(byRegion);
  const recent = await repo.recentSigners(db, id, 10);
  const thresholds = [
    ...new Set([...(parseMilestones(settings.milestones) ?? []), ...(settings.goal ? [settings.goal] : [])]),
  ];
  const reached: Record<string, string> = parseJson(row.milestones_reached, {});
  const next: Record<string, string> = {};
  const now = nowIso();
  const crossed: number[] = [];
  const undone: number[] = [];
  for (const m of thresholds) {
    if (total >= m) {
      next[m] = reached[m] ?? now;
      if (!reached[m]) crossed.push(m);
    } else if (reached[m]) undone.push(m);
  }
  const changed =
    row.count_total !== total ||
    row.count_by_region !== toJson(byRegion) ||
    row.recent_signers !== toJson(recent) ||
    row.milestones_reached !== toJson(next);
  if (!changed) return false;
  await repo.updatePetition(db, id, {
    count_total: total,
    count_by_region: toJson(byRegion),
    recent_signers: toJson(recent),
    milestones_reached: toJson(next),
    counted_at: now,
  });
  if (why === 'reconcile' && row.count_total !== total)
    await audit.record(
      { system: 'petitions.reconcile' },
      'petition.count.reconciled',
      { type: 'petition', id },
      { before: row.count_total, after: total },
    );
  for (const m of crossed)
    await audit.record(SYSTEM, 'petition.milestone.reached', { type: 'petition', id }, { milestone: m, count: total });
  for (const m of undone)
    await audit.record(
      SYSTEM,
      'petition.milestone.undone',
      { type: 'petition', id },
      { milestone: m, count: total, cause: why },
    );
  ctx.forget(id);
  return true;
}

const DIRTY = 'petition.dirty';

export function createCounting(ctx: PetitionContext): PetitionCounting {
  const { db, i18n, mail, audit, campaigns, accounts, pageCache, shared } = ctx.deps;
  // Petitions signed through other processes, handed over for whichever process counts next.
  shared.subscribe(DIRTY, (ids) => {
    for (const id of ids?.split(',') ?? []) if (id) ctx.dirty.add(id);
  });

  return {
    async tick() {
      // One process at a time recounts (several web processes share one database); the others
      // pass on the petitions signed through them and skip this turn.
      const turn = await shared.exclusive('petition.count', async () => {
        const ids = new Set([...(await repo.petitionsInStates(db, ['open'])).map((p) => p.component_id), ...ctx.dirty]);
        ctx.dirty.clear();
        let changed = false;
        for (const id of ids) if (await recount(ctx, id, 'tick')) changed = true;
        // Readers see the new count within one interval, not one interval plus the page cache's.
        if (changed) pageCache.clear();
      });
      if (!turn.ran && ctx.dirty.size) {
        const ids = [...ctx.dirty];
        ctx.dirty.clear();
        await shared.publish(DIRTY, ids.join(',')).catch(() => ids.forEach((id) => ctx.dirty.add(id)));
      }
    },

    async countSnapshot(id) {
      const hit = ctx.snapshots.get(id);
      if (hit) return hit;
      const petition = (await ctx.loadPublic(id)).view;
      const snap = {
        id,
        total: petition.count,
        offline: petition.settings.offline_count ?? 0,
        goal: petition.settings.goal,
        by_region: petition.byRegion,
        updated_at: petition.countedAt,
      };
      ctx.snapshots.set(id, snap);
      return snap;
    },

    async tally(id) {
      const out: SignatureTally = { pending: 0, confirmed: 0, quarantined: 0, withdrawn: 0, invalidated: 0 };
      for (const r of await repo.tally(db, id)) {
        if (r.quarantined && (r.status === 'confirmed' || r.status === 'pending')) out.quarantined += r.n;
        else out[r.status as keyof SignatureTally] += r.n;
      }
      return out;
    },

    async reports(id, limit = 24) {
      return (await repo.listReports(db, id, limit)).map((r) => ({
        hour: r.hour,
        report: parseJson<TrendReport>(r.data, {} as TrendReport),
        alerts: parseJson<TrendAlert[]>(r.alerts, []),
      }));
    },

    async trendingReport(hourStart) {
      const end = hourStart
        ? new Date(hourStart.getTime() + 3_600_000)
        : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      const from = isoAt(end.getTime() - 3_600_000);
      const to = end.toISOString();
      const dayBefore = isoAt(end.getTime() - 25 * 3_600_000);
      let made = 0;
      const alertsForStaff: Array<{ id: string; title: string; alerts: TrendAlert[] }> = [];
      for (const p of await repo.petitionsInStates(db, ['open'])) {
        const id = p.component_id;
        const totals = await repo.windowTotals(db, id, from, to);
        const before = await repo.windowTotals(db, id, dayBefore, from);
        const report: TrendReport = {
          hour: from,
          ...totals,
          baselinePerHour: Math.round((before.total / 24) * 10) / 10,
          domains: await repo.topBy(db, id, 'email_domain', from, to, 5),
          ipHashes: await repo.topBy(db, id, 'ip_hash', from, to, 5),
          ipPrefixes: await repo.topBy(db, id, 'ip_prefix_hash', from, to, 5),
          regions: await repo.topBy(db, id, 'region', from, to, 5),
        };
        const alerts = trendAlerts(report);
        if (
          await repo.insertReport(db, {
            id: newId(),
            petition_id: id,
            hour: from,
            data: toJson(report),
            alerts: toJson(alerts),
            created_at: nowIso(),
          })
        ) {
          made++;
          if (alerts.length) {
            const component = await campaigns.getComponent(id).catch(() => null);
            alertsForStaff.push({
              id,
              title: pickText((component?.settings as PetitionSettings | undefined)?.title, 'ru') || id,
              alerts,
            });
          }
        }
      }
      if (alertsForStaff.length) {
        const staff = (await accounts.listUsers()).filter(
          (u) => !u.disabled && (u.role === 'admin' || u.role === 'moderator'),
        );
        const t = i18n.translator('ru');
        const lines = alertsForStaff.flatMap((a) => [
          `${a.title}: ${ctx.link('ru', `/admin/petitions/${a.id}`)}`,
          ...a.alerts.map((al) => `  - ${t(`petition.alert.${al.kind}`, { n: al.n, key: al.key ?? '' })}`),
        ]);
        await mail.queue(
          db,
          staff.map((s) => ({
            to: s.email,
            category: 'petition.alert',
            subject: t('petition.mail.alert.subject', { count: alertsForStaff.length }),
            text: lines.join('\n'),
          })),
        );
        await audit.record(SYSTEM, 'petition.alert', null, {
          petitions: alertsForStaff.map((a) => a.id),
          alerts: alertsForStaff.reduce((n, a) => n + a.alerts.length, 0),
        });
      }
      return made;
    },

    async overview() {
      const alerts = new Map<string, number>();
      for (const r of await repo.reportsSince(db, isoAt(Date.now() - 86_400_000)))
        alerts.set(r.petition_id, (alerts.get(r.petition_id) ?? 0) + parseJson<unknown[]>(r.alerts, []).length);
      const rows: OverviewRow[] = [];
      for (const p of await repo.allPetitions(db)) {
        const component = await campaigns.getComponent(p.component_id).catch(() => null);
        if (!component) continue;
        rows.push({
          id: p.component_id,
          title: (component.settings as PetitionSettings).title,
          state: p.state as PetitionState,
          count: p.count_total,
          alerts: alerts.get(p.component_id) ?? 0,
        });
      }
      const order = ['open', 'moderation', 'draft', 'closed', 'delivered', 'answered', 'rejected'];
      return rows.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || b.count - a.count);
    },

    async reconcile() {
      let fixed = 0;
      const all = await repo.allPetitions(db);
      for (const p of all) if (await recount(ctx, p.component_id, 'reconcile')) fixed++;
      if (fixed) pageCache.clear();
      return { checked: all.length, fixed };
    },
  };
}
