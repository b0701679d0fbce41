import { describe, expect, it } from 'vitest';
import { describeLoadError } from './load-errors';

describe('describeLoadError', () => {
  it('turns library errors into one sentence a user can act on', () => {
    expect(describeLoadError(new TypeError('Failed to fetch'), 'a/b', 'hub')).toMatch(/Hub could not be reached/);
    expect(
      describeLoadError(
        new Error('Could not locate file: "https://huggingface.co/a/b/resolve/main/config.json".'),
        'a/b',
        'hub',
      ),
    ).toMatch(/No model "a\/b" was found on the Hugging Face Hub/);
    expect(describeLoadError(new Error('Could not locate file: "/models/x/config.json"'), 'x', 'embedded')).toMatch(
      /embedded model "x" is missing files/,
    );
    expect(
      describeLoadError(
        new Error(
          'Failed to fetch dynamically imported module: http://localhost/ort/ort-wasm-simd-threaded.asyncify.mjs',
        ),
        'x',
        'embedded',
      ),
    ).toMatch(/WebAssembly files could not be loaded/);
    expect(describeLoadError(new Error('Unsupported model type: bert'), 'a/b', 'hub')).toMatch(
      /not a vision-language model/,
    );
  });

  it('never claims the Hub is down for an embedded model', () => {
    expect(describeLoadError(new TypeError('Failed to fetch'), 'x', 'embedded')).not.toMatch(/Hub/);
  });
});
