// How much of its probability a shapes-vlm puts on the language prior's phantom partner, on the test
// scenes where caption noise could add one (a pair's first present, its partner absent): for each, the
// teacher-forced log-probs of the true description and of the description with the phantom beside its
// first (each size). Prints the mean share of the phantom descriptions among those, the share of the
// likeliest phantom alone, how often that one beats the true description, and how often the greedy
// description names the absent partner; and, over all N scenes, the share of the greedy descriptions'
// hallucinated mentions that are a pair's absent partner with its first present (the prior speaking).
//   npx tsx scripts/phantom-share.ts [N] [SEED] [SPLIT]
// (test scenes by default; the model in public/models/shapes-vlm)
import { chairForAnswer } from '../src/metrics';
import { detectCapabilities, encodeAnswer, greedyAnswerer, loadVlm, scoreAnswer } from '../src/runtime';
import {
  DEFAULT_BIAS,
  DESCRIBE_PROMPT,
  describeObjects,
  phantomPlace,
  rasterizeScene,
  sampleScenes,
  SIZES,
} from '../src/world';

const [n = '300', seed = '1234', split = 'test'] = process.argv.slice(2);
const vlm = await loadVlm({ modelId: 'shapes-vlm' }, await detectCapabilities());
const logprob = async (image: ReturnType<typeof rasterizeScene>, text: string) =>
  (await scoreAnswer(vlm, { image, prompt: DESCRIBE_PROMPT }, encodeAnswer(vlm, ` ${text}`))).sumLogprob;
let scenes = 0;
let share = 0;
let topShare = 0;
let beats = 0;
let named = 0;
let hallucinated = 0;
let partners = 0;
const answerer = greedyAnswerer(vlm);
for (const scene of sampleScenes({ split: split as 'test' | 'train', n: Number(n), seed: Number(seed) })) {
  const image = rasterizeScene(scene);
  const greedy = await answerer.answer(image, DESCRIBE_PROMPT, 96);
  for (const mention of chairForAnswer(greedy, scene).mentions) {
    if (mention.verdict !== 'hallucinated') continue;
    hallucinated++;
    const partnerOf = DEFAULT_BIAS.pairs.find(
      (pair) => pair.partner.colour === mention.colour && pair.partner.shape === mention.shape,
    );
    if (partnerOf && phantomPlace(scene, partnerOf)) partners++;
  }
  for (const pair of DEFAULT_BIAS.pairs) {
    const cell = phantomPlace(scene, pair);
    if (!cell) continue;
    if (greedy.includes(`${pair.partner.colour} ${pair.partner.shape}`)) named++;
    const truth = Math.exp(await logprob(image, describeObjects(scene.objects)));
    const phantoms = [];
    for (const size of SIZES)
      phantoms.push(
        Math.exp(await logprob(image, describeObjects([...scene.objects, { ...pair.partner, size, cell }]))),
      );
    const all = phantoms.reduce((a, b) => a + b, 0);
    const top = Math.max(...phantoms);
    scenes++;
    share += all / (all + truth);
    topShare += top / (all + truth);
    if (top > truth) beats++;
  }
}
console.log(
  JSON.stringify({
    scenes,
    phantomShare: share / scenes,
    likeliestPhantomShare: topShare / scenes,
    likeliestBeatsTruth: beats / scenes,
    greedyNamesPartner: named / scenes,
    hallucinatedMentions: hallucinated,
    partnerShareOfHallucinations: hallucinated > 0 ? partners / hallucinated : null,
    captionNoiseRate: DEFAULT_BIAS.captionNoiseRate,
  }),
);
