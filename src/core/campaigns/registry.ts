// The component registry: each campaign action type (petition, appeal, flashmob, testimony …) is
// registered by a manifest. The campaign page, the admin UI and the dashboard use only this registry.
import type { FastifyPluginAsync } from 'fastify';
import type { VNode } from 'preact';
import type { z } from 'zod';
import type { PageContext } from '../../ui/context.ts';
import type { Staff } from '../accounts/index.ts';
import type { Campaign, CampaignComponent } from './campaign.ts';

/** How a setting appears in the generated admin form. Labels are message keys. */
export type FieldSpec =
  | {
      name: string;
      kind: 'translatable-text' | 'translatable-textarea';
      label: string;
      required?: boolean;
      max?: number;
      hint?: string;
    }
  | { name: string; kind: 'text' | 'textarea' | 'url' | 'date'; label: string; required?: boolean; max?: number }
  | { name: string; kind: 'number'; label: string; required?: boolean; min?: number; max?: number }
  | { name: string; kind: 'select'; label: string; options: Array<{ value: string; label: string }> }
  | { name: string; kind: 'checkbox'; label: string };

export interface ComponentAction {
  name: string; // e.g. sign, send, join, submit
  labelKey: string;
  public: boolean; // performed by the public (no staff account)
}

export interface ComponentStat {
  key: string;
  labelKey: string;
  value: number;
}

export interface ComponentExporter {
  name: string;
  labelKey: string;
  contentType: string;
  extension: string;
  run(component: CampaignComponent, campaign: Campaign): Promise<string>;
}

export interface PermissionContext {
  campaign: Campaign;
  component: CampaignComponent;
}

export interface ComponentViewProps<S = Record<string, unknown>, D = unknown> {
  ctx: PageContext;
  campaign: Campaign;
  component: CampaignComponent;
  settings: S;
  stats: ComponentStat[];
  /** What the manifest's load() returned for this component (undefined without one). */
  data?: D;
}

export interface SettingsLock {
  fields: string[];
  /** Message shown next to each locked field, and as the error when a change is attempted. */
  reasonKey: string;
}

/** One step an action needs before the public sees it (see go-live.ts). */
export interface GoLiveStep {
  /** Stable id, e.g. `campaign`, `visibility`, `petition.moderation`. */
  key: string;
  labelKey: string;
  done: boolean;
  /** Where the step is done (path after the language prefix). */
  href?: string;
  /** Who must do it when an organiser cannot (a message key, e.g. "a moderator or an admin"). */
  whoKey?: string;
}

/** What an action type adds to the two steps every action has (campaign public, action visible). */
export interface GoLiveNeeds {
  steps: GoLiveStep[];
  /** Its last step makes the action visible by itself (a petition is shown once approved). */
  publishesItself?: boolean;
  /** Where the public sees it once live (path after the language prefix); the campaign page otherwise. */
  publicPath?: string;
}

export interface ComponentManifest<S extends Record<string, unknown> = Record<string, unknown>, D = unknown> {
  type: string;
  labelKey: string;
  descriptionKey: string;
  settings: { schema: z.ZodType<S>; fields: FieldSpec[] };
  actions: ComponentAction[];
  /** Pure: may this person (null = the public) perform this action (or 'manage', 'export') here? */
  permissions(staff: Staff | null, action: string, ctx: PermissionContext): boolean;
  stats?(component: CampaignComponent): Promise<ComponentStat[]>;
  exporters?: ComponentExporter[];
  /** The component's own pages and forms: an encapsulated plugin registered under /kk, /ru and /en. */
  plugin?: FastifyPluginAsync;
  /** The component's JSON API, registered once at the root (paths start with /api/v1/). */
  apiPlugin?: FastifyPluginAsync;
  /** Loads what the block needs beyond settings and stats (e.g. a petition's state and count). */
  load?(component: CampaignComponent): Promise<D>;
  /** Settings that may no longer change (a petition's text once people can sign it), and why. */
  lockedSettings?(component: CampaignComponent): Promise<SettingsLock | null>;
  /** The component's own staff page (path after the language prefix), linked from the admin UI. */
  adminPath?(component: CampaignComponent): string;
  /** What this action needs, beyond the campaign being public and the action visible, before the public sees it. */
  goLive?(component: CampaignComponent): Promise<GoLiveNeeds>;
  /** The component's block on the public campaign page. Pure: no I/O. */
  view(props: ComponentViewProps<S, D>): VNode;
}

export class ComponentRegistry {
  private readonly manifests = new Map<string, ComponentManifest<any>>();

  register<S extends Record<string, unknown>, D>(manifest: ComponentManifest<S, D>): void {
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(manifest.type)) throw new Error(`Bad component type name: ${manifest.type}`);
    if (this.manifests.has(manifest.type)) throw new Error(`Component type ${manifest.type} is registered twice`);
    this.manifests.set(manifest.type, manifest);
  }
  get(type: string): ComponentManifest<any> | undefined {
    return this.manifests.get(type);
  }
  all(): ComponentManifest<any>[] {
    return [...this.manifests.values()];
  }
}
