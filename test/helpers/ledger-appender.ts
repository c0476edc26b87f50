// A child process for test/ledger-kill.test.ts: appends batches to the ledger's log and publishes
// checkpoints as fast as it can until it is killed. Prints each checkpoint it published.
import { closeServices, createServices } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';

const config = loadConfig(process.env);
const s = await createServices(config, { migrate: true, writerThread: false });
let n = await s.ledgerLog.size();
process.stdout.write(`ready ${n}\n`);
for (let round = 0; ; round++) {
  const count = 1 + ((round * 97) % 400);
  const records = Array.from({ length: count }, (_, k) => ({ kind: 'test', n: n + k, pid: process.pid }));
  await s.db.transaction().execute((trx) => s.ledgerLog.append(trx, records));
  n += count;
  if (round % 3 === 0 && (await s.ledgerLog.publish())) {
    const cp = (await s.ledgerLog.latestCheckpoint())!;
    process.stdout.write(`checkpoint ${cp.size} ${cp.rootHash}\n`);
  }
  if (round > 100_000) break;
}
await closeServices(s);
