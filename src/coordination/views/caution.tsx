// The careful words every coordination page carries: what the analysis shows and what it does not.
import type { PageContext } from '../../ui/context.ts';

export const Caution = ({ ctx }: { ctx: PageContext }) => (
  <div class="notice notice--preview" role="note">
    <p>
      <strong>{ctx.t('coordination.caution.title')}</strong> {ctx.t('coordination.caution.text')}
    </p>
  </div>
);
