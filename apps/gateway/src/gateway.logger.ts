/** Injection token of the process's pino logger (redacts secret fields; never give it a secret's value). */
export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');
