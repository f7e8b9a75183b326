export { organizationRoutes } from './routes.ts';
export { findAuthority, findOrganizationByCode, findOrganizationById, registerOrganization, setOrganizationStatus } from './use-cases/register-organization.ts';
