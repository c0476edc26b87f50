// The public face of src/core/modules: other modules import only from here.
export { defineModule } from './module.ts';
export type { Contributions, KeysOf, NavItem, ReferenceLoader } from './module.ts';
