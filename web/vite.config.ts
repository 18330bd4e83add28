import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API to a running `sekisho serve` (SEKISHO_API, default :8080).
const api = process.env.SEKISHO_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: Object.fromEntries(['/v1', '/admin/v1', '/openapi.json', '/docs'].map((p) => [p, api])),
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
