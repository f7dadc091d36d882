import { execFileSync } from 'node:child_process';
import { parseYamlDocuments, repoPath, repoRoot } from './repo';
import type { KubeObject } from './k8s-schema';

export const OVERLAYS = ['development', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/**
 * The kustomization features used here (labels with includeTemplates, `patches` with label selectors, `envs`)
 * need the Kustomize v5 built into kubectl 1.27 or later; Debian's kubernetes-client package (1.20) is too old.
 */
export function kustomizeVersion(): string {
  try {
    return execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`kubectl (1.27 or later) is needed to build the Kustomize overlays: ${(error as Error).message}`);
  }
}

export function renderOverlay(overlay: Overlay): KubeObject[] {
  const output = execFileSync('kubectl', ['kustomize', repoPath('k8s/overlays', overlay)], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseYamlDocuments(output, `kubectl kustomize k8s/overlays/${overlay}`) as KubeObject[];
}
