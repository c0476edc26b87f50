// Wires the modules boot.ts lists, in that order: each gets exactly what it names in `needs`, from the
// platform or a module before it; then every module's contributions go to the platform (routes,
// jobs, background work) or to the module that collects their kind. Mistakes stop the start-up
// with a sentence that says what to change, never with a half-built object.
import type { WebKit } from '../../http/web.ts';
import type { AnyModule, CollectedKind, Contributions } from './module.ts';

const COLLECTED: CollectedKind[] = ['components', 'referenceLoaders', 'mapLayers', 'dashboardStatus', 'setupChecks'];

export interface Assembly {
  /** The platform's services and every module's, by name. */
  services: Record<string, unknown>;
  /** Creates each module's contributions (once the web kit exists) and hands collected kinds over. */
  contribute(web: WebKit): Array<Contributions & { module: string }>;
}

export async function assemble(platform: object, modules: readonly AnyModule[]): Promise<Assembly> {
  const have: Record<string, unknown> = { ...platform };
  const providedBy = new Map<string, string>(Object.keys(platform).map((k) => [k, 'the platform']));
  const created: Array<{ module: AnyModule; deps: Record<string, unknown> }> = [];
  for (const module of modules) {
    if (created.some((c) => c.module.name === module.name))
      throw new Error(`Module "${module.name}" is listed twice in boot.ts.`);
    const needs = Object.keys(module.needs);
    const missing = needs.filter((k) => !(k in have));
    if (missing.length)
      throw new Error(
        `Module "${module.name}" needs ${missing.map((k) => `"${k}"`).join(', ')}, which neither the platform nor ` +
          `a module listed before it in boot.ts provides. List the module that provides it first.`,
      );
    const deps: Record<string, unknown> = Object.fromEntries(needs.map((k) => [k, have[k]]));
    const api = (await module.create(deps)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(api)) {
      if (providedBy.has(key))
        throw new Error(`Module "${module.name}" provides "${key}", which ${providedBy.get(key)} already provides.`);
      providedBy.set(key, `module "${module.name}"`);
      have[key] = value;
      deps[key] = value;
    }
    created.push({ module, deps });
  }

  return {
    services: have,
    contribute(web) {
      const all = created.map(({ module, deps }) => ({ module: module.name, ...module.contributes?.(deps, web) }));
      for (const kind of COLLECTED) {
        const items = all.flatMap((c) => (c[kind] ?? []) as unknown[]);
        const collectors = created.filter(({ module }) => module.collects?.[kind]);
        if (items.length && !collectors.length)
          throw new Error(`Modules contribute ${kind}, but no module listed in boot.ts collects them.`);
        for (const { module, deps } of collectors)
          (module.collects![kind] as (d: object, i: unknown[]) => void)(deps, items);
      }
      return all;
    },
  };
}
