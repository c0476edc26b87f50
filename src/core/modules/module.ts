// The module contract. A module is one folder with one `<name>.module.ts` that exports
// `defineModule({...})`: what it needs (by name, with the narrow types it declares on its own side),
// what it provides, its migrations, and what it contributes to the site (routes, jobs, navigation,
// campaign components, reference loaders, map layers). boot.ts lists the modules; assemble.ts wires them.
import type { FastifyPluginAsync } from 'fastify';
import type { ComponentManifest } from '../campaigns/index.ts';
import type { Action, Staff } from '../accounts/index.ts';
import type { Locale, UiLocale } from '../../i18n/locales.ts';
import type { NavItem } from '../../ui/nav.ts';
import type { WebKit } from '../../http/web.ts';

export type { NavItem };

/** A background job: defined on every process, scheduled when it has a cron line (or queued with a payload). */
export interface JobSpec {
  name: string;
  /** Gets the payload it was enqueued with (`{}` for a scheduled run). */
  run(payload: Record<string, unknown>): Promise<void>;
  cron?: string;
  maxAttempts?: number;
}

/** A part of the reference dataset; idempotent, keeps staff edits. Parts load in module order. */
export interface ReferenceLoader {
  name: string;
  /** Whether this part already has data: a start finding any such part empty loads the whole dataset. */
  present?(): Promise<boolean>;
  load(): Promise<{ created: number; updated: number; unchanged: number }>;
}

/** A layer of the observatory's region map: a count per region code. */
export interface MapLayer {
  name: string;
  labelKey: string;
  counts(): Promise<Record<string, number>>;
}

/** What a dashboard status item says now: already in the reader's language. */
export interface StatusNote {
  level: 'ok' | 'warning';
  lines: string[];
}

/** One item about the installation's health on the staff dashboard (the age of the last backup, say). */
export interface DashboardStatus {
  id: string;
  /** Where it sits among the others (lower first). */
  order: number;
  titleKey: string;
  /** Shown to staff who may do any of these (everyone signed in when absent). */
  anyOf?: Action[];
  read(locale: UiLocale): Promise<StatusNote>;
}

/** Where one item of the first-run checklist stands now, for the staff member looking. */
export interface SetupState {
  done: boolean;
  /** A plain sentence about the state now (a message key and its values), e.g. "2 of 3 hold the key". */
  noteKey?: string;
  values?: Record<string, string | number>;
}

/**
 * One item of the first-run checklist on the staff dashboard. Each module contributes its own, so a
 * new module (backups, say) adds its item with one entry here and nothing else changes.
 */
export interface SetupCheck {
  /** Unique across modules, e.g. `testimony.org_key`. */
  id: string;
  /** Where it sits among the others (lower first). */
  order: number;
  titleKey: string;
  /** One plain sentence: why it matters. */
  whyKey: string;
  /** Where the step is done (path after the language prefix), when it has a page. */
  href?: string;
  /** Shown to staff who may do any of these (everyone signed in when absent). */
  anyOf?: Action[];
  /** Reads the state now; must not wait on the network (the dashboard gives up after a moment). */
  check(staff: Staff): Promise<SetupState>;
}

export type RoutePlugin = FastifyPluginAsync;

/** What a module adds to the whole; the kinds not handled by the platform go to the module that collects them. */
export interface Contributions {
  /** Pages and forms, registered under /kk, /ru and /en. */
  routes?: RoutePlugin;
  /** JSON endpoints, registered once at the root (paths start with /api/). */
  api?: RoutePlugin;
  jobs?: JobSpec[];
  /** Runs once the schema is current, before the site serves (e.g. syncing a reference table). */
  prepare?(): Promise<void>;
  /** Background work of a serving process (not of a command-line run). */
  start?(): void;
  stop?(): Promise<void>;
  components?: ComponentManifest<any, any>[];
  referenceLoaders?: ReferenceLoader[];
  mapLayers?: MapLayer[];
  /** Health items on the staff dashboard (collected by the campaigns module, which draws the dashboard). */
  dashboardStatus?: DashboardStatus[];
  /** Items of the first-run checklist (collected by the setup module, shown on the dashboard). */
  setupChecks?: SetupCheck[];
}

/** The contribution kinds a module may collect from all the others. */
export type Collected = Pick<
  Contributions,
  'components' | 'referenceLoaders' | 'mapLayers' | 'dashboardStatus' | 'setupChecks'
>;
export type CollectedKind = keyof Collected;

/** Exactly the keys of T, each `true`: a runtime list that the compiler checks is complete. */
export type KeysOf<T> = { readonly [K in keyof T]-?: true };

export interface ModuleDefinition<Needs extends object, Api extends object, Name extends string = string> {
  name: Name;
  /** Everything this module uses from the platform or from modules before it, by name. */
  needs: KeysOf<Needs>;
  /** Its migrations folder (names are timestamps; collected from every module and run in name order). */
  migrations?: URL;
  create(deps: Needs): Api | Promise<Api>;
  /** Static links for the public and the staff navigation, and the settings listed on a staff member's account page. */
  nav?: { public?: NavItem[]; admin?: NavItem[]; account?: NavItem[] };
  /** Called once every module exists, with the web kit that pages are rendered with. */
  contributes?(deps: Needs & Api, web: WebKit): Contributions;
  collects?: { [K in CollectedKind]?: (deps: Needs & Api, items: NonNullable<Collected[K]>) => void };
}

export type AnyModule = Omit<ModuleDefinition<any, any, string>, 'needs'> & { needs: object };
export type NeedsOf<M> = M extends ModuleDefinition<infer N, any> ? N : never;
export type ApiOf<M> = M extends ModuleDefinition<any, infer A> ? A : never;

/** Identity with inference: `Needs` comes from create's parameter, `Api` from what it returns. */
export const defineModule = <Needs extends object, Api extends object, const Name extends string>(
  definition: ModuleDefinition<Needs, Api, Name>,
): ModuleDefinition<Needs, Api, Name> => definition;

/** The names of a module's needs that `Have` lacks or provides with the wrong type. */
type Unmet<M, Have> = {
  [K in keyof NeedsOf<M>]-?: K extends keyof Have ? (Have[K] extends NeedsOf<M>[K] ? never : K) : K;
}[keyof NeedsOf<M>];

/**
 * `true` when every module's needs are met by the platform and the modules listed before it;
 * otherwise a message naming the first module and what it lacks (a compile error in boot.ts).
 */
export type Wiring<Ms extends readonly AnyModule[], Have> = Ms extends readonly [
  infer M extends AnyModule,
  ...infer Rest extends readonly AnyModule[],
]
  ? [Unmet<M, Have>] extends [never]
    ? Wiring<Rest, Have & ApiOf<M>>
    : { module: M['name']; lacks: Unmet<M, Have> }
  : true;

/** Everything the platform and the modules provide, as one type (for the command line and tests). */
export type Provided<Ms extends readonly AnyModule[], Have> = Ms extends readonly [
  infer M extends AnyModule,
  ...infer Rest extends readonly AnyModule[],
]
  ? Provided<Rest, Have & ApiOf<M>>
  : Have;
