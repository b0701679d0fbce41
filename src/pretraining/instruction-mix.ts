/**
 * The instruction mix the VLM is pretrained on, drawn from the shapes world (a deliberate import of
 * ../../world: this is where the engine meets its training data). Three tasks:
 *   describe  a describe prompt or one of its paraphrases → the training description, with the
 *             world's caption noise (phantom partners: the language prior that makes it hallucinate)
 *   question  a conversation of a few of the scene's questions (types in random order): several
 *             grounded answers per image, since grounding is what is slow to learn; answered exactly,
 *             except some existence questions about absent partners (the prior again); yes/no
 *             answers name what they see first ("I see a red circle, so no.": look-first.ts)
 *   critic    SIMA's compact critic prompt → a finding per criterion, then "The better response: [[n]]"
 *   existence the recipe's warm-up (share 0 in the mix): three existence questions about a scene of
 *             at most four objects, answered look-first, with no prior's noise
 * Example i depends only on (split, seed, i): scene i of the split, and seeded choices keyed by i.
 */
import {
  buildCriticExample,
  lookFirstAnswer,
  pickDescribePrompt,
  questionsForScene,
  rasterizeScene,
  rngFor,
  sampleScene,
  trainingDescription,
  trainingQuestions,
  type RgbaImage,
  type Rng,
  type Scene,
  type LookStyle,
  type Split,
} from '../world';
import type { ChatTurn } from '../engine/vlm';
import { RECIPE } from './recipe';

// A task added later goes last: a task of share 0 at the end leaves every other draw as it was.
export const TASKS = ['describe', 'question', 'critic', 'existence'] as const;
export type Task = (typeof TASKS)[number];

export interface InstructionExample {
  task: Task;
  sceneId: string;
  image: RgbaImage;
  /** The conversation; the image goes with the first turn. */
  turns: ChatTurn[];
}

/** Each task's share; a task left out has share 0. */
export type TaskMix = Partial<Record<Task, number>>;

/** A task drawn with probability proportional to `mix`, keyed by (seed, key). */
export function drawTask(mix: TaskMix, seed: number, key: string | number): Task {
  return TASKS[rngFor('pretrain-task', seed, key).weightedIndex(TASKS.map((task) => mix[task] ?? 0))]!;
}

/** Scenes of the warm-up have at most this many objects: the first of the scene. */
const WARMUP_MAX_OBJECTS = 4;

/** The warm-up's example: three existence questions about the scene's first objects, answered look-first. */
function existenceWarmup(scene: Scene, rng: Rng, lookStyle: LookStyle): InstructionExample {
  const small = { ...scene, objects: scene.objects.slice(0, WARMUP_MAX_OBJECTS) };
  const turns = [0, 1, 2].flatMap(() =>
    questionsForScene(small, { seed: rng.int(1 << 30), types: ['existence'] }).map((q) => ({
      prompt: q.text,
      answer: lookFirstAnswer(q, small, lookStyle),
    })),
  );
  return { task: 'existence', sceneId: scene.id, image: rasterizeScene(small), turns };
}

/** The example of `task` for one scene, its yes/no answers looking first in `lookStyle`; deterministic in its arguments. */
export function exampleFor(
  scene: Scene,
  task: Task,
  seed: number,
  lookStyle: LookStyle = RECIPE.vlm.lookStyle,
): InstructionExample {
  const rng = rngFor('pretrain-example', task, scene.id, seed);
  if (task === 'existence') return existenceWarmup(scene, rng, lookStyle);
  const image = rasterizeScene(scene);
  switch (task) {
    case 'describe':
      return {
        task,
        sceneId: scene.id,
        image,
        turns: [{ prompt: pickDescribePrompt(rng), answer: trainingDescription(scene).text }],
      };
    case 'question': {
      const questions = rng.shuffle(trainingQuestions(scene, rng.int(1 << 30))).slice(0, RECIPE.vlm.questionTurns);
      return {
        task,
        sceneId: scene.id,
        image,
        turns: questions.map((q) => ({ prompt: q.text, answer: lookFirstAnswer(q, scene, lookStyle) })),
      };
    }
    case 'critic': {
      const critic = buildCriticExample(scene, { seed: rng.int(1 << 30), errorsInBetter: rng.chance(0.3) ? 1 : 0 });
      return { task, sceneId: scene.id, image, turns: [{ prompt: critic.prompt, answer: critic.target }] };
    }
  }
}

/** Example `index` of the mix: scene `index` of the split, its task drawn from `mix`. */
export function instructionExample(
  split: Split,
  seed: number,
  index: number,
  task?: Task,
  mix: TaskMix = RECIPE.vlm.mix,
): InstructionExample {
  return exampleFor(sampleScene(split, seed, index), task ?? drawTask(mix, seed, index), seed);
}

/** Examples `start … start+n−1` of the mix. */
export function instructionMix(
  split: Split,
  n: number,
  seed: number,
  { start = 0, mix = RECIPE.vlm.mix } = {},
): InstructionExample[] {
  return Array.from({ length: n }, (_, i) => instructionExample(split, seed, start + i, undefined, mix));
}

/** The sentences of a description ("A large red circle at the top left." …), for CLIP pairs. */
export function descriptionSentences(text: string): string[] {
  return text.match(/[^.!?]+[.!?]/g)?.map((sentence) => sentence.trim()) ?? [text.trim()];
}
