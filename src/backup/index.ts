// The public face of src/backup: the command line, a first-run checklist or `dauys doctor` import only from here.
export type { BackupService, BackupStatus } from './backup.service.ts';
export { backupStatus, checkPassphrase, MIN_PASSPHRASE } from './backup.service.ts';
export { readArchive, writeArchive } from './archive-file.ts';
export { readManifest, restore, type RestoreOptions, type RestoreStats } from './restore.ts';
export type { DumpStats } from './dump.ts';
export { DEFAULT_KDF, type KdfCost } from './sealed-stream.ts';
export { backedUp } from './snapshot.ts';
