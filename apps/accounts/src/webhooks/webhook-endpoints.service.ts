import { Inject, Injectable } from '@nestjs/common';
import {
  FormParamValueInvalidError,
  ResourceNotFoundError,
  WEBHOOK_ALL_EVENTS,
  type ValidRequestOf,
  type WebhookView,
} from '@tessera/contracts';
import { decryptSecret, encryptSecret } from '@tessera/crypto';
import { DataSource } from 'typeorm';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../accounts.config';
import { newId } from '../common/ids';
import { newWebhookSecret } from './webhook-signature';
import { webhookUrlProblem } from './webhook-url.rules';

type CreateWebhook = ValidRequestOf<'accounts.webhook.create.v1'>;

interface EndpointRow {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  created_at: Date;
  updated_at: Date;
}

const ENDPOINT_COLUMNS = 'id, url, event_types, description, created_at, updated_at';

/**
 * Webhook endpoints as the admin API manages them. The signing secret is generated here, answered once, and
 * stored encrypted (AES-256-GCM, bound to the endpoint's id): the delivery worker needs it in clear to sign.
 */
@Injectable()
export class WebhookEndpointsService {
  private readonly key: Buffer;
  private readonly production: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ACCOUNTS_CONFIG) config: AccountsConfig,
  ) {
    this.key = Buffer.from(config.WEBHOOK_SECRET_ENCRYPTION_KEY, 'base64');
    this.production = config.NODE_ENV === 'production';
  }

  async create(request: CreateWebhook): Promise<{ webhook: WebhookView; secret: string }> {
    const problem = webhookUrlProblem(request.url, this.production);
    if (problem) throw new FormParamValueInvalidError(problem, { param: 'url' });
    const eventTypes = [...new Set(request.eventTypes)];
    if (eventTypes.includes(WEBHOOK_ALL_EVENTS) && eventTypes.length > 1) {
      throw new FormParamValueInvalidError('event_types must be ["*"] alone or a list of event types', {
        param: 'event_types',
      });
    }
    const id = newId('wh');
    const secret = newWebhookSecret();
    const [row] = await this.dataSource.query<EndpointRow[]>(
      `INSERT INTO accounts.webhook_endpoints (id, url, event_types, description, secret_encrypted)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
      [id, request.url, eventTypes, request.description?.trim() || null, encryptSecret(secret, this.key, id)],
    );
    return { webhook: toWebhookView(row), secret };
  }

  async list(page: { limit: number; offset: number }): Promise<{ data: WebhookView[]; totalCount: number }> {
    const [rows, [{ count }]] = await Promise.all([
      this.dataSource.query<EndpointRow[]>(
        `SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints ORDER BY created_at DESC, id DESC
          LIMIT $1 OFFSET $2`,
        [page.limit, page.offset],
      ),
      this.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM accounts.webhook_endpoints'),
    ]);
    return { data: rows.map(toWebhookView), totalCount: count };
  }

  async get(webhookId: string): Promise<WebhookView> {
    const [row] = await this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM accounts.webhook_endpoints WHERE id = $1`,
      [webhookId],
    );
    if (!row) throw webhookNotFound();
    return toWebhookView(row);
  }

  /** Deletes the endpoint; its deliveries go with it (pending ones are never attempted). */
  async delete(webhookId: string): Promise<{ id: string; deleted: true }> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM accounts.webhook_endpoints WHERE id = $1',
      [webhookId],
    );
    if (!affected) throw webhookNotFound();
    return { id: webhookId, deleted: true };
  }

  /** The endpoint's signing secret in clear, for the delivery worker only. */
  revealSecret(endpointId: string, sealed: string): string {
    return decryptSecret(sealed, this.key, endpointId);
  }
}

export const webhookNotFound = () => new ResourceNotFoundError('Webhook not found');

const toWebhookView = (row: EndpointRow): WebhookView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  createdAt: row.created_at.getTime(),
  updatedAt: row.updated_at.getTime(),
});
