import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API runs on :3000; proxying keeps the app same-origin, so the httpOnly refresh cookie just works.
const apiProxy = { '/api': { target: 'http://localhost:3000' } };

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist' },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
});
