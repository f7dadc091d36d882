/** Injection token of the process's pino logger (redacts secret fields; never give it a token value). */
export const TOKEN_LOGGER = Symbol('TOKEN_LOGGER');
