// COCO instance annotations ({images, annotations, categories}, e.g. instances_val2014.json) → the
// ground-truth objects of each image, as COCO-80 names, so CHAIR and POPE can score answers on
// the user's own images. Crowd annotations count: the objects are there (as in CHAIR).
import { DESCRIBE_PROMPT } from '../../world';
import { cocoCategoryName, inCocoOrder } from './coco-categories';
import { baseName, type ImportFiles } from './import-paths';
import { IMAGE_EXTENSIONS, importedImage, type ImportedItem } from './imported-item';
import type { ImportLimits } from './limits';
import { parseJsonSafely } from './safe-json';

export interface CocoImage {
  id: number | string;
  fileName: string;
  /** COCO-80 names, in COCO order, each once; empty when nothing is annotated. */
  objects: string[];
}

/** The images of an annotations file by file name (and by bare file name where that is unique). */
export interface CocoGroundTruth {
  images: CocoImage[];
  /** The image a path shows: its file name as written, else the path's last segment. */
  find(path: string): CocoImage | undefined;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number | string =>
  (typeof x === 'number' && Number.isSafeInteger(x)) || (typeof x === 'string' && x !== '');
const idKey = (id: number | string) => `${typeof id}:${id}`;

export function looksLikeCoco(value: unknown): boolean {
  return (
    isObject(value) &&
    Array.isArray(value.images) &&
    Array.isArray(value.annotations) &&
    Array.isArray(value.categories)
  );
}

/** Parsed COCO instances → ground truth; any structural problem is one sentence. */
export function cocoGroundTruth(value: unknown, name: string): CocoGroundTruth {
  if (!looksLikeCoco(value))
    throw new Error(
      `${name} is not COCO instance annotations: it needs "images", "annotations" and "categories" lists.`,
    );
  const { images, annotations, categories } = value as {
    images: unknown[];
    annotations: unknown[];
    categories: unknown[];
  };

  const categoryNames = new Map<string, string>();
  categories.forEach((category, i) => {
    if (!isObject(category) || !isId(category.id) || typeof category.name !== 'string')
      throw new Error(`Category ${i + 1} in ${name} needs an "id" and a "name".`);
    const coco = cocoCategoryName(category.name);
    if (!coco)
      throw new Error(
        `The category ${JSON.stringify(category.name)} in ${name} is not one of the 80 COCO categories, so CHAIR and POPE could not score it.`,
      );
    if (categoryNames.has(idKey(category.id))) throw new Error(`${name} defines the category id ${category.id} twice.`);
    categoryNames.set(idKey(category.id), coco);
  });

  const byId = new Map<string, { image: CocoImage; names: string[] }>();
  const byFileName = new Map<string, CocoImage>();
  images.forEach((image, i) => {
    if (!isObject(image) || !isId(image.id) || typeof image.file_name !== 'string' || image.file_name === '') {
      throw new Error(`Image ${i + 1} in ${name} needs an "id" and a "file_name".`);
    }
    if (byId.has(idKey(image.id))) throw new Error(`${name} lists the image id ${image.id} twice.`);
    const fileName = image.file_name.replace(/^\.\//, '');
    if (byFileName.has(fileName)) throw new Error(`${name} lists the file ${fileName} twice.`);
    const entry = { image: { id: image.id, fileName, objects: [] }, names: [] };
    byId.set(idKey(image.id), entry);
    byFileName.set(fileName, entry.image);
  });

  annotations.forEach((annotation, i) => {
    if (!isObject(annotation) || !isId(annotation.image_id) || !isId(annotation.category_id)) {
      throw new Error(`Annotation ${i + 1} in ${name} needs an "image_id" and a "category_id".`);
    }
    const category = categoryNames.get(idKey(annotation.category_id));
    if (!category)
      throw new Error(
        `Annotation ${i + 1} in ${name} has the category id ${annotation.category_id}, which its "categories" list does not define.`,
      );
    const entry = byId.get(idKey(annotation.image_id));
    if (!entry)
      throw new Error(
        `Annotation ${i + 1} in ${name} is on the image id ${annotation.image_id}, which its "images" list does not define.`,
      );
    entry.names.push(category);
  });
  for (const { image, names } of byId.values()) image.objects = inCocoOrder(names);

  const byBaseName = new Map<string, CocoImage | null>();
  for (const image of byFileName.values()) {
    const base = baseName(image.fileName);
    byBaseName.set(base, byBaseName.has(base) ? null : image);
  }
  return {
    images: [...byFileName.values()],
    find: (path) => byFileName.get(path) ?? byBaseName.get(baseName(path)) ?? undefined,
  };
}

export function parseCocoInstances(
  input: string | Uint8Array,
  name: string,
  limits?: Partial<ImportLimits>,
): CocoGroundTruth {
  return cocoGroundTruth(parseJsonSafely(input, name, limits), name);
}

export interface CocoItemsOptions {
  /** What each item asks; default: the describe prompt (CHAIR scores descriptions). */
  prompt?: string;
}

/**
 * Items for the images of an import that the annotations describe: every image file must have an
 * entry (else its ground truth is unknown: one sentence); entries without a file are left out.
 */
export function cocoItems(
  truth: CocoGroundTruth,
  files: ImportFiles,
  annotationsName: string,
  options: CocoItemsOptions = {},
): ImportedItem[] {
  const items: ImportedItem[] = [];
  for (const [path, bytes] of files) {
    if (!IMAGE_EXTENSIONS.test(path)) continue;
    const image = truth.find(path);
    if (!image)
      throw new Error(
        `The image ${path} has no entry in ${annotationsName}, so its ground truth is unknown; add it there or leave it out of the import.`,
      );
    items.push({
      id: `coco-${image.id}`,
      image: importedImage(path, bytes),
      prompt: options.prompt ?? DESCRIBE_PROMPT,
      objects: image.objects,
    });
  }
  if (items.length === 0) throw new Error(`The import holds no image files for the annotations in ${annotationsName}.`);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id))
      throw new Error(
        `Two image files of the import, both named ${baseName(item.image.name)}, match one entry of ${annotationsName}; keep one.`,
      );
    seen.add(item.id);
  }
  return items;
}
