import {
  allowed,
  INTERNAL_ADDRESSES,
  internalAddressesReached,
  openIngressRules,
  type NetworkPolicy,
} from './k8s-network';
import { parseYamlDocuments, readRepoFile } from './repo';
import { selects } from './selectors';

describe('label selectors', () => {
  const labels = { 'app.kubernetes.io/name': 'token', 'app.kubernetes.io/component': 'service' };

  it.each([
    [{}, true],
    [{ matchLabels: { 'app.kubernetes.io/name': 'token' } }, true],
    [{ matchLabels: { 'app.kubernetes.io/name': 'gateway' } }, false],
    [
      { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway', 'service'] }] },
      true,
    ],
    [{ matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['service'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, false],
  ] as const)('%j selects the token pod: %s', (selector, expected) => {
    expect(selects(selector as Parameters<typeof selects>[0], labels)).toBe(expected);
  });
});

describe('NetworkPolicy evaluation', () => {
  const token = { 'app.kubernetes.io/name': 'token' };
  const nats = { 'app.kubernetes.io/name': 'nats' };
  const deny: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
  const toNats: NetworkPolicy = {
    ...deny,
    metadata: { name: 'to-nats' },
    spec: {
      podSelector: { matchLabels: token },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: nats } }], ports: [{ port: 4222 }] }],
    },
  };

  it('allows everything where no policy applies, nothing under a default deny', () => {
    expect(allowed([], token, 'Egress', { external: true }, 443)).toBe(true);
    expect(allowed([deny], token, 'Egress', { external: true }, 443)).toBe(false);
  });

  it('allows exactly the peer and port a rule names', () => {
    const policies = [deny, toNats];
    expect(allowed(policies, token, 'Egress', { pod: nats }, 4222)).toBe(true);
    expect(allowed(policies, token, 'Egress', { pod: nats }, 6222)).toBe(false);
    expect(allowed(policies, token, 'Egress', { pod: { 'app.kubernetes.io/name': 'redis' } }, 4222)).toBe(false);
    expect(allowed(policies, token, 'Egress', { external: true }, 4222)).toBe(false);
  });

  it('allows an address an ipBlock covers, unless it is in one of its exceptions or of another family', () => {
    const toInternet: NetworkPolicy = {
      ...deny,
      metadata: { name: 'to-internet' },
      spec: {
        podSelector: { matchLabels: token },
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.0.0/16'] } }],
            ports: [{ protocol: 'TCP', port: 443 }],
          },
        ],
      },
    };
    const policies = [deny, toInternet];
    const reaches = (address: string, port = 443) => allowed(policies, token, 'Egress', { address }, port);
    expect(reaches('203.0.113.7')).toBe(true);
    expect(reaches('203.0.113.7', 80)).toBe(false);
    expect(reaches('10.1.2.3')).toBe(false);
    expect(reaches('169.254.169.254')).toBe(false);
    expect(reaches('11.0.0.1')).toBe(true);
    expect(reaches('2001:db8::7')).toBe(false);
    expect(allowed(policies, token, 'Egress', { pod: nats }, 443)).toBe(false);
    expect(internalAddressesReached(policies, token, 443)).toEqual([
      '172.20.1.1',
      '192.168.1.10',
      '127.0.0.1',
      '100.64.0.1',
    ]);
  });

  it('finds an egress rule that reaches internal addresses (fixtures/not-ok/open-egress-policy.yaml)', () => {
    const file = 'tools/deployment/fixtures/not-ok/open-egress-policy.yaml';
    const policies = parseYamlDocuments(readRepoFile(file), file) as NetworkPolicy[];
    const accounts = { 'app.kubernetes.io/name': 'accounts' };
    // Every internal IPv4 address: the rule names no IPv6 block.
    expect(internalAddressesReached(policies, accounts, 443)).toEqual(
      INTERNAL_ADDRESSES.filter((address) => !address.includes(':')),
    );
    expect(INTERNAL_ADDRESSES).toContain('169.254.169.254');
  });

  it('finds a rule that opens a pod to any source (fixtures/not-ok/open-network-policy.yaml)', () => {
    const file = 'tools/deployment/fixtures/not-ok/open-network-policy.yaml';
    const policies = parseYamlDocuments(readRepoFile(file), file) as NetworkPolicy[];
    expect(openIngressRules(policies).map(({ policy }) => policy.metadata.name)).toEqual(['token-open']);
    expect(allowed(policies, token, 'Ingress', { external: true }, 9400)).toBe(true);
  });
});
