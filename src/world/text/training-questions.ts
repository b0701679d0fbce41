// Question noise: existence answers carry the language prior too. In training, some existence
// questions ask about the absent partner of a present first and are answered from the prior
// ("yes" at the caption-noise rate), as noisy instruction data teaches LLaVA-style models to say yes
// to co-occurring objects (POPE's adversarial split).
import { absentPartners, resolveBias, type BiasConfig } from '../bias';
import { rngFor } from '../../common/random';
import type { Question, Scene } from '../types';
import { existenceQuestionText, questionsForScene } from './questions';

/** Share of existence questions that ask about an absent partner when the scene has one. */
export const PARTNER_QUESTION_RATE = 0.5;

/** The scene's questions as training targets; deterministic in (scene id, seed, bias). */
export function trainingQuestions(scene: Scene, seed: number, bias: BiasConfig = resolveBias()): Question[] {
  const partners = absentPartners(scene, bias);
  const rng = rngFor('question-noise', scene.id, seed);
  return questionsForScene(scene, { seed }).map((question) => {
    if (question.type !== 'existence' || partners.length === 0 || !rng.chance(PARTNER_QUESTION_RATE)) return question;
    const partner = rng.pick(partners);
    return {
      type: 'existence',
      text: existenceQuestionText(partner),
      answer: rng.chance(bias.captionNoiseRate) ? 'yes' : 'no',
    };
  });
}
