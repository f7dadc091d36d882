import { pingContract } from '../health/ping.contract';
import { listAuditLogContract } from './audit-log.contract';
import { checkMembershipContract } from './membership-check.contract';
import {
  createMembershipContract,
  createOrganizationContract,
  deleteMembershipContract,
  deleteOrganizationContract,
  getOrganizationContract,
  listOrganizationMembershipsContract,
  listOrganizationsContract,
  listUserMembershipsContract,
  updateMembershipContract,
  updateOrganizationContract,
} from './organization-admin.contract';
import {
  createUserContract,
  deleteUserContract,
  getUserContract,
  listUsersContract,
  updateUserContract,
  verifyUserPasswordContract,
} from './user-admin.contract';
import {
  getUserProfileContract,
  listUserOrganizationsContract,
  verifyCredentialsContract,
} from './user-profile.contract';
import {
  createWebhookContract,
  deleteWebhookContract,
  getWebhookContract,
  listWebhookDeliveriesContract,
  listWebhooksContract,
} from './webhook.contract';

export * from './audit-log.contract';
export * from './membership-check.contract';
export * from './metadata';
export * from './organization-admin.contract';
export * from './user-admin.contract';
export * from './user-profile.contract';
export * from './webhook.contract';

export const ACCOUNTS_PING = 'accounts.health.ping.v1';

// For other services.
export const ACCOUNTS_USER_PROFILE_GET = 'accounts.user_profile.get.v1';
export const ACCOUNTS_CREDENTIALS_VERIFY = 'accounts.credentials.verify.v1';
export const ACCOUNTS_USER_ORGANIZATIONS_LIST = 'accounts.user_organizations.list.v1';
export const ACCOUNTS_MEMBERSHIP_CHECK = 'accounts.membership.check.v1';

// For the admin API (/v1/users, /v1/organizations).
export const ACCOUNTS_USER_CREATE = 'accounts.user.create.v1';
export const ACCOUNTS_USER_LIST = 'accounts.user.list.v1';
export const ACCOUNTS_USER_GET = 'accounts.user.get.v1';
export const ACCOUNTS_USER_UPDATE = 'accounts.user.update.v1';
export const ACCOUNTS_USER_DELETE = 'accounts.user.delete.v1';
export const ACCOUNTS_USER_PASSWORD_VERIFY = 'accounts.user_password.verify.v1';
export const ACCOUNTS_USER_MEMBERSHIPS_LIST = 'accounts.user_memberships.list.v1';
export const ACCOUNTS_ORGANIZATION_CREATE = 'accounts.organization.create.v1';
export const ACCOUNTS_ORGANIZATION_LIST = 'accounts.organization.list.v1';
export const ACCOUNTS_ORGANIZATION_GET = 'accounts.organization.get.v1';
export const ACCOUNTS_ORGANIZATION_UPDATE = 'accounts.organization.update.v1';
export const ACCOUNTS_ORGANIZATION_DELETE = 'accounts.organization.delete.v1';
export const ACCOUNTS_MEMBERSHIP_CREATE = 'accounts.membership.create.v1';
export const ACCOUNTS_MEMBERSHIP_UPDATE = 'accounts.membership.update.v1';
export const ACCOUNTS_MEMBERSHIP_DELETE = 'accounts.membership.delete.v1';
export const ACCOUNTS_MEMBERSHIP_LIST = 'accounts.membership.list.v1';

// For the admin API's audit log and webhooks (/v1/audit_log, /v1/webhooks).
export const ACCOUNTS_AUDIT_LOG_LIST = 'accounts.audit_log.list.v1';
export const ACCOUNTS_WEBHOOK_CREATE = 'accounts.webhook.create.v1';
export const ACCOUNTS_WEBHOOK_LIST = 'accounts.webhook.list.v1';
export const ACCOUNTS_WEBHOOK_GET = 'accounts.webhook.get.v1';
export const ACCOUNTS_WEBHOOK_DELETE = 'accounts.webhook.delete.v1';
export const ACCOUNTS_WEBHOOK_DELIVERY_LIST = 'accounts.webhook_delivery.list.v1';

export const accountsContracts = {
  [ACCOUNTS_PING]: pingContract,
  [ACCOUNTS_USER_PROFILE_GET]: getUserProfileContract,
  [ACCOUNTS_CREDENTIALS_VERIFY]: verifyCredentialsContract,
  [ACCOUNTS_USER_ORGANIZATIONS_LIST]: listUserOrganizationsContract,
  [ACCOUNTS_MEMBERSHIP_CHECK]: checkMembershipContract,
  [ACCOUNTS_USER_CREATE]: createUserContract,
  [ACCOUNTS_USER_LIST]: listUsersContract,
  [ACCOUNTS_USER_GET]: getUserContract,
  [ACCOUNTS_USER_UPDATE]: updateUserContract,
  [ACCOUNTS_USER_DELETE]: deleteUserContract,
  [ACCOUNTS_USER_PASSWORD_VERIFY]: verifyUserPasswordContract,
  [ACCOUNTS_USER_MEMBERSHIPS_LIST]: listUserMembershipsContract,
  [ACCOUNTS_ORGANIZATION_CREATE]: createOrganizationContract,
  [ACCOUNTS_ORGANIZATION_LIST]: listOrganizationsContract,
  [ACCOUNTS_ORGANIZATION_GET]: getOrganizationContract,
  [ACCOUNTS_ORGANIZATION_UPDATE]: updateOrganizationContract,
  [ACCOUNTS_ORGANIZATION_DELETE]: deleteOrganizationContract,
  [ACCOUNTS_MEMBERSHIP_CREATE]: createMembershipContract,
  [ACCOUNTS_MEMBERSHIP_UPDATE]: updateMembershipContract,
  [ACCOUNTS_MEMBERSHIP_DELETE]: deleteMembershipContract,
  [ACCOUNTS_MEMBERSHIP_LIST]: listOrganizationMembershipsContract,
  [ACCOUNTS_AUDIT_LOG_LIST]: listAuditLogContract,
  [ACCOUNTS_WEBHOOK_CREATE]: createWebhookContract,
  [ACCOUNTS_WEBHOOK_LIST]: listWebhooksContract,
  [ACCOUNTS_WEBHOOK_GET]: getWebhookContract,
  [ACCOUNTS_WEBHOOK_DELETE]: deleteWebhookContract,
  [ACCOUNTS_WEBHOOK_DELIVERY_LIST]: listWebhookDeliveriesContract,
} as const;
