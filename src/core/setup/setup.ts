// The first-run checklist: the items every module contributes, in order (one id each), filtered to what the staff member may act on, and read with a time limit
// so that one slow or failing item never holds up the dashboard.
import { can, type Staff } from '../accounts/index.ts';
import type { SetupCheck, SetupState } from '../modules/index.ts';

/** One item as the dashboard shows it. */
export interface SetupItem extends SetupState {
  id: string;
  titleKey: string;
  whyKey: string;
  href?: string;
}

/** How long one item may take before it is shown as "could not be checked". */
export const CHECK_TIMEOUT_MS = 1500;

const UNKNOWN: SetupState = { done: false, noteKey: 'setup.state.unknown' };

/** The items in order; two with one id are a mistake. */
export function mergeChecks(checks: readonly SetupCheck[]): SetupCheck[] {
  const byId = new Map<string, SetupCheck>();
  for (const c of checks) {
    if (byId.has(c.id))
      throw new Error(`Two modules contribute the set-up item "${c.id}"; each item needs its own id.`);
    byId.set(c.id, c);
  }
  return [...byId.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export const visibleTo = (staff: Staff, check: SetupCheck): boolean =>
  !check.anyOf || check.anyOf.some((a) => can(staff, a));

type Warn = (msg: string, extra?: object) => void;

async function within(check: SetupCheck, staff: Staff, ms: number, warn: Warn): Promise<SetupState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SetupState>((resolve) => (timer = setTimeout(() => resolve(UNKNOWN), ms)));
  const failed = (err: Error) => {
    warn('set-up check failed', { check: check.id, error: err.message });
    return UNKNOWN;
  };
  try {
    return await Promise.race([check.check(staff).catch(failed), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface SetupChecklist {
  /** Adds the items modules contribute (the assembler calls it once). */
  register(checks: readonly SetupCheck[]): void;
  /** The items this staff member may act on, in order, each with its state now. */
  evaluate(staff: Staff): Promise<SetupItem[]>;
}

export function createSetupChecklist(opts: { timeoutMs?: number; warn?: Warn } = {}): SetupChecklist {
  let checks: SetupCheck[] = [];
  return {
    register(more) {
      checks = mergeChecks([...checks, ...more]);
    },
    async evaluate(staff) {
      const mine = checks.filter((c) => visibleTo(staff, c));
      const states = await Promise.all(
        mine.map((c) => within(c, staff, opts.timeoutMs ?? CHECK_TIMEOUT_MS, opts.warn ?? (() => {}))),
      );
      return mine.map((c, i) => ({ id: c.id, titleKey: c.titleKey, whyKey: c.whyKey, href: c.href, ...states[i] }));
    },
  };
}
