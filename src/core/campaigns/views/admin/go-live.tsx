// "Before the public sees this": the steps still missing, each with where it is done and who must
// do it; or, when nothing is missing, that it is live and where.
import type { PageContext } from '../../../../ui/context.ts';
import type { GoLive } from '../../go-live.ts';
import type { GoLiveStep } from '../../registry.ts';

function Missing({ ctx, step }: { ctx: PageContext; step: GoLiveStep }) {
  const { t, locale } = ctx;
  // The step's own words are the link to where it is done.
  return (
    <li data-missing={step.key}>
      {step.href ? <a href={`/${locale}${step.href}`}>{t(step.labelKey)}</a> : t(step.labelKey)}
      {step.whoKey ? <> ({t('golive.who', { who: t(step.whoKey) })})</> : null}
    </li>
  );
}

export function LiveLink({ ctx, state }: { ctx: PageContext; state: GoLive }) {
  const url = `/${ctx.locale}${state.publicPath}`;
  return (
    <p class="golive__live" data-live="">
      {ctx.t('golive.live')} <a href={url}>{url}</a>
    </p>
  );
}

/** The list of missing steps (or the live link), without a heading: for the campaign's list of actions. */
export function GoLiveSteps({ ctx, state }: { ctx: PageContext; state: GoLive }) {
  if (state.live) return <LiveLink ctx={ctx} state={state} />;
  const done = state.steps.filter((s) => s.done);
  return (
    <div class="golive__steps">
      <p>{ctx.t('golive.missing', { count: state.missing.length })}</p>
      <ol>
        {state.missing.map((step) => (
          <Missing ctx={ctx} step={step} />
        ))}
      </ol>
      {done.length ? (
        <p class="hint">{ctx.t('golive.already', { steps: done.map((s) => ctx.t(s.labelKey)).join('; ') })}</p>
      ) : null}
    </div>
  );
}

/** The panel on an action's own organiser page. */
export function GoLivePanel({ ctx, state }: { ctx: PageContext; state: GoLive }) {
  return (
    <section
      class={state.live ? 'golive golive--live' : 'golive'}
      aria-labelledby="golive-title"
      data-golive={state.componentId}
    >
      <h2 id="golive-title">{ctx.t(state.live ? 'golive.title_live' : 'golive.title')}</h2>
      <GoLiveSteps ctx={ctx} state={state} />
    </section>
  );
}
