export { organizationRoutes } from './routes.ts';
export { findOrganizationByCode, registerOrganization } from './use-cases/register-organization.ts';
