import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '../../..');

/** Builds dist/ as `npm start` does (about a second): the stack under test runs from the build, not the sources. */
export function buildTessera(): void {
  execFileSync(process.execPath, [path.join(repositoryRoot, 'scripts/build.mjs')], { stdio: 'pipe' });
}
