/** Injection token of the process's pino logger (redacts secret fields; never give it a token value). */
export const USERINFO_LOGGER = Symbol('USERINFO_LOGGER');
