// `dauys ledger verify|mirror|checkpoint|rotate-key|status`: the ledger's log from the terminal.
// verify and mirror need no database: they check any Dauys log (or a mirror of one) from outside.
import type { Command } from 'commander';
import { LedgerVerifyError, verifyLog, type LedgerKeys, type LedgerLog } from '../ledger/index.ts';
import { configOrExit } from './config-or-exit.ts';
import { withServices, type CliHost } from './host.ts';

type Services = { ledgerLog: LedgerLog; ledgerKeys: LedgerKeys };

const out = (s: string) => process.stdout.write(s);
const collect = (v: string, all: string[]) => [...all, v];

/** A failed check as one line naming the first entry that does not match, when there is one. */
export function verifyFailureText(err: unknown): string {
  if (err instanceof LedgerVerifyError) {
    const where = err.entry !== undefined ? `entry ${err.entry} does not match` : 'the log does not verify';
    return `${where}: ${err.message}${err.path ? ` (${err.path})` : ''}`;
  }
  const e = err as { reason?: string; message?: string };
  return e.reason ? `the log does not verify: ${e.message}` : String(e.message ?? err);
}

async function check(opts: Parameters<typeof verifyLog>[0], verb: string): Promise<void> {
  try {
    const r = await verifyLog(opts);
    if (r.trustedOnFirstUse)
      process.stderr.write(
        `note: no --vkey given, so the keys the log serves were trusted on first use and remembered:\n${r.vkeys.map((k) => `  ${k}\n`).join('')}`,
      );
    const since =
      (r.previousSize === null ? '' : `; consistent with the checkpoint of ${r.previousSize} entries seen before`) +
      (r.cosignatures.valid.length ? `; cosigned by ${r.cosignatures.valid.map((w) => w.name).join(', ')}` : '');
    out(
      `OK ${verb} ${r.checkpoint.origin}: ${r.checkpoint.size} entries, root ${Buffer.from(r.checkpoint.root).toString('base64')}${since}\n`,
    );
  } catch (err) {
    process.stderr.write(`FAILED: ${verifyFailureText(err)}\n`);
    process.exitCode = 1;
  }
}

/** `dauys ledger` with the log's subcommands; returns it, for the books' subcommands to join. */
export function ledgerCommand(program: Command, host: CliHost<Services>): Command {
  const ledger = program.command('ledger');
  const use = <T>(run: (s: Services) => Promise<T>) => withServices(host, configOrExit(), run, { writerThread: false });

  ledger
    .command('verify')
    .argument('<source>', 'the log: https://site/ledger (a bare site gets /ledger), or a mirror directory')
    .description(
      'check the signed checkpoint, recompute every tile and the root from the entries, and check the log ' +
        'still extends the checkpoint seen last time; exits 1 naming the first entry that does not match',
    )
    .option(
      '--vkey <key>',
      "the log's verifier key (repeat for a rotated key); default: remembered, or first use",
      collect,
      [],
    )
    .option(
      '--state <file>',
      'where the last checkpoint seen is remembered (default: ~/.config/dauys/ledger-verify.json)',
    )
    .option('--no-state', 'remember nothing')
    .option('--witness <key>', "a witness's cosignature key whose cosignature to require (repeatable)", collect, [])
    .option('--quorum <n>', 'how many of the --witness keys must have cosigned (default: all of them)')
    .action(
      async (source: string, opts: { vkey: string[]; state?: string | false; witness: string[]; quorum?: string }) => {
        const quorum = opts.quorum === undefined ? undefined : Number(opts.quorum);
        if (quorum !== undefined && (!Number.isSafeInteger(quorum) || quorum < 0)) {
          process.stderr.write('FAILED: --quorum must be a whole number\n');
          process.exitCode = 1;
          return;
        }
        await check(
          {
            source,
            vkeys: opts.vkey,
            statePath: opts.state === false ? null : opts.state,
            witnesses: opts.witness,
            quorum,
          },
          'verified',
        );
      },
    );

  ledger
    .command('mirror')
    .argument('<url>', 'the log to copy, e.g. https://site/ledger')
    .argument('<dir>', 'the directory to keep the copy in (serve it with any static web server)')
    .description('copy a log into a directory after verifying it; later runs fetch only what is new')
    .option('--vkey <key>', "the log's verifier key (repeat for a rotated key)", collect, [])
    .option('--state <file>', 'also remember the checkpoint here, as verify does')
    .action(async (url: string, dir: string, opts: { vkey: string[]; state?: string }) => {
      await check({ source: url, mirrorDir: dir, vkeys: opts.vkey, statePath: opts.state ?? null }, 'mirrored');
    });

  ledger
    .command('checkpoint')
    .description('sign and publish a checkpoint now, if the log has grown since the last one')
    .action(async () => {
      await use(async (s) => {
        const made = await s.ledgerLog.publish();
        const cp = await s.ledgerLog.latestCheckpoint();
        out(
          made
            ? `Published a checkpoint of ${cp!.size} entries.\n`
            : cp
              ? `Nothing new: the latest checkpoint already covers ${cp.size} entries.\n`
              : 'The log is empty: nothing to publish.\n',
        );
      });
    });

  ledger
    .command('rotate-key')
    .description("retire the log's signing key and make a new one; old checkpoints still verify with the old key")
    .action(async () => {
      await use(async (s) => {
        const r = await s.ledgerKeys.rotate();
        if (r.retired) out(`Retired: ${r.retired}\n`);
        out(`Current: ${r.current}\nVerifiers should now trust both keys (see /ledger/vkey).\n`);
      });
    });

  ledger
    .command('status')
    .description("the log's origin, size, latest checkpoint and keys")
    .action(async () => {
      await use(async (s) => {
        const cp = await s.ledgerLog.latestCheckpoint();
        out(`Origin: ${s.ledgerLog.origin}\nEntries: ${await s.ledgerLog.size()}\n`);
        out(cp ? `Latest checkpoint: ${cp.size} entries, root ${cp.rootHash}\n` : 'No checkpoint yet.\n');
        const keys = await s.ledgerLog.verifierKeys();
        out(keys.length ? `Keys (current first):\n${keys.map((k) => `  ${k}\n`).join('')}` : 'No key yet.\n');
      });
    });
  return ledger;
}
