import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from './repo';

/**
 * Kubernetes schema checks, offline, from the `kubernetes-models` package (generated from the Kubernetes
 * OpenAPI spec): its validate() checks types, required fields and enums; its TypeScript types catch what the
 * OpenAPI schemas allow silently, an unknown field (a typo such as `readinesProbe`), the way kubectl's
 * server-side strict field validation would.
 */

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`; core `v1` → `kubernetes-models/v1/...`. */
export const modelModule = (object: KubeObject) => `kubernetes-models/${object.apiVersion}/${object.kind}`;

export const nameOf = (object: KubeObject) => `${object.kind}/${object.metadata?.name}`;

/** Problems from the models' own validators; an apiVersion/kind the models don't know is one too. */
export function schemaProblems(objects: KubeObject[]): string[] {
  return objects.flatMap((object) => {
    let Model: new (data: unknown) => { validate(): void };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- one module per apiVersion/kind
      Model = require(modelModule(object))[object.kind];
    } catch {
      return [`${nameOf(object)}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`];
    }
    try {
      new Model(withUnwrappedSecretData(object)).validate();
      return [];
    } catch (error) {
      return [`${nameOf(object)}: ${(error as Error).message}`];
    }
  });
}

/**
 * Kustomize folds long base64 Secret values over several lines; the API server's decoder skips the newlines,
 * the models' `byte` format does not.
 */
function withUnwrappedSecretData(object: KubeObject): KubeObject {
  const data = object.kind === 'Secret' ? (object.data as Record<string, string> | undefined) : undefined;
  if (!data) return object;
  return {
    ...object,
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, value.replace(/\s/g, '')])),
  };
}

/** Problems TypeScript finds when each object is assigned to its model's interface (unknown fields, wrong types). */
export function unknownFieldProblems(objects: KubeObject[]): string[] {
  // A virtual file inside the repository, so that `kubernetes-models` resolves from its node_modules.
  const fileName = path.join(repoRoot, 'tools/deployment/src/__manifests__.ts');
  const source = objects
    .map((object, index) => `import type { I${object.kind} as T${index} } from '${modelModule(object)}';`)
    .concat(objects.map((object, index) => `export const o${index}: T${index} = ${JSON.stringify(object)};`))
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === fileName || fileExists(name);
  host.readFile = (name) => (name === fileName ? source : readFile(name));

  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName);
  return ts.getPreEmitDiagnostics(program, file).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : -1;
    // Imports take the first objects.length lines; object i is on line objects.length + i.
    const object = objects[line - objects.length] ?? objects[line];
    const where = object ? nameOf(object) : 'manifests';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}
