// Testimonies: intake (ciphertext only), the survivor's follow-up through her receipt, casework,
// publication with her approval, statistics from consenting records, and retention. One service
// made of its sides, each in its own file; they share how a case is written (case-store.ts).
import type { AuditService } from '../../core/accounts/index.ts';
import type { Db } from '../../db/database.ts';
import type { HelpService } from '../../help/index.ts';
import type { ObservatoryService } from '../../observatory/index.ts';
import { createCaseStore } from './case-store.ts';
import { createCasework, type Casework } from './casework.service.ts';
import type { FileStore } from './file-store.ts';
import { createPublicCases, type PublicCases } from './public.service.ts';
import type { ReceiptHasher } from './receipt.server.ts';
import { createRetention, type Retention } from './retention.service.ts';
import { createSurvivorCases, type SurvivorCases } from './survivor.service.ts';

export type TestimonyService = SurvivorCases & Casework & PublicCases & Retention;

export function createTestimonyService(deps: {
  db: Db;
  audit: AuditService;
  files: FileStore;
  hasher: ReceiptHasher;
  help: HelpService;
  observatory: ObservatoryService;
  retentionDays: number;
  warningDays: number;
  onPublish?: () => void;
  onArrival?: () => Promise<void>;
  onFlagged?: () => Promise<void>;
}): TestimonyService {
  const cases = createCaseStore(deps);
  return {
    ...createSurvivorCases(deps, cases),
    ...createCasework(deps, cases),
    ...createPublicCases(deps),
    ...createRetention(deps),
  };
}
