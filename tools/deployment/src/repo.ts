import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(__dirname, '../../..');

export const repoPath = (...parts: string[]) => path.join(repoRoot, ...parts);

export const readRepoFile = (relative: string) => readFileSync(repoPath(relative), 'utf8');

/** Every Tessera process, each built to dist/apps/<app>/main.js. */
export const APPS = ['gateway', 'authorize', 'token', 'userinfo', 'accounts', 'client-registry'] as const;
export type App = (typeof APPS)[number];

export const isApp = (name: string): name is App => (APPS as readonly string[]).includes(name);

/** `dist/apps/token/main.js` → `token`: how a container command names the process it runs. */
export function appOfEntrypoint(argument: unknown): App | undefined {
  const match = typeof argument === 'string' ? /^dist\/apps\/([a-z-]+)\/main\.js$/.exec(argument) : null;
  return match && isApp(match[1]) ? match[1] : undefined;
}

/** All documents of a YAML file; throws on any parse error (merge keys `<<` resolved, as Compose does). */
export function parseYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((document) => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    return document.toJS();
  });
}

export function listFiles(relativeDir: string, extensions: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return walk(full);
      return extensions.some((extension) => entry.endsWith(extension)) ? [full] : [];
    });
  const root = repoPath(relativeDir);
  return existsSync(root) ? walk(root).map((file) => path.relative(repoRoot, file)) : [];
}

/**
 * KEY=VALUE lines as Compose's env_file and Kustomize's `envs` read them: `#` starts a comment line, no
 * quoting. A line that is neither is an error rather than silently ignored.
 */
export function parseEnvFile(text: string, source: string): Record<string, string> {
  const entries: Record<string, string> = {};
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(trimmed);
    if (!match) throw new Error(`${source}:${index + 1}: not KEY=VALUE: ${trimmed}`);
    entries[match[1]] = match[2];
  });
  return entries;
}
