// Counts the NATS messages a workload causes, by subject, with a subscription to every subject on Tessera's
// private NATS server. Used only in --profile runs (the extra subscriber costs the server a copy of each message).
import { connect } from 'nats';

export async function openWiretap(url) {
  const connection = await connect({ servers: url, name: 'bench-wiretap' });
  let counts = null;
  const subscription = connection.subscribe('>', {
    callback: (_error, message) => {
      if (!counts) return;
      // Replies go to per-connection inboxes: count them as one kind.
      const subject = subjectGroup(message.subject);
      counts.set(subject, (counts.get(subject) ?? 0) + 1);
    },
  });
  return {
    start() {
      counts = new Map();
    },
    /** The counts since `start()`; flushes first so that the last messages are in. */
    async stop() {
      await connection.flush();
      const result = Object.fromEntries([...(counts ?? [])].sort((a, b) => b[1] - a[1]));
      counts = null;
      return result;
    },
    async close() {
      subscription.unsubscribe();
      await connection.close();
    },
  };
}

/** Replies under one name, and JetStream acknowledgements by stream and consumer (their subjects are unique). */
function subjectGroup(subject) {
  if (subject.startsWith('_INBOX.')) return '_INBOX (replies)';
  const ack = /^(\$JS\.ACK\.[^.]+\.[^.]+)\./.exec(subject);
  return ack ? `${ack[1]} (acks)` : subject;
}
