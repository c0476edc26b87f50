// Flashmobs: a campaign's hashtag kit in three languages and its live uptake, read from the monitor.
import type { CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import { defineModule } from '../../core/modules/module.ts';
import type { MonitorService } from '../../monitor/monitor.service.ts';
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
