// Observatory events next to spikes: for each burst of posts, the rallies, hearings, verdicts, laws
// and other dated moments that happened around it, so an analyst can tell a reaction from a
// campaign push or coordinated activity. The monitor reads them through an optional EventSource (the
// observatory's service, wired in boot.ts) and never from another module's tables; without a source,
// spikes stand alone.
//
// Matching rules (documented in the README):
// - a moment dated to the day matches when it lies within WINDOW_DAYS days of the spike's day
//   (spike hours are UTC; moment dates are local calendar days, which the window absorbs);
// - a multi-day event (both ends dated to the day) matches while under way, or within the window
//   of its first or last day;
// - a moment dated only to the month is too vague to stand next to an hour on its own: it is shown,
//   marked approximate, only when its record is linked to a campaign of the scope and its month is
//   the spike's month; moments dated only to the year never match;
// - moments linked to a campaign of the scope come first, then exact ones by distance.
import type { Translatable } from '../i18n/locales.ts';
import type { T } from '../i18n/translator.ts';

/** A dated moment from elsewhere, in the shape the observatory's `momentsNear` gives. */
export interface ContextEvent {
  key: string;
  kind: string;
  title: Translatable;
  /** Message key saying what happened, e.g. observatory.step.case.verdict. */
  labelKey: string;
  /** YYYY-MM-DD, or YYYY-MM when only the month is known. */
  date: string;
  /** Last day of a multi-day event. */
  end: string | null;
  /** Its page without the language prefix. */
  path: string;
  campaignIds: string[];
}

export interface EventSource {
  /** Moments dated between two days (inclusive), to the months they touch, or under way then. */
  momentsNear(from: string, to: string): Promise<ContextEvent[]>;
}

export interface SpikeEvent extends ContextEvent {
  /** Days from the spike's day to the moment: negative before it, positive after, 0 the same day or under way. */
  days: number;
  /** A multi-day event under way on the spike's day. */
  during: boolean;
  /** Dated only to the spike's month. */
  approximate: boolean;
  /** Its record is linked to a campaign of the scope. */
  linked: boolean;
}

export interface SpikeEvents {
  items: SpikeEvent[];
  /** How many more matched than are listed. */
  more: number;
}

export const WINDOW_DAYS = 2;
export const EVENTS_PER_SPIKE = 5;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** A day `n` days away from `day` (YYYY-MM-DD). */
export const shiftDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function compare(a: SpikeEvent, b: SpikeEvent): number {
  return (
    Number(b.linked) - Number(a.linked) ||
    Number(a.approximate) - Number(b.approximate) ||
    Math.abs(a.days) - Math.abs(b.days) ||
    Number(a.during) - Number(b.during) ||
    a.date.localeCompare(b.date) ||
    a.key.localeCompare(b.key)
  );
}

/** The moments near one spike (its bucket `t` is an hour, YYYY-MM-DDTHH, or a day), best first. */
export function eventsNear(
  t: string,
  events: readonly ContextEvent[],
  scopeCampaigns: ReadonlySet<string>,
  opts: { window?: number; limit?: number } = {},
): SpikeEvents {
  const window = opts.window ?? WINDOW_DAYS;
  const limit = opts.limit ?? EVENTS_PER_SPIKE;
  const day = t.slice(0, 10);
  const d = dayNumber(day);
  const found: SpikeEvent[] = [];
  for (const e of events) {
    const linked = e.campaignIds.some((id) => scopeCampaigns.has(id));
    if (DAY_RE.test(e.date)) {
      const start = dayNumber(e.date);
      const end = e.end && DAY_RE.test(e.end) && e.end > e.date ? dayNumber(e.end) : start;
      const days = d < start ? start - d : d > end ? end - d : 0;
      if (Math.abs(days) > window) continue;
      found.push({
        ...e,
        end: end > start ? e.end : null,
        days,
        during: end > start && days === 0,
        approximate: false,
        linked,
      });
    } else if (MONTH_RE.test(e.date) && linked && e.date === day.slice(0, 7)) {
      found.push({ ...e, end: null, days: 0, during: false, approximate: true, linked });
    }
  }
  found.sort(compare);
  return { items: found.slice(0, limit), more: Math.max(0, found.length - limit) };
}

/** Adds the nearby moments to each spike, asking the source once for the whole span. */
export async function annotate<S extends { t: string }>(
  spikes: S[],
  source: EventSource,
  scopeCampaigns: ReadonlySet<string>,
): Promise<Array<S & { events: SpikeEvents }>> {
  if (!spikes.length) return [];
  const days = spikes.map((s) => s.t.slice(0, 10)).sort();
  const events = await source.momentsNear(
    shiftDay(days[0], -WINDOW_DAYS),
    shiftDay(days[days.length - 1], WINDOW_DAYS),
  );
  return spikes.map((s) => ({ ...s, events: eventsNear(s.t, events, scopeCampaigns) }));
}

/** When a moment happened relative to its spike, in the reader's language. */
export function whenText(t: T, e: SpikeEvent): string {
  if (e.approximate) return t('monitor.event.approximate');
  if (e.during) return t('monitor.event.during');
  if (e.days === 0) return t('monitor.event.same_day');
  return e.days < 0 ? t('monitor.event.before', { days: -e.days }) : t('monitor.event.after', { days: e.days });
}
