// Rows of each format: they pass the formats' column specs, and say what the annotator decided.
import { describe, expect, it } from 'vitest';
import { datasetRows, selectPairs, type EffectivePair, type ExportFormat } from '.';
import { llamaFactoryRowProblems, rlaifVRowProblems, trlRowProblems } from './column-specs.testing';
import { planImages } from './export-images';
import { reviewedPairs } from './reviewed-pairs.testing';

const pairs = reviewedPairs();
const rowsOf = (format: ExportFormat, selected: EffectivePair[]) => {
  const plan = planImages(selected.map(({ pair }) => pair));
  return datasetRows(format, selected, (pair) => ({
    path: plan.pathOf(pair.image),
    value: plan.pathOf(pair.image),
  })) as Record<string, any>[];
};

describe('export rows', () => {
  const decided = selectPairs(pairs);

  it('exports decided pairs by default, in input order, leaving out tie, both-bad and pending', () => {
    expect(decided.map(({ pair }) => pair.id)).toEqual([
      'oracle-0',
      'oracle-1',
      'oracle-2',
      'oracle-3',
      'photo-a',
      'seva-again',
      'photo-b',
    ]);
    expect(selectPairs(pairs, { statuses: ['pending', 'tie'] }).map(({ pair }) => pair.id)).toEqual([
      'oracle-4',
      'oracle-6',
    ]);
  });

  it('TRL, LLaMA-Factory and RLAIF-V rows validate against their column specs', () => {
    for (const row of rowsOf('trl', decided)) expect(trlRowProblems(row)).toEqual([]);
    for (const row of rowsOf('llama-factory', decided)) expect(llamaFactoryRowProblems(row)).toEqual([]);
    for (const row of rowsOf('rlaif-v', decided)) expect(rlaifVRowProblems(row)).toEqual([]);
  });

  it('a swap exchanges chosen and rejected; edits replace the texts and the originals stay in the metadata', () => {
    const [accepted, swapped, editedChosen, swappedEdited] = pairs as [any, any, any, any];
    const trl = rowsOf('trl', decided);
    const text = (turns: any) => turns[0].content[0].text;
    expect([text(trl[0].chosen), text(trl[0].rejected)]).toEqual([accepted.chosen, accepted.rejected]);
    expect([text(trl[1].chosen), text(trl[1].rejected)]).toEqual([swapped.rejected, swapped.chosen]);
    expect([text(trl[2].chosen), text(trl[2].rejected)]).toEqual([
      'A large red circle at the top.',
      editedChosen.rejected,
    ]);
    // The edit is of the method's rejected answer, which the swap makes the chosen one.
    expect([text(trl[3].chosen), text(trl[3].rejected)]).toEqual([
      'Only a small blue square on the left.',
      swappedEdited.chosen,
    ]);

    const factory = rowsOf('llama-factory', decided);
    expect([factory[1].chosen.value, factory[1].rejected.value]).toEqual([swapped.rejected, swapped.chosen]);
    expect(factory[0].conversations).toEqual([{ from: 'human', value: `<image>${accepted.prompt}` }]);

    const rlaif = rowsOf('rlaif-v', decided);
    expect([rlaif[3].chosen, rlaif[3].rejected]).toEqual([
      'Only a small blue square on the left.',
      swappedEdited.chosen,
    ]);
    expect(JSON.parse(rlaif[3].origin_split).decision).toEqual({
      status: 'swapped',
      rationale: null,
      decided_at: null,
      original_chosen: null,
      original_rejected: swappedEdited.rejected,
    });
    expect(JSON.parse(rlaif[2].origin_split).decision.original_chosen).toBe(editedChosen.chosen);
  });

  it('RLAIF-V metadata names the generator, the critic, the method and its scores', () => {
    const [sima, seva, , , csr] = rowsOf('rlaif-v', decided).map((row) => JSON.parse(row.origin_split));
    expect(csr.scene).toBeNull();
    expect(sima).toMatchObject({
      pair_id: 'oracle-0',
      item: 'train-9-0',
      scene: { split: 'train', seed: 9, index: 0 },
      method: 'sima',
      generator: 'shapes-vlm',
      critic: 'shapes-vlm',
      scores: { verdict: 1 },
    });
    expect(sima.decision).toMatchObject({
      status: 'accepted',
      rationale: 'right colours',
      decided_at: 1_700_000_000_000,
    });
    expect(sima.evidence.critic).toMatch(/\[\[1\]\]/);
    expect(seva).toMatchObject({
      method: 'seva',
      critic: expect.stringMatching(/clean image/),
      scores: { t: 500, signal: 0.27, noise: 0.96 },
    });
    expect(csr).toMatchObject({
      method: 'csr',
      critic: expect.stringMatching(/CLIP/),
      scores: { chosen: 1.5, rejected: -0.25, lambda: 0.9 },
    });
    expect(rowsOf('rlaif-v', decided).map((row) => row.origin_dataset)).toEqual([
      'shapes-world',
      'shapes-world',
      'shapes-world',
      'shapes-world',
      'local-files',
      'shapes-world',
      'local-files',
    ]);
  });

  it('names each distinct image once, stably: scenes by id, files by name', () => {
    const rows = rowsOf('rlaif-v', decided);
    expect(rows.map((row) => row.image_path)).toEqual([
      'images/train-9-0.png',
      'images/train-9-1.png',
      'images/train-9-2.png',
      'images/train-9-3.png',
      'images/cat.png',
      'images/train-9-1.png',
      'images/cat.png',
    ]);
    const clash = planImages([
      { id: 'x', image: { path: 'a/cat.png' } },
      { id: 'y', image: { path: 'b/Cat.png' } },
      { id: 'z', image: { path: 'c/my photo.png' } },
    ]);
    expect(clash.images.map((image) => image.path)).toEqual([
      'images/cat.png',
      'images/Cat-2.png',
      'images/my_photo.png',
    ]);
  });

  it('says in one sentence which statuses the file has when none matches, and how to include pending pairs', () => {
    const pending = pairs.map(({ review: _, ...pair }) => pair);
    expect(() =>
      selectPairs(pending, { includeHint: 'pass --status pending,accepted,swapped to include pending pairs' }),
    ).toThrow(
      'No pair has the status accepted or swapped (the pairs are 10 pending): pass --status pending,accepted,swapped to include pending pairs.',
    );
  });

  it('refuses a text holding <image> for LLaMA-Factory, whose image count it would break', () => {
    const [first] = selectPairs(pairs);
    expect(() => rowsOf('llama-factory', [{ ...first!, chosen: 'An <image> of a circle.' }])).toThrow(
      /chosen answer of pair oracle-0 contains the text <image>/,
    );
  });
});

describe('the column-spec checks', () => {
  it('catch rows that break the specs', () => {
    const [trl] = rowsOf('trl', selectPairs(pairs));
    expect(trlRowProblems({ ...trl, images: [] })).toEqual(['1 image parts for 0 images']);
    expect(trlRowProblems({ ...trl, metadata: {} })).toEqual([expect.stringMatching(/^row has keys/)]);
    const [factory] = rowsOf('llama-factory', selectPairs(pairs));
    expect(
      llamaFactoryRowProblems({ ...factory, conversations: [{ from: 'human', value: '<image><image>Describe.' }] }),
    ).toEqual(['2 <image> tokens for 1 images']);
    const [rlaif] = rowsOf('rlaif-v', selectPairs(pairs));
    expect(rlaifVRowProblems({ ...rlaif, idx: 3 })).toEqual([
      'idx is not a string',
      'idx is empty',
      'origin_split.pair_id is not idx',
    ]);
  });
});
