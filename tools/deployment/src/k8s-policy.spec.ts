import { probeProblems, securityProblems, spreadProblems, tmpProblems, type Workload } from './k8s-policy';
import { schemaProblems, unknownFieldProblems, type KubeObject } from './k8s-schema';
import { parseYamlDocuments, readRepoFile } from './repo';

/** The checks run on the real manifests must fail on a bad one: each problem of the fixture is reported. */
describe('workload checks on fixtures/not-ok/insecure-deployment.yaml', () => {
  const file = 'tools/deployment/fixtures/not-ok/insecure-deployment.yaml';
  const [deployment] = parseYamlDocuments(readRepoFile(file), file) as Workload[];

  it('reports root, writable, privileged, unsized and unpinned', () => {
    expect(securityProblems(deployment)).toEqual([
      'Deployment/insecure: pod securityContext.runAsNonRoot is not true',
      'Deployment/insecure: pod securityContext.runAsUser is not a non-zero uid',
      'Deployment/insecure: pod seccompProfile is not RuntimeDefault',
      'Deployment/insecure container app: allowPrivilegeEscalation is not false',
      'Deployment/insecure container app: readOnlyRootFilesystem is not true',
      'Deployment/insecure container app: capabilities do not drop ALL',
      'Deployment/insecure container app: no resources.requests.cpu',
      'Deployment/insecure container app: no resources.requests.memory',
      'Deployment/insecure container app: no resources.limits.memory',
      'Deployment/insecure container app: image registry.example.com/tessera/tessera:latest has no pinned tag',
    ]);
    expect(tmpProblems(deployment)).toEqual(['Deployment/insecure container app: no emptyDir at /tmp']);
  });

  it('reports missing probes, probes on undeclared ports and a spread that counts other pods', () => {
    expect(probeProblems(deployment)).toEqual([
      'Deployment/insecure container app: startupProbe port metrics is not a declared container port',
      'Deployment/insecure container app: no readinessProbe (HTTP)',
      'Deployment/insecure container app: no livenessProbe (HTTP)',
    ]);
    expect(spreadProblems(deployment)).toEqual([
      'Deployment/insecure: no topology spread over topology.kubernetes.io/zone',
      'Deployment/insecure: spread over kubernetes.io/hostname does not select its own pods',
    ]);
  });

  it('reports a wrong type against the schema and an unknown field against the API types', () => {
    expect(schemaProblems([deployment as KubeObject])).toEqual([
      expect.stringContaining('containerPort must be integer'),
    ]);
    // TypeScript reports an unknown field only once the object's types are right, so fix the port first.
    const typed = structuredClone(deployment);
    typed.spec.template.spec.containers[0].ports = [{ name: 'health', containerPort: 9400 }];
    expect(unknownFieldProblems([typed as KubeObject])).toEqual([
      expect.stringMatching(
        /^Deployment\/insecure: Object literal may only specify known properties, and '"readinesProbe"' does not exist/,
      ),
    ]);
  });

  it('reports an apiVersion/kind the Kubernetes API does not have', () => {
    const unknown = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'typo' } };
    expect(schemaProblems([unknown])).toEqual(['Deploymnet/typo: unknown apiVersion/kind apps/v1 Deploymnet']);
  });
});
