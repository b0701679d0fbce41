// Public API of dataset export: pairs → TRL / LLaMA-Factory / RLAIF-V files, and a zip of them.
export { exportDataset, type ExportedDataset, type ExportFile, type ExportOptions } from './export-dataset';
export { EXPORT_FORMATS, EXPORT_COLUMNS, datasetRows, type ExportFormat } from './dataset-rows';
export { effectivePreference, type EffectivePair } from '../pairs/effective-preference';
export { selectPairs, type SelectOptions } from '../pairs/select-pairs';
export { planImages, imageBytes, IMAGES_FOLDER, type ImageFileReader } from './export-images';
export { pairMetadata, type PairMetadata } from './pair-metadata';
export { zipExport } from './zip-export';
export { jsonlBytes } from './write-jsonl';
export { parquetBytes, type EmbeddedImage } from './write-parquet';
