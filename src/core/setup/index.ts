// The public face of src/core/setup: other modules import only from here.
export type { SetupChecklist, SetupItem } from './setup.ts';
export { SetupList } from './views/setup-list.tsx';
