// `npm run bench`: one JSON object per line on stdout (notes on stderr). Measures, never asserts.
// Load time and decode speed of the fixture VLM on onnxruntime-node (native CPU) and on
// onnxruntime-web (wasm, and WebGPU as a functional check) in Chromium, in the same run.
import { benchBrowser } from './browser-decode';
import type { DecodeSummary } from './measure-decode';
import { benchModelId as model } from './measure-decode';
import { benchNative } from './native-decode';

const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const note = (text: string) => process.stderr.write(`bench: ${text}\n`);

function decodeFields(decode: DecodeSummary) {
  return {
    tokens_per_s: round(decode.tokensPerS),
    first_token_ms: round(decode.firstTokenMs),
    tokens: decode.tokens,
    runs: decode.runs.length,
    dropped_runs: decode.dropped,
    max_new_tokens: decode.maxNewTokens,
    sampling: decode.sampling,
  };
}

async function main() {
  note(`native: loading ${model} on onnxruntime-node, then timing decode`);
  const native = await benchNative();
  const nativeIds = { model, runtime: 'onnxruntime-node', device: native.info.device, dtype: 'fp32' };
  print({ bench: 'load', ...nativeIds, ms: round(native.loadMs), reload_ms: round(native.reloadMs) });
  print({ bench: 'decode', ...nativeIds, ...decodeFields(native.decode), threads: { available_parallelism: native.threads } });

  note('browser: starting vite on :5176 and Chromium');
  const browser = await benchBrowser();
  if ('skipped' in browser) {
    note(`browser skipped: ${browser.skipped}`);
    print({ bench: 'decode', model, runtime: 'onnxruntime-web', skipped: browser.skipped });
    return;
  }
  for (const outcome of browser) {
    const ids = { model, runtime: 'onnxruntime-web', device: outcome.device, dtype: 'fp32' };
    const label =
      outcome.device === 'webgpu'
        ? { note: 'WebGPU here is SwiftShader (software): a functional check, not a GPU speed' }
        : { execution: 'page main thread' };
    if ('error' in outcome) {
      note(`${outcome.device} skipped: ${outcome.error}`);
      print({ bench: 'decode', ...ids, skipped: outcome.error });
      continue;
    }
    const { result } = outcome;
    const threads = {
      hardware_concurrency: result.threads.hardwareConcurrency,
      cross_origin_isolated: result.threads.crossOriginIsolated,
      ort_wasm_num_threads: result.threads.ortNumThreads,
    };
    print({ bench: 'load', ...ids, ms: round(result.loadMs), reload_ms: round(result.reloadMs), ...label });
    print({ bench: 'decode', ...ids, ...decodeFields(result.decode), threads, ...label });
  }

  const wasm = browser.find((o) => o.device === 'wasm');
  if (wasm && 'result' in wasm) {
    const web = wasm.result;
    print({ bench: 'decode_ratio', model, web: 'onnxruntime-web wasm', native: 'onnxruntime-node cpu', web_over_native: round(web.decode.tokensPerS / native.decode.tokensPerS, 3) });
    print({
      bench: 'load_ratio',
      model,
      web: 'onnxruntime-web wasm',
      native: 'onnxruntime-node cpu',
      web_over_native: round(web.loadMs / native.loadMs, 3),
      reload_web_over_native: round(web.reloadMs / native.reloadMs, 3),
    });
  }
}

main().catch((error: unknown) => {
  note(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
