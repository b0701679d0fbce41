/**
 * shapes-clip's grounding check: for a test image, does the model score a sentence about an object
 * that is there above the same sentence about one that is not? The two sentences differ only in
 * the object's colour and shape (same size, same place), so only grounding can tell them apart.
 */
import {
  objectSentence,
  rasterizeScene,
  rngFor,
  sampleScenes,
  COLOURS,
  SHAPES,
  type RgbaImage,
  type Scene,
} from '../world';

/** What the check needs from a CLIP model: image–text similarities (any monotone score). */
export interface ClipScorer {
  similarities(image: RgbaImage, texts: string[]): Promise<number[]>;
}

export interface ClipRankingPair {
  scene: Scene;
  image: RgbaImage;
  present: string;
  absent: string;
}

/** One pair per test scene: a present object's sentence, and the sentence with an absent kind. */
export function clipRankingPairs(n: number, seed: number): ClipRankingPair[] {
  return sampleScenes({ split: 'test', n, seed }).map((scene) => {
    const rng = rngFor('clip-ranking', scene.id, seed);
    const object = rng.pick(scene.objects);
    const kinds = COLOURS.flatMap((colour) => SHAPES.map((shape) => ({ colour, shape })));
    const absentKinds = kinds.filter(
      (kind) => !scene.objects.some((o) => o.colour === kind.colour && o.shape === kind.shape),
    );
    const absent = rng.pick(absentKinds);
    return {
      scene,
      image: rasterizeScene(scene),
      present: objectSentence(object),
      absent: objectSentence({ ...object, ...absent }),
    };
  });
}

export interface ClipRankingReport {
  n: number;
  seed: number;
  /** Share of pairs where the present sentence scores higher. */
  accuracy: number;
  items: { sceneId: string; present: string; absent: string; scores: [number, number]; correct: boolean }[];
}

export async function evaluateClipRanking(
  scorer: ClipScorer,
  { n, seed, onProgress }: { n: number; seed: number; onProgress?: (done: number, total: number) => void },
): Promise<ClipRankingReport> {
  const items: ClipRankingReport['items'] = [];
  for (const pair of clipRankingPairs(n, seed)) {
    const [present, absent] = (await scorer.similarities(pair.image, [pair.present, pair.absent])) as [number, number];
    items.push({
      sceneId: pair.scene.id,
      present: pair.present,
      absent: pair.absent,
      scores: [present, absent],
      correct: present > absent,
    });
    onProgress?.(items.length, n);
  }
  return { n, seed, accuracy: items.filter((item) => item.correct).length / Math.max(1, items.length), items };
}
