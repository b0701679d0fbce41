/**
 * npm run pretrain -- clip|vlm [--steps N] [--seed S] [--out DIR] [--json]
 * Trains an embedded model from scratch on the shapes world and writes it in the Hub layout.
 * Progress goes to stderr; with --json the last line of stdout is a JSON summary.
 */
import { pathToFileURL } from 'node:url';
import { runPretrain, type PretrainOptions } from './pretrain-run';

export const PRETRAIN_USAGE = 'Usage: npm run pretrain -- clip|vlm [--steps N] [--seed S] [--out DIR] [--json]';

export function parsePretrainArgs(args: string[]): { options: PretrainOptions; json: boolean } {
  const [stage, ...rest] = args;
  if (stage !== 'clip' && stage !== 'vlm') throw new Error(`Pick a stage, clip or vlm. ${PRETRAIN_USAGE}`);
  const options: PretrainOptions = { stage };
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = () => {
      const next = rest[++i];
      if (next === undefined) throw new Error(`${flag} needs a value. ${PRETRAIN_USAGE}`);
      return next;
    };
    const whole = (name: string, text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${text}".`);
      return n;
    };
    if (flag === '--json') json = true;
    else if (flag === '--steps') options.steps = whole('--steps', value());
    else if (flag === '--seed') options.seed = whole('--seed', value());
    else if (flag === '--out') options.out = value();
    else throw new Error(`Unknown option ${flag}. ${PRETRAIN_USAGE}`);
  }
  return { options, json };
}

export async function main(args: string[]): Promise<number> {
  try {
    const { options, json } = parsePretrainArgs(args);
    const summary = await runPretrain(options);
    const { losses, ...rest } = summary;
    process.stderr.write(`wrote ${summary.files.join(', ')} to ${summary.out}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ ...rest, firstLoss: losses[0], lastLoss: losses.at(-1) })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
