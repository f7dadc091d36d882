#!/usr/bin/env node
// Builds every app and lib into dist/ in one pass: `apps/<app>/src/**` → `dist/apps/<app>/**`,
// `libs/<lib>/src/**` → `dist/libs/<lib>/**`. swc strips types and emits decorator metadata (Nest's DI needs
// it); `@tessera/*` imports become relative requires so that `node dist/apps/<app>/main.js` runs as is.
// Type checking is `npm run typecheck`; this build only transpiles, which keeps `npm start` fast.
import { transformFile } from '@swc/core';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const finalDist = path.join(root, 'dist');
// Build beside dist/ and swap it in at the end, so a stack starting from dist/ meanwhile never sees half a build.
const dist = path.join(root, `dist.building-${process.pid}`);
const TEST_FILE = /\.(spec|e2e-spec|test)\.ts$/;

/** Where a source file lands: drop the `src/` level. */
const outPathOf = (source) =>
  path.join(dist, path.relative(root, source).replace(`${path.sep}src${path.sep}`, path.sep));

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

function rewriteAliases(code, outFile) {
  return code.replace(/require\("@tessera\/([a-z-]+)"\)/g, (_, lib) => {
    let relative = path.relative(path.dirname(outFile), path.join(dist, 'libs', lib, 'index.js'));
    if (!relative.startsWith('.')) relative = `./${relative}`;
    return `require(${JSON.stringify(relative.split(path.sep).join('/'))})`;
  });
}

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: true,
};

async function build() {
  const started = Date.now();
  await rm(dist, { recursive: true, force: true });
  const sources = [];
  for (const top of ['apps', 'libs']) {
    for (const project of await readdir(path.join(root, top))) {
      const src = path.join(root, top, project, 'src');
      try {
        for await (const file of walk(src)) sources.push(file);
      } catch (error) {
        if (error.code !== 'ENOENT') throw error;
      }
    }
  }
  let compiled = 0;
  await Promise.all(
    sources.map(async (source) => {
      const outFile = outPathOf(source);
      await mkdir(path.dirname(outFile), { recursive: true });
      if (TEST_FILE.test(source)) return;
      if (!source.endsWith('.ts')) {
        await cp(source, outFile); // templates, stylesheets
        return;
      }
      const jsFile = outFile.replace(/\.ts$/, '.js');
      const { code, map } = await transformFile(source, {
        ...swcOptions,
        filename: source,
        sourceFileName: path.relative(path.dirname(jsFile), source),
      });
      await writeFile(jsFile, `${rewriteAliases(code, jsFile)}\n//# sourceMappingURL=${path.basename(jsFile)}.map\n`);
      await writeFile(`${jsFile}.map`, map);
      compiled += 1;
    }),
  );
  const retired = `${finalDist}.old-${process.pid}`;
  await rename(finalDist, retired).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(dist, finalDist);
  await rm(retired, { recursive: true, force: true });
  process.stdout.write(`build: ${compiled} files into dist/ in ${Date.now() - started} ms\n`);
}

build().catch(async (error) => {
  await rm(dist, { recursive: true, force: true });
  process.stderr.write(`build failed: ${error.message}\n`);
  process.exit(1);
});
