import type { KubeObject } from './k8s-schema';
import { selects, type LabelSelector, type Labels } from './selectors';

/**
 * Just enough NetworkPolicy semantics to ask "may this pod reach that one on this port?" within one namespace:
 * a direction is open for a pod only through the rules of the policies that select it for that direction.
 */

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
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

/** Who is on the other end: a pod in this namespace, a pod in another namespace, or an address outside. */
export type Counterpart = { pod: Labels } | { namespace: Labels; pod: Labels } | { external: true };

export const policiesOf = (objects: KubeObject[]) =>
  objects.filter((object) => object.kind === 'NetworkPolicy') as NetworkPolicy[];

/** Without policyTypes a policy restricts ingress, and egress too when it has egress rules. */
const typesOf = (policy: NetworkPolicy): Direction[] =>
  policy.spec.policyTypes ?? (policy.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);

const rulesOf = (policy: NetworkPolicy, direction: Direction) =>
  (direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];

const peersOf = (rule: Rule, direction: Direction) => (direction === 'Ingress' ? rule.from : rule.to) ?? [];

function peerMatches(peer: Peer, counterpart: Counterpart): boolean {
  if ('external' in counterpart) return peer.ipBlock !== undefined;
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
