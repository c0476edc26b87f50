// The public face of src/observatory: other modules import only from here.
export type { ObservatoryService } from './observatory.service.ts';
