import { FormParamValueInvalidError, type Metadata } from '@tessera/contracts';

/** Each metadata object, serialized as JSON, may take at most 8 KiB (as Clerk caps it). */
export const METADATA_MAX_BYTES = 8 * 1024;

/** Checks one metadata object's size; `param` is the admin API parameter (`public_metadata`, …). */
export function checkMetadataSize(value: Metadata | undefined, param: string): void {
  if (value === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > METADATA_MAX_BYTES) {
    throw new FormParamValueInvalidError(
      `${param} must be at most ${METADATA_MAX_BYTES} bytes when serialized as JSON (it is ${bytes})`,
      { param },
    );
  }
}
