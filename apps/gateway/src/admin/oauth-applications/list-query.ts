import {
  applicationOrderSchema,
  FormParamFormatInvalidError,
  FormParamValueInvalidError,
  type ApplicationOrder,
} from '@tessera/contracts';

export interface ListQuery {
  limit?: number;
  offset?: number;
  orderBy?: ApplicationOrder;
  nameQuery?: string;
}

/**
 * GET /v1/oauth_applications query parameters: `limit` (1–500, default 10), `offset` (≥ 0), `order_by`
 * (±created_at or ±name; a `+` may arrive decoded as a space) and `name_query`. Other parameters are ignored.
 */
export function readListQuery(query: Record<string, unknown>): ListQuery {
  const limit = integerParam(query, 'limit', 1, 500);
  const offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const order = stringParam(query, 'order_by');
  const nameQuery = stringParam(query, 'name_query');
  let orderBy: ApplicationOrder | undefined;
  if (order !== undefined) {
    // An unencoded `+` in a query string means a space (application/x-www-form-urlencoded).
    const parsed = applicationOrderSchema.safeParse(order.replace(/^ /, '+'));
    if (!parsed.success) {
      throw new FormParamValueInvalidError('order_by must be one of: created_at, -created_at, name, -name', {
        param: 'order_by',
      });
    }
    orderBy = parsed.data;
  }
  if (nameQuery !== undefined && nameQuery.length > 256) {
    throw new FormParamValueInvalidError('name_query must be at most 256 characters', { param: 'name_query' });
  }
  return { limit, offset, orderBy, nameQuery: nameQuery || undefined };
}

function stringParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new FormParamFormatInvalidError(`${name} must be given once`, { param: name });
  }
  return value;
}

function integerParam(query: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = stringParam(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new FormParamFormatInvalidError(`${name} must be an integer`, { param: name });
  const number = Number(value);
  if (number < min || number > max) {
    throw new FormParamValueInvalidError(
      max === Number.MAX_SAFE_INTEGER ? `${name} must be at least ${min}` : `${name} must be between ${min} and ${max}`,
      { param: name },
    );
  }
  return number;
}
