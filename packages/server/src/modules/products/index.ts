export { productRoutes } from './routes.ts';
export { invalidateProductApi, productApiOf } from './api/product-api.ts';
