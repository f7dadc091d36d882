import { nameOf, type KubeObject } from './k8s-schema';
import { appOfEntrypoint, isApp, type App } from './repo';
import { selects, type LabelSelector, type Labels } from './selectors';

/** The parts of a pod spec the policies read. */
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
export interface PodTemplate {
  metadata?: { labels?: Labels; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
    topologySpreadConstraints?: Array<{ topologyKey: string; labelSelector?: LabelSelector }>;
    volumes?: Array<{ name: string; emptyDir?: object }>;
  };
}
export interface Workload extends KubeObject {
  spec: { replicas?: number; selector?: LabelSelector; template: PodTemplate };
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet', 'ReplicaSet', 'Pod'];
const SERVING_KINDS = ['Deployment', 'StatefulSet'];

export const ofKind = <T extends KubeObject = KubeObject>(objects: KubeObject[], kind: string) =>
  objects.filter((object) => object.kind === kind) as T[];

/** Every object that runs pods; the kinds this repository doesn't use are refused so none escapes the checks. */
export function workloadsOf(objects: KubeObject[]): Workload[] {
  const workloads = objects.filter((object) => WORKLOAD_KINDS.includes(object.kind));
  const unchecked = workloads.filter((object) => !['Deployment', 'StatefulSet', 'Job'].includes(object.kind));
  if (unchecked.length > 0) throw new Error(`no policy for ${unchecked.map(nameOf).join(', ')}`);
  return workloads as Workload[];
}

export const podLabels = (workload: Workload): Labels => workload.spec.template.metadata?.labels ?? {};

/**
 * The Tessera processes a container runs: `args: [dist/apps/token/main.js]`, or the migration Job's
 * `for app in accounts ...; do node "dist/apps/$app/main.js" --migrate-only; done`.
 */
export function appsRunBy(container: Container): App[] {
  const words = [...(container.command ?? []), ...(container.args ?? [])];
  const direct = words.map(appOfEntrypoint).filter((app): app is App => app !== undefined);
  const looped = words.flatMap(
    (word) =>
      /for app in ([a-z -]+); do\s+node "dist\/apps\/\$app\/main\.js"/.exec(word)?.[1].trim().split(/\s+/) ?? [],
  );
  return [...direct, ...looped.filter(isApp)];
}

export const runsMigrationsOnly = (container: Container) =>
  [...(container.command ?? []), ...(container.args ?? [])].some((word) => word.includes('--migrate-only'));

export const tesseraContainers = (workload: Workload) =>
  workload.spec.template.spec.containers.filter((container) => appsRunBy(container).length > 0);

const containersOf = (workload: Workload) => [
  ...(workload.spec.template.spec.initContainers ?? []),
  ...workload.spec.template.spec.containers,
];

/** Non-root, read-only root filesystem, no privilege escalation, no capabilities, seccomp, sized, pinned. */
export function securityProblems(workload: Workload): string[] {
  const pod = workload.spec.template.spec;
  const where = nameOf(workload);
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true)
    problems.push(`${where}: pod securityContext.runAsNonRoot is not true`);
  if (!pod.securityContext?.runAsUser) problems.push(`${where}: pod securityContext.runAsUser is not a non-zero uid`);
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
    problems.push(`${where}: pod seccompProfile is not RuntimeDefault`);
  }
  for (const container of containersOf(workload)) {
    const at = `${where} container ${container.name}`;
    const security = container.securityContext;
    if (security?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (security?.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (!security?.capabilities?.drop?.includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const missing of [
      !requests.cpu && 'requests.cpu',
      !requests.memory && 'requests.memory',
      !limits.memory && 'limits.memory',
    ]) {
      if (missing) problems.push(`${at}: no resources.${missing}`);
    }
    const tag = /:([^/:@]+)$/.exec(container.image ?? '')?.[1];
    if (!tag || tag === 'latest') problems.push(`${at}: image ${container.image} has no pinned tag`);
  }
  return problems;
}

/** Startup, readiness and liveness probes, each on a port the container declares. */
export function probeProblems(workload: Workload): string[] {
  if (!SERVING_KINDS.includes(workload.kind)) return [];
  return workload.spec.template.spec.containers.flatMap((container) => {
    const at = `${nameOf(workload)} container ${container.name}`;
    const declared = (container.ports ?? []).flatMap((port) => [port.name, port.containerPort]);
    return (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).flatMap((kind) => {
      const port = container[kind]?.httpGet?.port;
      if (port === undefined) return [`${at}: no ${kind} (HTTP)`];
      return declared.includes(port) ? [] : [`${at}: ${kind} port ${port} is not a declared container port`];
    });
  });
}

/** Spread over nodes and zones, each constraint counting this workload's own pods. */
export function spreadProblems(workload: Workload): string[] {
  if (!SERVING_KINDS.includes(workload.kind)) return [];
  const constraints = workload.spec.template.spec.topologySpreadConstraints ?? [];
  const where = nameOf(workload);
  const keys = constraints.map((constraint) => constraint.topologyKey);
  const problems = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']
    .filter((key) => !keys.includes(key))
    .map((key) => `${where}: no topology spread over ${key}`);
  return problems.concat(
    constraints
      .filter((constraint) => !selects(constraint.labelSelector, podLabels(workload)))
      .map((constraint) => `${where}: spread over ${constraint.topologyKey} does not select its own pods`),
  );
}

/** A read-only root filesystem leaves /tmp unwritable unless a volume is mounted there. */
export function tmpProblems(workload: Workload): string[] {
  const pod = workload.spec.template.spec;
  return tesseraContainers(workload)
    .filter((container) => {
      const mount = container.volumeMounts?.find((volumeMount) => volumeMount.mountPath === '/tmp');
      return !pod.volumes?.find((volume) => volume.name === mount?.name)?.emptyDir;
    })
    .map((container) => `${nameOf(workload)} container ${container.name}: no emptyDir at /tmp`);
}
