// Controlled question-only batches in the stream format of src/pretraining/pretrain-stream.ts, to find
// what a shapes-vlm trained from scratch can learn (README, "Why yes/no stays at chance"). Each
// example is one scene (at most --max-objects objects) with three turns of one task:
//   exists            the world's existence questions ("Is there a red star in the image?" → yes/no)
//   attribute-exists  one attribute ("Is there a red object in the image?" / "Is there a star …?")
//   what              "What colour is the object?" and "What shape is the object?" (one-object scenes)
//   echo              attribute-exists questions answered with the asked word ("red"), no image needed
//   what-and-exists   attribute-exists, with "What colour is the object?" as the second turn
//   sentence          attribute-exists answered "yes, there is a red object." / "no, there is no red object."
//   look-then-answer  attribute-exists answered after looking (one-object scenes): "the object is a green
//                     square, so no."
//   exists-look       the world's existence questions answered after looking: "I see a red circle and a
//                     blue star, so no."
//   where-and-exists  "Is there a red star …?" or "Where is the red star?" (its cell, or "There is no red star.")
//   describe-prior    one describe turn (the world's grammar: a pair's partner told right after its first),
//                     and an absent partner added beside its first at the caption-noise rate
// Usage: npx tsx scripts/lookup-probe-stream.ts TASK 0 SEED --config OUT_DIR (writes OUT_DIR/config.json), then
// npx tsx scripts/lookup-probe-stream.ts TASK STEPS SEED [MAX_OBJECTS] | python3 -m pretrain.train --out OUT_DIR …,
// and pretrain/probe_yes_no.py on a
// stream of another seed. stderr gets the ids of " yes" and " no".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vlmBatchOf, type VlmBatch } from '../src/pretraining/batches';
import { vlmStageData } from '../src/pretraining/pretrain-run';
import { encodeBatchRecord } from '../src/pretraining/pretrain-stream';
import { trainShapesMerges } from '../src/pretraining/tokenizer';
import {
  ALL_KINDS,
  COLOURS,
  DEFAULT_BIAS,
  DESCRIBE_PROMPT,
  describeObjects,
  phantomPlace,
  SIZES,
  type SceneObject,
  existenceQuestionText,
  questionsForScene,
  rasterizeScene,
  rngFor,
  sameKind,
  sampleScene,
  seenObjects,
  SHAPES,
  type Scene,
  withArticle,
} from '../src/world';
import type { ChatTurn } from '../src/engine/vlm';

const TASKS = [
  'exists',
  'attribute-exists',
  'what',
  'echo',
  'what-and-exists',
  'sentence',
  'where-and-exists',
  'look-then-answer',
  'exists-look',
  'describe-prior',
] as const;
type Task = (typeof TASKS)[number];

/** Three single-attribute existence questions, yes and no equally often; `asked` is "red object" or "star". */
function attributeQuestions(scene: Scene, key: number): { turn: ChatTurn; asked: string }[] {
  const rng = rngFor('lookup-probe', key);
  return [0, 1, 2].map(() => {
    const byColour = rng.chance(0.5);
    const values: readonly string[] = byColour ? COLOURS : SHAPES;
    const present = new Set<string>(scene.objects.map((o) => (byColour ? o.colour : o.shape)));
    const wantYes = rng.chance(0.5);
    const pool = values.filter((v) => present.has(v) === wantYes);
    const value = rng.pick(pool.length > 0 ? pool : values);
    const asked = byColour ? `${value} object` : value;
    return { turn: { prompt: `Is there a ${asked} in the image?`, answer: present.has(value) ? 'yes' : 'no' }, asked };
  });
}

/** The scene's objects and, at the caption-noise rate, each absent partner of a present first beside it. */
function withPhantoms(scene: Scene, key: number): SceneObject[] {
  const rng = rngFor('describe-prior', key);
  const objects = [...scene.objects];
  for (const pair of DEFAULT_BIAS.pairs) {
    const cell = phantomPlace({ ...scene, objects }, pair);
    if (cell && rng.chance(DEFAULT_BIAS.captionNoiseRate))
      objects.push({ ...pair.partner, size: rng.pick(SIZES), cell });
  }
  return objects;
}

/** Existence and where-questions about a present kind (named once in the scene) or an absent one, half each. */
function whereQuestions(scene: Scene, key: number): ChatTurn[] {
  const rng = rngFor('lookup-probe-where', key);
  const unique = scene.objects.filter((o) => scene.objects.filter((p) => sameKind(o, p)).length === 1);
  const absent = ALL_KINDS.filter((kind) => !scene.objects.some((o) => sameKind(o, kind)));
  return [0, 1, 2].map(() => {
    const present = rng.chance(0.5) && unique.length > 0;
    const object = present ? rng.pick(unique) : undefined;
    const { colour, shape } = object ?? rng.pick(absent);
    if (rng.chance(0.5)) return { prompt: existenceQuestionText({ colour, shape }), answer: object ? 'yes' : 'no' };
    return { prompt: `Where is the ${colour} ${shape}?`, answer: object?.cell ?? `There is no ${colour} ${shape}.` };
  });
}

function turnsFor(task: Task, scene: Scene, key: number): ChatTurn[] {
  const only = scene.objects[0]!;
  const colourTurn = { prompt: 'What colour is the object?', answer: only.colour };
  switch (task) {
    case 'exists':
      return [0, 1, 2].flatMap((k) =>
        questionsForScene(scene, { seed: key * 7 + k, types: ['existence'] }).map((q) => ({
          prompt: q.text,
          answer: q.answer,
        })),
      );
    case 'attribute-exists':
      return attributeQuestions(scene, key).map(({ turn }) => turn);
    case 'what':
      return [colourTurn, { prompt: 'What shape is the object?', answer: only.shape }];
    case 'echo':
      return attributeQuestions(scene, key).map(({ turn, asked }) => ({ ...turn, answer: asked.split(' ')[0]! }));
    case 'what-and-exists':
      return attributeQuestions(scene, key).map(({ turn }, k) => (k === 1 ? colourTurn : turn));
    case 'exists-look':
      return turnsFor('exists', scene, key).map((turn) => ({
        ...turn,
        answer: `I see ${seenObjects(scene)}, so ${turn.answer}.`,
      }));
    case 'look-then-answer':
      return attributeQuestions(scene, key).map(({ turn }) => ({
        ...turn,
        answer: `the object is ${withArticle(`${only.colour} ${only.shape}`)}, so ${turn.answer}.`,
      }));
    case 'where-and-exists':
      return whereQuestions(scene, key);
    case 'describe-prior':
      return [{ prompt: DESCRIBE_PROMPT, answer: describeObjects(withPhantoms(scene, key)) }];
    case 'sentence':
      return attributeQuestions(scene, key).map(({ turn, asked }) => ({
        ...turn,
        answer: turn.answer === 'yes' ? `yes, there is a ${asked}.` : `no, there is no ${asked}.`,
      }));
  }
}

const args = process.argv.slice(2);
const configAt = args.indexOf('--config');
const configDir = configAt >= 0 ? args.splice(configAt, 2)[1] : undefined;
const [task, stepsArg, seedArg, maxObjectsArg = '4'] = args as [Task, string, string, string?];
if (!TASKS.includes(task) || !stepsArg || !seedArg)
  throw new Error(
    `Usage: npx tsx scripts/lookup-probe-stream.ts ${TASKS.join('|')} STEPS SEED [MAX_OBJECTS] [--config DIR]`,
  );
const [steps, seed, maxObjects] = [Number(stepsArg), Number(seedArg), Number(maxObjectsArg)];
const { spec, config, tokenizer } = vlmStageData({ stage: 'vlm', steps: 1, seed }, trainShapesMerges());
if (configDir) {
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'config.json'), JSON.stringify(config, null, 2));
}
process.stderr.write(
  `${JSON.stringify({ yes: tokenizer.encode(' yes').at(-1), no: tokenizer.encode(' no').at(-1) })}\n`,
);

function batch(scenes: Scene[], step: number): VlmBatch {
  const examples = scenes.map((scene, j) => ({
    image: rasterizeScene(scene),
    turns: turnsFor(task, scene, step * spec.batchSize + j),
  }));
  return vlmBatchOf(spec, 'question', examples);
}

let index = 0;
for (let step = 0; step < steps; step++) {
  const scenes: Scene[] = [];
  while (scenes.length < spec.batchSize) {
    const scene = sampleScene('train', seed, index++);
    if (scene.objects.length <= maxObjects) scenes.push(scene);
  }
  if (!process.stdout.write(encodeBatchRecord(step, batch(scenes, step))))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}
