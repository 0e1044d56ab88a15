export { apiConfigSchema, loadApiConfig, type ApiConfig } from './config/api-config.js';
export { createApp } from './create-app.js';
