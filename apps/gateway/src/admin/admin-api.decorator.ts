import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminChangeLogInterceptor } from './audit-log/admin-change-log.interceptor';

/** Marks a controller as part of the admin API (/v1): the admin key is required and each change is logged. */
export const AdminApi = () => applyDecorators(UseGuards(AdminAuthGuard), UseInterceptors(AdminChangeLogInterceptor));
