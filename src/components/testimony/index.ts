// The public face of the testimony module: what the command line (`dauys doctor`) reads of key set-up,
// the same progress the first-run checklist and the keys page show.
export type { KeysService } from './keys.service.ts';
export type { KeyProgress } from './testimony.ts';
export { caseHandlers } from './testimony.setup.ts';
