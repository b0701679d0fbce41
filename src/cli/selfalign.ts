// The headless pipeline: `npm run selfalign -- <command> …`. With --json the last stdout line is one JSON object.
import { evalClipCommand, evalClipUsage } from './eval-clip-command';
import { evalCommand, evalUsage } from './eval-command';
import { exportCommand, exportUsage } from './export-command';
import { pairsCommand, pairsUsage } from './pairs-command';
import { roundCommand, roundUsage } from './round-command';
import { trainCommand, trainUsage } from './train-command';
import { UsageError } from './usage';

const commands: Record<string, { run: (args: string[]) => Promise<unknown>; usage: string }> = {
  eval: { run: evalCommand, usage: evalUsage },
  'eval-clip': { run: evalClipCommand, usage: evalClipUsage },
  export: { run: exportCommand, usage: exportUsage },
  pairs: { run: pairsCommand, usage: pairsUsage },
  round: { run: roundCommand, usage: roundUsage },
  train: { run: trainCommand, usage: trainUsage },
};

const usage = `Usage:\n${Object.values(commands)
  .map((c) => `  ${c.usage}`)
  .join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands[name];
  if (!command) {
    console.error(name ? `Unknown command "${name}".\n${usage}` : usage);
    return 2;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    console.error(
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? `${message}\n${command.usage}`
        : message,
    );
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
