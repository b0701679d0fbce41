// The Node side: onnxruntime-node (through transformers.js) on the native CPU.
import { availableParallelism } from 'node:os';
import { detectCapabilities, loadVlm, type LoadedModelInfo } from '../src/runtime';
import {
  benchImage,
  defaultDecodeBench,
  dtypeChoice,
  measureDecode,
  timeLoads,
  type BenchCase,
  type DecodeSummary,
} from './measure-decode';

export interface SideResult {
  info: LoadedModelInfo;
  /** First load in this process (or page): includes onnxruntime's own start-up. */
  loadMs: number;
  /** Median of later loads of the same model. */
  reloadMs: number;
  decode: DecodeSummary;
}

export async function benchNative(bench: BenchCase, reloads = 5): Promise<SideResult & { threads: number }> {
  const caps = await detectCapabilities();
  const load = () => loadVlm({ modelId: bench.model, dtype: dtypeChoice(bench.dtype) }, caps);
  const { loaded: vlm, firstMs, reloadMs } = await timeLoads(load, (v) => v.model.dispose(), reloads);
  try {
    const decode = await measureDecode(vlm, benchImage(), defaultDecodeBench);
    return { info: vlm.info, loadMs: firstMs, reloadMs, decode, threads: availableParallelism() };
  } finally {
    await vlm.model.dispose();
  }
}
