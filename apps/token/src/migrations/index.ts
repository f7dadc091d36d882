import { SigningKeys1764100000000 } from './1764100000000-signing-keys';

/** The token schema's migrations, oldest first. */
export const tokenMigrations = [SigningKeys1764100000000];
