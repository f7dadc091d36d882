import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STYLESHEET, STYLESHEET_PATH } from './page-layout';

/** The pages' stylesheet. Its URL carries a content hash (see page-layout.ts), so it may be cached for a year. */
@Controller()
export class AssetsController {
  @Get(STYLESHEET_PATH)
  stylesheet(@Res() reply: FastifyReply): void {
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(STYLESHEET);
  }
}
