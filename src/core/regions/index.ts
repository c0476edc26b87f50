// The public face of src/core/regions: other modules import only from here.
export { regionLookup } from './lookup.ts';
export { compareRegionNames, withoutCityWord } from './names.ts';
export type { Region } from './region.ts';
export { createRegionsService } from './regions.service.ts';
export type { RegionsService } from './regions.service.ts';
