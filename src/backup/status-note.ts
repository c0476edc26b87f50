// The dashboard's backup item: the age of the last good backup, the schedule, and a warning when
// there is none, it is older than twice the interval, the last attempt failed or no passphrase is set.
import type { StatusNote } from '../core/modules/index.ts';
import { formatNumber } from '../i18n/format.ts';
import type { UiLocale } from '../i18n/locales.ts';
import type { T } from '../i18n/translator.ts';
import type { BackupStatus } from './backup.service.ts';

export function duration(ms: number, t: T): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return t('backup.duration.minutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('backup.duration.hours', { n: hours });
  return t('backup.duration.days', { n: Math.round(hours / 24) });
}

export function statusNote(s: BackupStatus, t: T, locale: UiLocale, now: Date): StatusNote {
  const lines: string[] = [];
  const ago = (iso: string) => duration(now.getTime() - Date.parse(iso), t);
  if (s.lastGood)
    lines.push(
      t('backup.status.last_good', {
        age: ago(s.lastGood.at),
        file: s.lastGood.file,
        size: t('backup.size', { mb: formatNumber(Math.round((s.lastGood.bytes / 1e6) * 10) / 10, locale) }),
      }),
    );
  else lines.push(t('backup.status.never'));
  if (s.lastGood && s.stale && s.intervalMs)
    lines.push(t('backup.status.stale', { interval: duration(2 * s.intervalMs, t) }));
  if (s.lastFailure)
    lines.push(t('backup.status.last_failed', { age: ago(s.lastFailure.at), error: s.lastFailure.error }));
  if (s.schedule === 'on')
    lines.push(t('backup.status.schedule', { interval: duration(s.intervalMs!, t), dir: s.dir, keep: s.keep }));
  else lines.push(t(s.schedule === 'off' ? 'backup.status.off' : 'backup.status.no_passphrase'));
  const warning = s.stale || !!s.lastFailure || s.schedule === 'no_passphrase';
  return { level: warning ? 'warning' : 'ok', lines };
}
