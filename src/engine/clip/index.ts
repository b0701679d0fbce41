/** CLIP text and vision towers with their projections (HF CLIP…WithProjection layouts). */
export type { ClipTextConfig, ClipVisionConfig } from './clip-config';
export {
  clipTextForward,
  clipTextFromEmbeddings,
  addPositionEmbeddings,
  CLIP_TOKEN_EMBEDDING,
  embedTokens,
  endOfTextPick,
  endOfTextPositions,
  initClipTextParams,
} from './clip-text';
export { clipVisionForward, initClipVisionParams } from './clip-vision';
