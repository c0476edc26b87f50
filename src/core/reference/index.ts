// The public face of src/core/reference: other modules import only from here.
export { readReferenceJson, upsertEach } from './reference.service.ts';
export type { ReferenceService, ReferenceSource } from './reference.service.ts';
