// The layer table of docs/ARCHITECTURE.md as an ESLint rule: a file in src/<folder>/ may import
// (value or type) the folders its row names, and `import type` from any folder below it. Every
// relative import, re-export and dynamic import() is resolved to the folder it lands in.
import { dirname, relative, resolve, sep } from 'node:path';

/** Bottom up: a folder may `import type` from any folder before it. */
export const LAYERS = [
  'common',
  'world',
  'metrics',
  'runtime',
  'engine',
  'data',
  'methods',
  'evaluation',
  'pretraining',
  'pipeline',
  'workers',
  'state',
  'ui',
  'cli',
];

const below = (layer) => LAYERS.slice(0, LAYERS.indexOf(layer));

/** Worker clients: the main thread's only way to the workers (comlink handles, no inference code). */
export const WORKER_CLIENTS = 'workers/*-client.ts';

/** What each folder may import, values included (its own folder always). */
export const MAY_IMPORT = {
  common: [],
  world: ['common'],
  metrics: ['common', 'world'],
  runtime: ['common'],
  engine: ['common'],
  data: ['common', 'world', 'metrics'],
  methods: ['common', 'world', 'metrics', 'data'],
  evaluation: ['common', 'world', 'metrics', 'data'],
  pretraining: ['common', 'world', 'engine'],
  pipeline: below('pipeline'),
  workers: below('workers'),
  state: ['common', 'data', WORKER_CLIENTS],
  ui: ['common', 'state', 'data', WORKER_CLIENTS],
  cli: LAYERS.filter((layer) => layer !== 'ui' && layer !== 'state' && layer !== 'cli'),
};

/** Exceptions, each with the reason it is there (none today). */
export const EXCEPTIONS = [];

/** Packages that only the layers doing heavy work may load, so none of it reaches the page's thread. */
export const HEAVY_PACKAGES = {
  '@jax-js/jax': ['engine', 'pretraining', 'pipeline', 'workers', 'cli'],
  '@huggingface/transformers': ['runtime', 'pipeline', 'workers', 'cli'],
  'onnxruntime-web': ['runtime', 'workers', 'cli'],
  'onnxruntime-node': ['runtime', 'cli'],
  'onnx-proto': ['engine', 'cli'],
};

function locate(srcRoot, file) {
  const path = relative(srcRoot, file).split(sep).join('/');
  if (path.startsWith('..')) return null;
  const [first] = path.split('/');
  if (LAYERS.includes(first)) return { path, layer: first };
  return path === 'main.tsx' ? { path, layer: 'ui' } : null; // src/main.tsx mounts the UI
}

function allowedBy(entry, target) {
  if (entry === WORKER_CLIENTS)
    return target.layer === 'workers' && /^workers\/[^/]+-client\.tsx?$/.test(target.path + '.ts');
  return target.layer === entry;
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

export default {
  rules: {
    layers: {
      meta: {
        type: 'problem',
        docs: { description: 'Imports follow the layer table of docs/ARCHITECTURE.md.' },
        schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
        messages: {
          forbidden: '{{from}}/ may not import {{to}} ({{what}}): see the layer table in docs/ARCHITECTURE.md.',
          heavy: '{{from}}/ may not load {{pkg}}: it belongs to {{owners}}/ (heavy work stays off the main thread).',
        },
      },
      create(context) {
        const srcRoot = resolve(context.cwd, context.options[0]?.srcRoot ?? 'src');
        const here = locate(srcRoot, context.filename);
        if (!here) return {};
        const exception = EXCEPTIONS.find((e) => here.path.startsWith(e.files));
        // Tests check exports against onnxruntime and transformers.js; they never run in the page.
        const isTest = /\.(test|testing)\.tsx?$/.test(here.path);
        function check(node, source, typeOnly) {
          if (typeof source !== 'string') return;
          if (!source.startsWith('.')) {
            const pkg = Object.keys(HEAVY_PACKAGES).find((name) => source === name || source.startsWith(`${name}/`));
            if (pkg && !typeOnly && !isTest && !HEAVY_PACKAGES[pkg].includes(here.layer)) {
              context.report({
                node,
                messageId: 'heavy',
                data: { from: here.layer, pkg, owners: HEAVY_PACKAGES[pkg].join('/, ') },
              });
            }
            return;
          }
          const target = locate(srcRoot, resolve(dirname(context.filename), source).replace(/\.(ts|tsx)$/, ''));
          if (!target || target.layer === here.layer) return;
          const rules = [...MAY_IMPORT[here.layer], ...(exception?.mayImport ?? [])];
          if (rules.some((entry) => allowedBy(entry, target))) return;
          if (typeOnly && below(here.layer).includes(target.layer)) return;
          context.report({
            node,
            messageId: 'forbidden',
            data: { from: here.layer, to: target.path, what: typeOnly ? 'not even types: it is not below' : 'values' },
          });
        }
        return {
          ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
          ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
        };
      },
    },
  },
};
