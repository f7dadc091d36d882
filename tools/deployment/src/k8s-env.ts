import { requiredFor, type ConfigOption } from './config-table';
import { nameOf, type KubeObject } from './k8s-schema';
import type { Container, Workload } from './k8s-policy';
import type { App } from './repo';

type Source =
  { from: 'configmap'; value: string } | { from: 'secret'; secret: string; key: string } | { from: 'other' };

interface DataObject extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const keysOf = (object: DataObject) => Object.keys({ ...object.data, ...object.stringData });

/** What each variable of a container comes from; envFrom a Secret is refused (each secret is given by name). */
export function environmentOf(
  container: Container,
  objects: KubeObject[],
): { vars: Map<string, Source>; problems: string[] } {
  const vars = new Map<string, Source>();
  const problems: string[] = [];
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) problems.push(`container ${container.name}: envFrom a whole Secret (${from.secretRef.name})`);
    if (!from.configMapRef) continue;
    const configMap = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === from.configMapRef?.name,
    ) as DataObject | undefined;
    if (!configMap) problems.push(`container ${container.name}: no ConfigMap ${from.configMapRef.name}`);
    for (const [name, value] of Object.entries(configMap?.data ?? {})) vars.set(name, { from: 'configmap', value });
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    vars.set(variable.name, ref ? { from: 'secret', secret: ref.name, key: ref.key } : { from: 'other' });
  }
  return { vars, problems };
}

/** A ConfigMap-provided setting of a container (HEALTH_PORT, ISSUER, ...). */
export function configValue(container: Container, objects: KubeObject[], name: string): string | undefined {
  const source = environmentOf(container, objects).vars.get(name);
  return source?.from === 'configmap' ? source.value : undefined;
}

/**
 * Every variable the container's processes read is set; the documented secrets come from a Secret that has the
 * key; and a container gets no secret that none of its processes reads.
 * `secretKeys`: the keys of each Secret the manifests may name (rendered or created from the template).
 */
export function environmentProblems(
  workload: Workload,
  container: Container,
  apps: App[],
  table: ConfigOption[],
  objects: KubeObject[],
  secretKeys: Map<string, string[]>,
): string[] {
  const at = `${nameOf(workload)} container ${container.name}`;
  const { vars, problems } = environmentOf(container, objects);
  const options = new Map(table.map((option) => [option.name, option]));
  for (const name of new Set(apps.flatMap((app) => requiredFor(table, app)))) {
    const source = vars.get(name);
    if (!source) problems.push(`${at}: ${name} is not set`);
    else if (options.get(name)?.secret && source.from !== 'secret')
      problems.push(`${at}: ${name} is not from a Secret`);
  }
  for (const [name, source] of vars) {
    if (source.from !== 'secret') continue;
    if (!apps.some((app) => options.get(name)?.readBy.includes(app))) {
      problems.push(`${at}: gets secret ${name}, which ${apps.join(', ')} do not read`);
    }
    if (!secretKeys.get(source.secret)?.includes(source.key)) {
      problems.push(`${at}: ${name} refers to ${source.secret}/${source.key}, which does not exist`);
    }
  }
  return problems.map((problem) => (problem.startsWith('container ') ? `${nameOf(workload)} ${problem}` : problem));
}

/** Secret name → keys: the Secrets in the rendered output, and those an operator creates from a template. */
export function secretKeysOf(objects: KubeObject[], templates: KubeObject[]): Map<string, string[]> {
  return new Map(
    [...templates, ...objects]
      .filter((object) => object.kind === 'Secret')
      .map((secret) => [secret.metadata.name, keysOf(secret as DataObject)]),
  );
}
