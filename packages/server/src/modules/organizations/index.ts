export { organizationRoutes } from './routes.ts';
export { findOrganizationByCode, findOrganizationById, registerOrganization } from './use-cases/register-organization.ts';
