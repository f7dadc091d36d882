/**
 * The events of a browser session's life. The aggregate is the user, so that a user's sign-ins and sign-outs
 * keep their order; neither names the session (its cookie value is a bearer secret).
 */
export const sessionCreated = (userId: string) => ({
  type: 'session.created' as const,
  aggregateId: userId,
  payload: { userId },
});

export const sessionEnded = (userId: string) => ({
  type: 'session.ended' as const,
  aggregateId: userId,
  payload: { userId },
});
