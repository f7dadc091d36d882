import { z } from 'zod';

/**
 * Nest's NATS transport wire format, which our client speaks directly (request/reply through its own reply
 * inbox, see ReplyInbox; a missing service is a fast "no responders" instead of a timeout): request
 * `{pattern, data, id}`, reply `{id, response?, err?, isDisposed}`.
 */
export const rpcReplySchema = z.object({
  id: z.string().optional(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});

export interface RpcRequestPacket {
  pattern: string;
  data: unknown;
  id: string;
}
