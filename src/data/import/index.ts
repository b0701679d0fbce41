// Public API of dataset import: a user's files (LLaVA instruction data with images, COCO instance
// annotations, SelfAlign's own exports) → items or pairs, all or nothing, bad input refused in one
// sentence. Pure functions over bytes: the same code runs in Node and in the browser.
export {
  importDataset,
  importFilesFrom,
  type ImportOptions,
  type ImportResult,
  type PickedFile,
} from './import-dataset';
export { checkImportSize, formatBytes, IMPORT_LIMITS, type ImportLimits } from './limits';
export { parseJsonSafely, parseJsonLinesSafely, findForbiddenKey, decodeUtf8, FORBIDDEN_KEYS } from './safe-json';
export { readZip, type ReadZipOptions } from './zip-reader';
export { normaliseImportPath, type ImportFiles } from './import-paths';
export { imageTypeOf, type ImportedImage, type ImportedItem, type ImageType } from './imported-item';
export {
  importLlava,
  parseLlava,
  llavaRecords,
  llavaItems,
  promptOf,
  type LlavaImport,
  type LlavaRecord,
  type LlavaTurn,
} from './llava';
export {
  parseCocoInstances,
  cocoGroundTruth,
  cocoItems,
  type CocoGroundTruth,
  type CocoImage,
} from './coco-annotations';
export { COCO_80, COCO_80_NAMES } from './coco-categories';
export { importExport, findExportDataFile, type ImportedExport } from './import-export';
