// The public face of src/help: other modules import only from here.
export type { HelpService } from './help.service.ts';
export { NEEDS, isNeed } from './help.ts';
export type { HelpEntry, Need } from './help.ts';
export { HelpCard } from './views/help-list.tsx';
export { decodeHelpCsv } from './help-csv.ts';
export type { Reject as HelpImportReject } from './help-csv.ts';
export type { ImportResult as HelpImportResult } from './help.import.ts';
