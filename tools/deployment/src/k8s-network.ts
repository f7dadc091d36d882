import { BlockList, isIP } from 'node:net';
import type { KubeObject } from './k8s-schema';
import { selects, type LabelSelector, type Labels } from './selectors';

/**
 * Just enough NetworkPolicy semantics to ask "may this pod reach that one on this port?" within one namespace:
 * a direction is open for a pod only through the rules of the policies that select it for that direction.
 */

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  ports?: Array<{ protocol?: string; port?: number | string }>;
  from?: Peer[];
  to?: Peer[];
}
export interface NetworkPolicy extends KubeObject {
  spec: { podSelector: LabelSelector; policyTypes?: Array<'Ingress' | 'Egress'>; ingress?: Rule[]; egress?: Rule[] };
}

type Direction = 'Ingress' | 'Egress';

/**
 * Who is on the other end: a pod in this namespace, a pod in another namespace, some address outside (whichever
 * an ipBlock names), or one given address outside.
 */
export type Counterpart =
  { pod: Labels } | { namespace: Labels; pod: Labels } | { external: true } | { address: string };

/**
 * Addresses an outbound connection to the internet must not reach: one in each private (RFC 1918, RFC 4193),
 * loopback, link-local (the cloud metadata service) and carrier-grade NAT range (RFC 6598, used for pod
 * networks by some clusters).
 */
export const INTERNAL_ADDRESSES = [
  '10.0.0.12',
  '172.20.1.1',
  '192.168.1.10',
  '127.0.0.1',
  '169.254.169.254',
  '100.64.0.1',
  'fd00::1',
  'fe80::1',
  '::1',
];

export const policiesOf = (objects: KubeObject[]) =>
  objects.filter((object) => object.kind === 'NetworkPolicy') as NetworkPolicy[];

/** Without policyTypes a policy restricts ingress, and egress too when it has egress rules. */
const typesOf = (policy: NetworkPolicy): Direction[] =>
  policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);

const rulesOf = (policy: NetworkPolicy, direction: Direction) =>
  (direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];

const peersOf = (rule: Rule, direction: Direction) => (direction === 'Ingress' ? rule.from : rule.to) ?? [];

/** Is `address` in `cidr`? An IPv4 address is never in an IPv6 block, nor the reverse. */
function inCidr(cidr: string, address: string): boolean {
  const [network, prefix] = cidr.split('/');
  const family = isIP(network);
  if (family === 0 || family !== isIP(address)) return false;
  const block = new BlockList();
  const type = family === 6 ? 'ipv6' : 'ipv4';
  block.addSubnet(network, Number(prefix), type);
  return block.check(address, type);
}

const inIpBlock = (block: NonNullable<Peer['ipBlock']>, address: string) =>
  inCidr(block.cidr, address) && !(block.except ?? []).some((excepted) => inCidr(excepted, address));

function peerMatches(peer: Peer, counterpart: Counterpart): boolean {
  if ('external' in counterpart) return peer.ipBlock !== undefined;
  if ('address' in counterpart) return peer.ipBlock !== undefined && inIpBlock(peer.ipBlock, counterpart.address);
  if (peer.ipBlock) return false;
  if ('namespace' in counterpart) {
    return (
      selects(peer.namespaceSelector, counterpart.namespace) &&
      (!peer.podSelector || selects(peer.podSelector, counterpart.pod))
    );
  }
  return !peer.namespaceSelector && selects(peer.podSelector, counterpart.pod);
}

const portMatches = (rule: Rule, port: number, protocol: string) =>
  !rule.ports ||
  rule.ports.some(
    (entry) => (entry.protocol ?? 'TCP') === protocol && (entry.port === undefined || entry.port === port),
  );

/** Is `direction` traffic of the pod with `labels` to/from `counterpart` on `port` allowed? */
export function allowed(
  policies: NetworkPolicy[],
  labels: Labels,
  direction: Direction,
  counterpart: Counterpart,
  port: number,
  protocol = 'TCP',
): boolean {
  const selecting = policies.filter(
    (policy) => selects(policy.spec.podSelector, labels) && typesOf(policy).includes(direction),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    rulesOf(policy, direction).some((rule) => {
      const peers = peersOf(rule, direction);
      return (
        portMatches(rule, port, protocol) &&
        (peers.length === 0 || peers.some((peer) => peerMatches(peer, counterpart)))
      );
    }),
  );
}

/** Ingress rules that admit any source (no `from`, or an address block), with the policy they belong to. */
export const openIngressRules = (policies: NetworkPolicy[]) =>
  policies.flatMap((policy) =>
    rulesOf(policy, 'Ingress')
      .filter((rule) => peersOf(rule, 'Ingress').length === 0 || peersOf(rule, 'Ingress').some((peer) => peer.ipBlock))
      .map((rule) => ({ policy, rule })),
  );

/** The INTERNAL_ADDRESSES the pod with `labels` may open connections to on `port`. */
export const internalAddressesReached = (policies: NetworkPolicy[], labels: Labels, port: number) =>
  INTERNAL_ADDRESSES.filter((address) => allowed(policies, labels, 'Egress', { address }, port));
