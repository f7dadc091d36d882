import { readConfigTable } from './config-table';
import { configValue, environmentProblems, secretKeysOf } from './k8s-env';
import { allowed, internalAddressesReached, openIngressRules, policiesOf, type Counterpart } from './k8s-network';
import {
  appsRunBy,
  ofKind,
  podLabels,
  probeProblems,
  runsMigrationsOnly,
  securityProblems,
  spreadProblems,
  tesseraContainers,
  tmpProblems,
  workloadsOf,
  type Container,
  type Workload,
} from './k8s-policy';
import { nameOf, schemaProblems, unknownFieldProblems, type KubeObject } from './k8s-schema';
import { kustomizeVersion, OVERLAYS, renderOverlay, type Overlay } from './kustomize';
import { APPS, listFiles, parseYamlDocuments, readRepoFile } from './repo';
import { selects, type Labels } from './selectors';

const SECRET_TEMPLATE = 'k8s/base/secret.template.yaml';
const table = readConfigTable();
const templates = () => parseYamlDocuments(readRepoFile(SECRET_TEMPLATE), SECRET_TEMPLATE) as KubeObject[];
const schemaOwners = table.find((option) => option.name === 'DATABASE_URL')?.readBy ?? [];

const renders = new Map<Overlay, KubeObject[]>();
const rendered = (overlay: Overlay) =>
  renders.get(overlay) ?? renders.set(overlay, renderOverlay(overlay)).get(overlay)!;

interface Service extends KubeObject {
  spec: {
    selector?: Labels;
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    ports: Array<{ name?: string; port: number; targetPort?: string | number }>;
  };
}
interface Ingress extends KubeObject {
  spec: {
    tls?: Array<{ hosts?: string[]; secretName?: string }>;
    rules: Array<{
      host?: string;
      http?: { paths: Array<{ backend: { service?: { name: string; port: { name?: string; number?: number } } } }> };
    }>;
  };
}
interface Autoscaler extends KubeObject {
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Array<{ type: string; resource?: { name: string } }>;
  };
}

/** The overlay's view of one Tessera process: its Deployment, container and settings. */
function processes(objects: KubeObject[]) {
  return ofKind<Workload>(objects, 'Deployment').flatMap((deployment) =>
    tesseraContainers(deployment).map((container) => {
      const setting = (name: string) => configValue(container, objects, name);
      return { deployment, container, app: appsRunBy(container)[0], labels: podLabels(deployment), setting };
    }),
  );
}

const urlPort = (url: string | undefined, fallback: number) => Number(url && new URL(url).port) || fallback;

const declaredPort = (container: Container, name: string) =>
  container.ports?.find((port) => port.name === name)?.containerPort;

describe('k8s/ files', () => {
  it.each(listFiles('k8s', ['.yaml', '.yml']))('%s parses as YAML', (file) => {
    expect(parseYamlDocuments(readRepoFile(file), file).length).toBeGreaterThan(0);
  });

  it('kubectl builds Kustomize v5 kustomizations', () => {
    expect(kustomizeVersion()).toMatch(/Kustomize Version: v5\./);
  });

  it('the Secret template has every documented secret, each a marked placeholder', () => {
    const [secret, ...others] = templates() as Array<KubeObject & { stringData: Record<string, string> }>;
    expect(others).toEqual([]);
    expect(schemaProblems([secret])).toEqual([]);
    expect(Object.keys(secret.stringData).sort()).toEqual(
      table
        .filter((option) => option.secret)
        .map((option) => option.name)
        .sort(),
    );
    expect(Object.entries(secret.stringData).filter(([, value]) => !value.includes('REPLACE_ME'))).toEqual([]);
  });
});

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const objects = () => rendered(overlay);
  const workloads = () => workloadsOf(objects());
  const policies = () => policiesOf(objects());
  const nats = () => ofKind<Workload>(objects(), 'StatefulSet').find((set) => set.metadata.name === 'nats')!;

  it('builds with kubectl kustomize, everything in the namespace tessera', () => {
    const namespaced = objects().filter((object) => object.kind !== 'Namespace');
    expect(namespaced.length).toBeGreaterThan(30);
    expect(namespaced.filter((object) => object.metadata.namespace !== 'tessera').map(nameOf)).toEqual([]);
  });

  it('validates against the Kubernetes schemas', () => {
    expect(schemaProblems(objects())).toEqual([]);
  });

  it('has no field the Kubernetes API does not know', () => {
    expect(unknownFieldProblems(objects())).toEqual([]);
  });

  it('runs every pod non-root, read-only, without privileges, sized, from a pinned image', () => {
    expect(workloads().flatMap((workload) => [...securityProblems(workload), ...tmpProblems(workload)])).toEqual([]);
  });

  it('gives every Deployment and StatefulSet startup, readiness and liveness probes and a topology spread', () => {
    expect(workloads().flatMap((workload) => [...probeProblems(workload), ...spreadProblems(workload)])).toEqual([]);
  });

  it('runs each process in one Deployment with a Service, a PodDisruptionBudget and a CPU autoscaler', () => {
    const all = processes(objects());
    expect(all.map(({ app }) => app).sort()).toEqual([...APPS].sort());
    const problems = all.flatMap(({ deployment, labels }) => {
      const where = nameOf(deployment);
      const services = ofKind<Service>(objects(), 'Service').filter((service) =>
        selects({ matchLabels: service.spec.selector }, labels),
      );
      const budgets = ofKind<KubeObject & { spec: { selector: object } }>(objects(), 'PodDisruptionBudget').filter(
        (budget) => selects(budget.spec.selector, labels),
      );
      const scaler = ofKind<Autoscaler>(objects(), 'HorizontalPodAutoscaler').find(
        (candidate) =>
          candidate.spec.scaleTargetRef.kind === 'Deployment' &&
          candidate.spec.scaleTargetRef.name === deployment.metadata.name,
      );
      const replicas = deployment.spec.replicas ?? 1;
      return [
        services.length !== 1 && `${where}: ${services.length} Services select it`,
        budgets.length !== 1 && `${where}: ${budgets.length} PodDisruptionBudgets select it`,
        !scaler && `${where}: no HorizontalPodAutoscaler`,
        scaler && scaler.apiVersion !== 'autoscaling/v2' && `${where}: autoscaler is not autoscaling/v2`,
        scaler &&
          !scaler.spec.metrics?.some((metric) => metric.resource?.name === 'cpu') &&
          `${where}: autoscaler ignores CPU`,
        scaler &&
          (replicas < (scaler.spec.minReplicas ?? 1) || replicas > scaler.spec.maxReplicas) &&
          `${where}: ${replicas} replicas outside the autoscaler's ${scaler.spec.minReplicas}..${scaler.spec.maxReplicas}`,
      ].filter(Boolean);
    });
    expect(problems).toEqual([]);
  });

  it('gives every process each variable it reads, secrets from the Secret and only those it reads', () => {
    const secretKeys = secretKeysOf(objects(), templates());
    const problems = workloads().flatMap((workload) =>
      tesseraContainers(workload).flatMap((container) =>
        environmentProblems(workload, container, appsRunBy(container), table, objects(), secretKeys),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('probes, Services and scrape annotations use HEALTH_PORT, the gateway serves on PORT', () => {
    const problems = processes(objects()).flatMap(({ deployment, container, app, setting }) => {
      const where = nameOf(deployment);
      const healthPort = Number(setting('HEALTH_PORT'));
      const annotations = deployment.spec.template.metadata?.annotations ?? {};
      return [
        !healthPort && `${where}: HEALTH_PORT is not set`,
        declaredPort(container, 'health') !== healthPort && `${where}: port health is not HEALTH_PORT ${healthPort}`,
        annotations['prometheus.io/port'] !== String(healthPort) && `${where}: prometheus.io/port is not HEALTH_PORT`,
        ...(['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
          .filter((probe) => ![healthPort, 'health'].includes(container[probe]?.httpGet?.port ?? ''))
          .map((probe) => `${where}: ${probe} is not on the health port`),
        app === 'gateway' &&
          declaredPort(container, 'http') !== Number(setting('PORT')) &&
          `${where}: port http is not PORT`,
      ].filter(Boolean);
    });
    expect(problems).toEqual([]);
  });

  it('routes the Ingress to a port the gateway Service has, on the host of ISSUER', () => {
    const [ingress, ...others] = ofKind<Ingress>(objects(), 'Ingress');
    expect(others).toEqual([]);
    const gateway = processes(objects()).find(({ app }) => app === 'gateway')!;
    const issuer = new URL(gateway.setting('ISSUER') ?? '');
    const service = ofKind<Service>(objects(), 'Service').find((candidate) => candidate.metadata.name === 'gateway');
    for (const rule of ingress.spec.rules) {
      expect(rule.host).toBe(issuer.hostname);
      for (const { backend } of rule.http?.paths ?? []) {
        expect(backend.service?.name).toBe('gateway');
        expect(service?.spec.ports.map((port) => port.name)).toContain(backend.service?.port.name);
      }
    }
    if (gateway.setting('NODE_ENV') === 'production') {
      expect(issuer.protocol).toBe('https:');
      expect(ingress.spec.tls?.flatMap((tls) => tls.hosts)).toContain(issuer.hostname);
    }
  });

  it('runs the migrations of every schema owner in a Job ordered before the Deployments', () => {
    const [job, ...others] = ofKind<Workload>(objects(), 'Job');
    expect(others).toEqual([]);
    const [container] = tesseraContainers(job);
    expect(runsMigrationsOnly(container)).toBe(true);
    expect(appsRunBy(container).sort()).toEqual([...schemaOwners].sort());
    const wave = (object: KubeObject) => Number(object.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    expect(job.metadata.annotations?.['argocd.argoproj.io/hook']).toBeDefined();
    const configMaps = ofKind(objects(), 'ConfigMap');
    const namespace = ofKind(objects(), 'Namespace');
    expect([...configMaps, ...namespace].filter((object) => wave(object) >= wave(job)).map(nameOf)).toEqual([]);
    expect(
      workloads()
        .filter((workload) => workload !== job && wave(workload) <= wave(job))
        .map(nameOf),
    ).toEqual([]);
  });

  it('runs NATS as a JetStream cluster with one route per server through its headless Service', () => {
    const set = nats() as Workload & { spec: { serviceName: string; replicas: number } };
    expect(set.spec.replicas).toBe(3);
    const headless = ofKind<Service>(objects(), 'Service').find(
      (service) => service.metadata.name === set.spec.serviceName,
    );
    expect(headless?.spec.clusterIP).toBe('None');
    expect(headless?.spec.publishNotReadyAddresses).toBe(true);
    expect(selects({ matchLabels: headless?.spec.selector }, podLabels(set))).toBe(true);

    const configName = (set.spec.template.spec.volumes as Array<{ name: string; configMap?: { name: string } }>).find(
      (volume) => volume.configMap,
    )?.configMap?.name;
    const config =
      (
        ofKind(objects(), 'ConfigMap').find((map) => map.metadata.name === configName) as {
          data?: Record<string, string>;
        }
      )?.data?.['nats.conf'] ?? '';
    const clusterPort = declaredPort(set.spec.template.spec.containers[0], 'cluster');
    const routes = [...config.matchAll(/nats:\/\/([\w.-]+):(\d+)/g)].map(([, host, port]) => `${host}:${port}`);
    const expected = Array.from(
      { length: set.spec.replicas },
      (_, index) => `nats-${index}.${set.spec.serviceName}:${clusterPort}`,
    );
    expect(routes.sort()).toEqual(expected);
    expect(config).toMatch(/jetstream\s*{[^}]*store_dir:\s*\/data/);
  });

  it('names NATS, Redis and Postgres at ports the NetworkPolicies open', () => {
    const secretUrl = (objects().find((object) => object.kind === 'Secret') ?? templates()[0]) as {
      stringData?: Record<string, string>;
      data?: Record<string, string>;
    };
    const databaseUrl =
      secretUrl.stringData?.DATABASE_URL ?? Buffer.from(secretUrl.data?.DATABASE_URL ?? '', 'base64').toString();
    const natsLabels = podLabels(nats());
    const dns: Counterpart = {
      namespace: { 'kubernetes.io/metadata.name': 'kube-system' },
      pod: { 'k8s-app': 'kube-dns' },
    };
    const problems = processes(objects()).flatMap(({ deployment, app, labels, setting }) => {
      const where = nameOf(deployment);
      const natsPort = urlPort(setting('NATS_URL'), 4222);
      const natsService = ofKind<Service>(objects(), 'Service').find(
        (service) => service.metadata.name === new URL(setting('NATS_URL') ?? '').hostname,
      );
      return [
        !natsService?.spec.ports.some((port) => port.port === natsPort) &&
          `${where}: NATS_URL names no NATS Service port`,
        !allowed(policies(), labels, 'Egress', { pod: natsLabels }, natsPort) && `${where}: egress to NATS blocked`,
        !allowed(policies(), natsLabels, 'Ingress', { pod: labels }, natsPort) && `${where}: NATS does not admit it`,
        !allowed(policies(), labels, 'Egress', { external: true }, urlPort(setting('REDIS_URL'), 6379)) &&
          `${where}: egress to Redis blocked`,
        schemaOwners.includes(app) &&
          !allowed(policies(), labels, 'Egress', { external: true }, urlPort(databaseUrl, 5432)) &&
          `${where}: egress to Postgres blocked`,
        !allowed(policies(), labels, 'Egress', dns, 53, 'UDP') && `${where}: DNS blocked`,
      ].filter(Boolean);
    });
    const job = ofKind<Workload>(objects(), 'Job')[0];
    if (!allowed(policies(), podLabels(job), 'Egress', { external: true }, urlPort(databaseUrl, 5432)))
      problems.push('Job: egress to Postgres blocked');
    expect(problems).toEqual([]);
  });

  it('lets accounts deliver webhooks to any public HTTPS receiver, never to an internal address', () => {
    const receivers = ['203.0.113.10', '198.51.100.20', '2001:db8::10'];
    const problems = processes(objects()).flatMap(({ deployment, app, labels }) => {
      const where = nameOf(deployment);
      const reaches = (address: string, port: number) => allowed(policies(), labels, 'Egress', { address }, port);
      const delivers = app === 'accounts';
      return [
        ...receivers
          .filter((address) => reaches(address, 443) !== delivers)
          .map((address) => `${where}: ${delivers ? 'cannot reach' : 'reaches'} ${address}:443`),
        ...receivers.filter((address) => reaches(address, 80)).map((address) => `${where}: reaches ${address}:80`),
        ...internalAddressesReached(policies(), labels, 443).map((address) => `${where}: reaches ${address}:443`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('denies by default and lets only the gateway take outside traffic, on PORT', () => {
    const defaultDeny = policies().filter(
      (policy) => Object.keys(policy.spec.podSelector).length === 0 && !policy.spec.ingress && !policy.spec.egress,
    );
    expect(defaultDeny.flatMap((policy) => policy.spec.policyTypes).sort()).toEqual(['Egress', 'Ingress']);

    const gateway = processes(objects()).find(({ app }) => app === 'gateway')!;
    const port = Number(gateway.setting('PORT'));
    expect(allowed(policies(), gateway.labels, 'Ingress', { external: true }, port)).toBe(true);
    const others = workloads()
      .filter((workload) => workload !== gateway.deployment)
      .map(podLabels);
    const problems = openIngressRules(policies()).flatMap(({ policy, rule }) => [
      others.some((labels) => selects(policy.spec.podSelector, labels)) &&
        `${nameOf(policy)} opens pods other than the gateway`,
      !rule.ports?.every((entry) => entry.port === port) && `${nameOf(policy)} opens ports other than ${port}`,
    ]);
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('lets NATS servers route to each other and Prometheus in monitoring scrape every health port', () => {
    const natsLabels = podLabels(nats());
    const clusterPort = declaredPort(nats().spec.template.spec.containers[0], 'cluster') ?? 0;
    const monitoring: Counterpart = { namespace: { 'kubernetes.io/metadata.name': 'monitoring' }, pod: {} };
    const scraped = [
      ...processes(objects()).map(({ deployment, labels, setting }) => ({
        deployment,
        labels,
        port: Number(setting('HEALTH_PORT')),
      })),
      {
        deployment: nats(),
        labels: natsLabels,
        port: declaredPort(nats().spec.template.spec.containers[0], 'monitor') ?? 0,
      },
    ];
    const problems = [
      !allowed(policies(), natsLabels, 'Egress', { pod: natsLabels }, clusterPort) && 'NATS: route egress blocked',
      !allowed(policies(), natsLabels, 'Ingress', { pod: natsLabels }, clusterPort) && 'NATS: route ingress blocked',
      ...scraped
        .filter(({ labels, port }) => !allowed(policies(), labels, 'Ingress', monitoring, port))
        .map(({ deployment }) => `${nameOf(deployment)}: monitoring cannot scrape it`),
      ...scraped
        .filter(({ labels }) => allowed(policies(), labels, 'Ingress', monitoring, 5432))
        .map(({ deployment }) => `${nameOf(deployment)}: monitoring reaches more than the health port`),
    ];
    expect(problems.filter(Boolean)).toEqual([]);
  });
});

describe('k8s/overlays/development', () => {
  const objects = () => rendered('development');

  it('runs one replica of each Deployment, in development mode, over plain HTTP', () => {
    expect(
      ofKind<Workload>(objects(), 'Deployment')
        .filter((deployment) => deployment.spec.replicas !== 1)
        .map(nameOf),
    ).toEqual([]);
    const gateway = processes(objects()).find(({ app }) => app === 'gateway')!;
    expect(gateway.setting('NODE_ENV')).toBe('development');
    expect(new URL(gateway.setting('ISSUER') ?? '').protocol).toBe('http:');
    expect(ofKind<Ingress>(objects(), 'Ingress')[0].spec.tls).toBeUndefined();
  });
});

describe('k8s/overlays/production', () => {
  const objects = () => rendered('production');

  it('runs in production mode with three gateways at least and two of every service', () => {
    const all = processes(objects());
    expect(all.every(({ setting }) => setting('NODE_ENV') === 'production')).toBe(true);
    const replicas = Object.fromEntries(all.map(({ app, deployment }) => [app, deployment.spec.replicas]));
    expect(replicas).toEqual({ gateway: 3, authorize: 2, token: 2, userinfo: 2, accounts: 2, 'client-registry': 2 });
    const gatewayScaler = ofKind<Autoscaler>(objects(), 'HorizontalPodAutoscaler').find(
      (scaler) => scaler.metadata.name === 'gateway',
    );
    expect(gatewayScaler?.spec.minReplicas).toBeGreaterThanOrEqual(3);
  });

  it('terminates TLS at the Ingress with a certificate from cert-manager', () => {
    const [ingress] = ofKind<Ingress>(objects(), 'Ingress');
    expect(ingress.spec.tls?.[0]?.secretName).toBeTruthy();
    expect(Object.keys(ingress.metadata.annotations ?? {}).some((key) => key.startsWith('cert-manager.io/'))).toBe(
      true,
    );
  });
});
