import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ACCOUNTS_WEBHOOK_CREATE,
  ACCOUNTS_WEBHOOK_DELETE,
  ACCOUNTS_WEBHOOK_DELIVERY_LIST,
  ACCOUNTS_WEBHOOK_GET,
  ACCOUNTS_WEBHOOK_LIST,
  createWebhookRequest,
  listWebhookDeliveriesRequest,
  listWebhooksRequest,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { AdminApi } from '../admin-api.decorator';
import { bodyParams, pathId, queryParams, readAdminInput } from '../users/admin-input';
import { listOf } from '../users/user-object';
import { toWebhookDeliveryObject, toWebhookObject } from './webhook.presenter';

/**
 * `/v1/webhooks`: endpoints that receive domain events, signed in the manner of Standard Webhooks (see
 * docs/events.md), and the record of their deliveries. Served by the accounts service.
 */
@Controller('v1/webhooks')
@AdminApi()
export class WebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  /** Answers the endpoint with its signing `secret`, which no other answer shows again. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const request = readAdminInput(bodyParams(body), createWebhookRequest);
    const { webhook, secret } = await this.rpc.send(ACCOUNTS_WEBHOOK_CREATE, request);
    return { ...toWebhookObject(webhook), secret };
  }

  @Get()
  async list(@Query() query: unknown) {
    const request = readAdminInput(queryParams(query), listWebhooksRequest);
    return listOf(await this.rpc.send(ACCOUNTS_WEBHOOK_LIST, request), toWebhookObject);
  }

  @Get(':webhookId')
  async get(@Param('webhookId') webhookId: string) {
    return toWebhookObject(await this.rpc.send(ACCOUNTS_WEBHOOK_GET, { webhookId: pathId(webhookId) }));
  }

  @Delete(':webhookId')
  async delete(@Param('webhookId') webhookId: string) {
    const { id } = await this.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: pathId(webhookId) });
    return { object: 'webhook' as const, id, deleted: true as const };
  }

  /** Newest first; `status` (pending, succeeded or failed) narrows the list. */
  @Get(':webhookId/deliveries')
  async deliveries(@Param('webhookId') webhookId: string, @Query() query: unknown) {
    const page = readAdminInput(queryParams(query), listWebhookDeliveriesRequest.omit({ webhookId: true }));
    return listOf(
      await this.rpc.send(ACCOUNTS_WEBHOOK_DELIVERY_LIST, { ...page, webhookId: pathId(webhookId) }),
      toWebhookDeliveryObject,
    );
  }
}
