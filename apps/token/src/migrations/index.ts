import { SigningKeys1764100000000 } from './1764100000000-signing-keys';
import { GrantsAndTokens1764200000000 } from './1764200000000-grants-and-tokens';

/** The token schema's migrations, oldest first. */
export const tokenMigrations = [SigningKeys1764100000000, GrantsAndTokens1764200000000];
