export * from './types';
export * from './catalog';
export { detectCapabilities, chooseDevice, chooseDtypes, type DeviceCapabilities } from './device-choice';
export { configureRuntimePaths } from './transformers-env';
export { loadVlm, ModelLoadError, type LoadedVlm } from './load-model';
export { sampleAnswers, type SamplingControl } from './sample-answers';
export { scoreAnswer } from './score-answer';
export { encodeAnswer } from './prompt-inputs';
export { seededRandom, deriveSeed } from './seeded-random';
