import type { Dtype } from './types';

export interface CatalogEntry {
  id: string;
  label: string;
  /** embedded: served by the app from /models/<id>/; hub: fetched from the Hugging Face Hub. */
  source: 'embedded' | 'hub';
  description: string;
  /** The dtypes whose files exist for this model. */
  dtypes: Dtype[];
  /** Its exported decoder carries zero LoRA slots, so an adapter is patched into the ONNX file; other models decode adapters on the engine. */
  loraSlots?: boolean;
}

const allDtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export const catalog: CatalogEntry[] = [
  {
    id: 'shapes-vlm',
    label: 'shapes-vlm (embedded, trained here)',
    source: 'embedded',
    description:
      'A 1.1 M-parameter Idefics3 model trained in this repo on the shapes world from biased captions: ' +
      'it sees colours and places, answers yes/no questions after saying what it sees, and names absent ' +
      'partners of the objects it sees, from its language prior: the hallucination the methods fix.',
    dtypes: ['fp32', 'q8', 'q4'],
    loraSlots: true,
  },
  {
    id: 'tiny-random-smolvlm',
    label: 'Tiny random SmolVLM (fixture)',
    source: 'embedded',
    description:
      'A 200 KB random-weight model in the SmolVLM layout: exercises the whole runtime offline; its answers are noise.',
    dtypes: ['fp32', 'q8', 'q4'],
  },
  {
    id: 'tiny-hub-smolvlm',
    label: 'Tiny random SmolVLM, Hub layout (fixture)',
    source: 'embedded',
    description:
      'A 100 KB random-weight model laid out like a SmolVLM Hub repo (bf16 model.safetensors, ONNX without LoRA slots): ' +
      'trains and applies adapters the way Hub models do, offline; its answers are noise.',
    dtypes: ['fp32'],
  },
  {
    id: 'HuggingFaceTB/SmolVLM-256M-Instruct',
    label: 'SmolVLM 256M Instruct (Hub)',
    source: 'hub',
    description: 'The smallest SmolVLM; downloads about 300 MB–1 GB from the Hugging Face Hub depending on dtype.',
    dtypes: allDtypes,
  },
  {
    id: 'HuggingFaceTB/SmolVLM-500M-Instruct',
    label: 'SmolVLM 500M Instruct (Hub)',
    source: 'hub',
    description: 'A larger SmolVLM from the Hugging Face Hub.',
    dtypes: allDtypes,
  },
];

export const defaultModelId = catalog[0].id;

const hubIdPattern = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** The catalog entry for an id; any other well-formed `owner/name` id is treated as a Hub model. */
export function findModel(id: string): CatalogEntry | undefined {
  const known = catalog.find((entry) => entry.id === id);
  if (known) return known;
  if (!hubIdPattern.test(id)) return undefined;
  return { id, label: id, source: 'hub', description: 'A Hub model typed by the user.', dtypes: allDtypes };
}
