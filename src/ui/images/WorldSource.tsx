import { useState } from 'react';
import { database } from '../../data/database';
import { describeStorageError } from '../../data/storage-errors';
import type { Split } from '../../data/runs';
import { worldImageRecords } from '../../data/world-images';
import { ErrorLine } from '../common/ErrorLine';

/** Generates seeded shapes-world scenes, with ground truth attached, into the gallery. */
export function WorldSource() {
  const [split, setSplit] = useState<Split>('test');
  const [n, setN] = useState(12);
  const [seed, setSeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const generate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await database.images.bulkPut(await worldImageRecords({ split, n, seed }));
    } catch (e) {
      setError(describeStorageError(e, 'the generated scenes'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card">
      <h3>Shapes world</h3>
      <p className="muted">
        Seeded scenes with exact ground truth. The train split carries the co-occurrence bias that makes models
        hallucinate; the test split is debiased; the pool split is drawn like test and is what the methods sample on.
      </p>
      <div className="row">
        <label>
          Split
          <select value={split} onChange={(e) => setSplit(e.target.value as Split)} data-testid="world-split">
            <option value="train">train (biased)</option>
            <option value="test">test (debiased)</option>
            <option value="pool">pool (the methods' scenes)</option>
          </select>
        </label>
        <label>
          Scenes
          <input
            type="number"
            min={1}
            max={500}
            value={n}
            onChange={(e) => setN(Math.max(1, Math.min(500, Number(e.target.value) || 1)))}
            data-testid="world-n"
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            value={seed}
            onChange={(e) => setSeed(Math.max(0, Number(e.target.value) || 0))}
            data-testid="world-seed"
          />
        </label>
        <button className="primary" onClick={() => void generate()} disabled={busy} data-testid="world-generate">
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </div>
      <ErrorLine message={error} onDismiss={() => setError(undefined)} />
    </section>
  );
}
