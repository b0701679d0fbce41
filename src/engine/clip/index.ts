/** CLIP text and vision towers with their projections (HF CLIP…WithProjection layouts). */
export type { ClipTextConfig, ClipVisionConfig } from './clip-config';
export {
  clipTextForward, clipTextFromEmbeddings, embedOneHotTokens, embedTokens, endOfTextPick, endOfTextPositions, initClipTextParams,
} from './clip-text';
export { clipVisionForward, initClipVisionParams } from './clip-vision';
