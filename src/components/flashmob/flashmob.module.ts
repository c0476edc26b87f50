// Flashmobs: a campaign's hashtag kit in three languages and its live uptake, read from the monitor.
import type { CampaignsService } from '../../core/campaigns/index.ts';
import { defineModule } from '../../core/modules/index.ts';
import type { MonitorService } from '../../monitor/index.ts';
import { flashmobComponent } from './flashmob.component.tsx';

export const flashmobModule = defineModule({
  name: 'flashmob',
  needs: { campaigns: true, monitor: true },
  create: (_: { campaigns: CampaignsService; monitor: MonitorService }) => ({}),
  contributes: (deps, web) => {
    const { manifest, plugin } = flashmobComponent({ ...web, ...deps });
    return { components: [manifest], routes: plugin };
  },
});
