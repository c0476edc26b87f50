// A run's state in words, with a progress bar while it runs.
import { formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import type { RunRecord } from '../coordination.model.ts';

export function RunState({ ctx, run, detailed }: { ctx: PageContext; run: RunRecord; detailed?: boolean }) {
  const { t, locale } = ctx;
  if (run.status !== 'running') {
    const text = t(`coordination.status.${run.status}`);
    return run.status === 'failed' && detailed ? (
      <span>
        {text}: {t(`coordination.failure.${run.error === 'interrupted' ? 'interrupted' : 'failed'}`)}
      </span>
    ) : (
      <span>{text}</span>
    );
  }
  const stage = t(`coordination.stage.${run.stage ?? 'read'}`);
  return (
    <span class="run-state">
      {stage}
      {run.stage === 'read' || !run.stage ? (
        <> · {t('coordination.posts_read', { count: run.messages, n: formatNumber(run.messages, locale) })}</>
      ) : (
        <progress max="1000" value={run.progress} aria-label={stage}>
          {Math.round(run.progress / 10)} %
        </progress>
      )}
    </span>
  );
}
