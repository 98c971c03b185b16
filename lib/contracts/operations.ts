import type { ApiOperation } from "./api-operation";
import { createApiKeyOperation, listApiKeysOperation, revokeApiKeyOperation } from "./api-keys";
import { listAuditOperation, opsListAuditOperation } from "./audit";
import {
  changePasswordOperation,
  confirmTwoFactorOperation,
  disableTwoFactorOperation,
  enrolTwoFactorOperation,
  getSessionOperation,
  listSessionsOperation,
  revokeSessionOperation,
  signInOperation,
  signOutOperation,
  signupOperation,
} from "./auth";
import {
  createRepositoryOperation,
  deleteRepositoryTagOperation,
  listRepositoriesOperation,
  listRepositoryTagsOperation,
  registryEventsOperation,
  registryTokenOperation,
  rotateRegistryCredentialsOperation,
  updateRepositoryOperation,
} from "./images";
import { healthzOperation, openApiOperation, readyzOperation } from "./health";
import {
  acceptInvitationOperation,
  createInvitationOperation,
  getInvitationOperation,
  inviteMemberOperation,
  listInvitationsOperation,
  listMembersOperation,
  removeMemberOperation,
  revokeInvitationOperation,
  updateMemberOperation,
} from "./members";
import { metricsOperation } from "./metrics";
import {
  createTenantOperation,
  getTenantOperation,
  listTenantsOperation,
  opsDeleteTenantOperation,
  opsListTenantsOperation,
  opsResumeTenantOperation,
  opsSuspendTenantOperation,
  provisionTenantOperation,
} from "./tenants";

/** Every operation of the public API, in the order the OpenAPI document lists them. Each domain adds its own. */
export const apiOperations: ApiOperation[] = [
  healthzOperation,
  readyzOperation,
  openApiOperation,
  metricsOperation,
  // Accounts and sessions (issue 4)
  signupOperation,
  signInOperation,
  getSessionOperation,
  signOutOperation,
  listSessionsOperation,
  revokeSessionOperation,
  changePasswordOperation,
  enrolTwoFactorOperation,
  confirmTwoFactorOperation,
  disableTwoFactorOperation,
  // Tenants, members, invitations, API keys, audit (issue 4)
  listTenantsOperation,
  createTenantOperation,
  getTenantOperation,
  provisionTenantOperation,
  listMembersOperation,
  inviteMemberOperation,
  updateMemberOperation,
  removeMemberOperation,
  listInvitationsOperation,
  createInvitationOperation,
  revokeInvitationOperation,
  getInvitationOperation,
  acceptInvitationOperation,
  listApiKeysOperation,
  createApiKeyOperation,
  revokeApiKeyOperation,
  listAuditOperation,
  // Platform operations (issue 4)
  opsListTenantsOperation,
  opsSuspendTenantOperation,
  opsResumeTenantOperation,
  opsDeleteTenantOperation,
  opsListAuditOperation,
  // Image hub (issue 5)
  registryTokenOperation,
  registryEventsOperation,
  listRepositoriesOperation,
  createRepositoryOperation,
  updateRepositoryOperation,
  listRepositoryTagsOperation,
  deleteRepositoryTagOperation,
  rotateRegistryCredentialsOperation,
];
