/** Nest injection tokens of the NATS module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const NATS_REQUEST_TIMEOUT_MS = Symbol('NATS_REQUEST_TIMEOUT_MS');
export const NATS_LOGGER = Symbol('NATS_LOGGER');
