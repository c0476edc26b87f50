// The public face of src/monitor: other modules import only from here.
export { FORMATS, ImportError } from './monitor.import.ts';
export type { ImportFormat, ImportProgress } from './monitor.import.ts';
export { importReport, rejectsCsv } from './import-report.ts';
export type { MonitorService } from './monitor.service.ts';
export { cleanHashtag, extractEntities, stripInvisible, tagKey } from './normalise.ts';
export { PLATFORMS, isPlatform } from './post.ts';
export type { Platform } from './post.ts';
export { whenText } from './spike-events.ts';
