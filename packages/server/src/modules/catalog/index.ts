export { catalogPublicRoutes, catalogRoutes } from './routes.ts';
