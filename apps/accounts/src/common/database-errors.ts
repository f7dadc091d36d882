import { QueryFailedError } from 'typeorm';

/** Postgres SQLSTATEs this service turns into answers. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

function driverError(error: unknown): PgDriverError | undefined {
  return error instanceof QueryFailedError ? (error.driverError as PgDriverError) : undefined;
}

/** The name of the unique index or constraint a failed write broke, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | undefined {
  const pg = driverError(error);
  return pg?.code === UNIQUE_VIOLATION ? pg.constraint : undefined;
}

/** The name of the foreign key a failed write broke (a row it points at is gone), if that is why it failed. */
export function violatedForeignKey(error: unknown): string | undefined {
  const pg = driverError(error);
  return pg?.code === FOREIGN_KEY_VIOLATION ? pg.constraint : undefined;
}
