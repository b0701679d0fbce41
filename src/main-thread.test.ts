// Heavy work stays off the page's thread by design: everything the page loads (src/main.tsx and
// what it imports, following value imports only; workers start from `new Worker(new URL(…))`)
// reaches neither the engine nor the runtime's inference code.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname);
const HEAVY = ['@jax-js/jax', '@huggingface/transformers', 'onnxruntime-web', 'onnxruntime-node', 'onnx-proto'];

/** The value imports of one file: relative ones resolved to files, packages by name. */
function valueImports(file: string): { files: string[]; packages: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const files: string[] = [];
  const packages: string[] = [];
  for (const statement of source.statements) {
    const isImport = ts.isImportDeclaration(statement);
    if (!isImport && !ts.isExportDeclaration(statement)) continue;
    if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (isImport ? statement.importClause?.isTypeOnly : statement.isTypeOnly) continue;
    const bindings = isImport ? statement.importClause?.namedBindings : statement.exportClause;
    const named =
      bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings)) ? bindings.elements : undefined;
    const hasDefault = isImport && statement.importClause?.name !== undefined;
    if (named && named.length > 0 && !hasDefault && named.every((element) => element.isTypeOnly)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) {
      packages.push(specifier);
      continue;
    }
    const base = resolve(dirname(file), specifier);
    const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
      (path) => existsSync(path) && /\.tsx?$/.test(path),
    );
    if (found) files.push(found);
  }
  return { files, packages };
}

function mainThreadGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [join(src, 'main.tsx')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const { files, packages } = valueImports(file);
    graph.set(file, packages);
    queue.push(...files);
  }
  return graph;
}

describe('the main thread', () => {
  it('loads no training engine and no inference code', () => {
    const graph = mainThreadGraph();
    expect(graph.size).toBeGreaterThan(50);
    const heavy = [...graph].flatMap(([file, packages]) =>
      packages
        .filter((name) => HEAVY.some((pkg) => name === pkg || name.startsWith(`${pkg}/`)))
        .map((name) => `${relative(src, file)} → ${name}`),
    );
    expect(heavy).toEqual([]);
    // Of the engine, the runtime and the pipeline, only their plain-data modules, re-exported by the worker clients.
    const below = [...graph.keys()]
      .map((file) => relative(src, file))
      .filter((path) => /^(engine|runtime|pipeline|methods|evaluation)\//.test(path));
    expect(below.sort()).toEqual([
      'engine/dpo/dpo-options.ts',
      'engine/lora/lora-config.ts',
      'pipeline/round-settings.ts',
      'runtime/catalog.ts',
      'runtime/types.ts',
    ]);
  });
});
