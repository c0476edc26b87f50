import type { Command } from 'commander';
import type { JobsService } from '../jobs/index.ts';
import { configOrExit } from './config-or-exit.ts';
import { withServices, type CliHost } from './host.ts';

export function jobsCommand(program: Command, host: CliHost<{ jobs: JobsService }>): void {
  program
    .command('jobs')
    .option('--run', 'run every due job once, then exit')
    .action(async (opts: { run?: boolean }) => {
      await withServices(host, configOrExit(), async (services) => {
        if (opts.run) {
          const ran = await services.jobs.drain();
          process.stdout.write(`Ran ${ran} job${ran === 1 ? '' : 's'}.\n`);
        }
        const s = await services.jobs.status();
        process.stdout.write('Queue\n');
        if (!s.counts.length) process.stdout.write('  (empty)\n');
        for (const c of s.counts)
          process.stdout.write(
            `  ${c.name.padEnd(28)} ${c.status.padEnd(8)} ${String(c.n).padStart(6)}  next ${c.nextRun}\n`,
          );
        process.stdout.write('Schedules (UTC)\n');
        for (const c of s.schedules)
          process.stdout.write(`  ${c.name.padEnd(28)} ${c.cron.padEnd(14)} next ${c.next}\n`);
        process.stdout.write(`Handlers: ${s.handlers.join(', ')}\n`);
        if (s.failures.length) {
          process.stdout.write('Recent failures\n');
          for (const f of s.failures)
            process.stdout.write(`  ${f.at} ${f.name} (attempt ${f.attempts}, ${f.status}): ${f.error}\n`);
        }
      });
    });
}
